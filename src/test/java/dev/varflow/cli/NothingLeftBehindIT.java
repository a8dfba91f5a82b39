package dev.varflow.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.varflow.it.IntegrationTest;

/**
 * {@code varflow run} (the packaged launcher, its own JVM and temp dir) removes its in-process database and broker
 * data and stops the database server, whether the run succeeds, fails or is interrupted with Ctrl-C (SIGINT).
 */
@IntegrationTest
class NothingLeftBehindIT {

    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");

    @TempDir
    Path dir;

    @Test
    void shouldLeaveNothingBehindAfterASucceedingRun() throws Exception {
        // given
        Path workflow = workflow("succeeds", "cmd", "command: 'echo GREETING=hi'", "outputs: [GREETING]");

        // when
        Process process = varflow(workflow);
        String output = outputOf(process);

        // then
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("removed at exit").containsPattern("run [0-9a-f-]{36} SUCCEEDED");
        assertNothingLeftBehind();
    }

    @Test
    void shouldLeaveNothingBehindAfterAFailingRun() throws Exception {
        // given
        Path workflow = workflow("fails", "cmd", "command: 'exit 3'", "outputs: []");

        // when
        Process process = varflow(workflow);
        String output = outputOf(process);

        // then
        assertThat(process.exitValue()).as(output).isEqualTo(1);
        assertThat(output).containsPattern("run [0-9a-f-]{36} FAILED");
        assertNothingLeftBehind();
    }

    @Test
    void shouldLeaveNothingBehindWhenInterruptedWithCtrlC() throws Exception {
        // given a run waiting for a file nobody writes
        Path workflow = workflow("waits", "touched", "file: never.flag", "inputs: [TIMEOUT]");
        Process process = varflow(workflow);
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> copy(process.getInputStream(), output));
        reader.start();
        await().atMost(Duration.ofMinutes(2)).until(() -> text(output).contains("started on") || !process.isAlive());
        assertThat(process.isAlive()).as(text(output)).isTrue();
        assertThat(temporaryEntries()).as("scratch directory while running").isNotEmpty();

        // when
        new ProcessBuilder("kill", "-INT", String.valueOf(process.pid())).inheritIO().start().waitFor();

        // then it exits soon, as killed by SIGINT, and takes its data with it
        assertThat(process.waitFor(1, TimeUnit.MINUTES)).as(text(output)).isTrue();
        reader.join();
        assertThat(process.exitValue()).as(text(output)).isEqualTo(130);
        assertNothingLeftBehind();
    }

    private Path workflow(String name, String plugin, String param, String ports) throws IOException {
        return Files.writeString(dir.resolve(name + ".yaml"), """
                workflow:
                  name: %s
                  env:
                    TIMEOUT: 600
                  tasks:
                    - name: WAIT
                      plugin: %s
                      %s
                      params:
                        %s
                """.formatted(name, plugin, ports, param));
    }

    /** The launcher as a user runs it, with a temp dir of its own so that other processes' files do not count. */
    private Process varflow(Path workflow) throws IOException {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        // The PostgreSQL binaries are unpacked once per machine: keep them where every other run finds them.
        String binaries = Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg").toString();
        ProcessBuilder builder = new ProcessBuilder(javaBin(), "-Djava.io.tmpdir=" + tmp,
                "-Dot.epg.working-dir=" + binaries, "-jar", JAR.toString(), "run", workflow.toString())
                .redirectErrorStream(true);
        builder.environment().remove("KAFKA_BOOTSTRAP_SERVERS");
        builder.environment().remove("DATABASE_URL");
        builder.environment().remove("QUARKUS_DATASOURCE_REACTIVE_URL");
        builder.environment().put("VARFLOW_PLUGINS_DIR", "plugins");
        return builder.start();
    }

    private static String outputOf(Process process) throws Exception {
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).isTrue();
        return new String(output, StandardCharsets.UTF_8);
    }

    private void assertNothingLeftBehind() throws IOException {
        assertThat(temporaryEntries()).as("varflow-run*, varflow-pg*, varflow-kafka* in the run's temp dir").isEmpty();
        String tmp = dir.resolve("tmp").toString();
        List<String> servers = ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                .map(p -> p.info().arguments().map(Arrays::asList).orElse(List.of()))
                .filter(arguments -> arguments.stream().anyMatch(argument -> argument.startsWith(tmp)))
                .map(Object::toString).toList();
        assertThat(servers).as("processes still using the run's temp dir").isEmpty();
    }

    private List<String> temporaryEntries() throws IOException {
        List<String> names = new ArrayList<>();
        try (Stream<Path> entries = Files.list(dir.resolve("tmp"))) {
            entries.map(p -> p.getFileName().toString())
                    .filter(name -> name.startsWith("varflow-run") || name.startsWith("varflow-pg")
                            || name.startsWith("varflow-kafka"))
                    .forEach(names::add);
        }
        return names;
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        try (in) {
            in.transferTo(new java.io.OutputStream() {
                @Override
                public void write(int b) {
                    synchronized (out) {
                        out.write(b);
                    }
                }

                @Override
                public void write(byte[] bytes, int offset, int length) {
                    synchronized (out) {
                        out.write(bytes, offset, length);
                    }
                }
            });
        } catch (IOException e) {
            // The process ended: what was read is all there is.
        }
    }

    private static String text(ByteArrayOutputStream out) {
        synchronized (out) {
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
