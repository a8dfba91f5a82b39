package dev.varflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.varflow.it.IntegrationTest;

/**
 * The packaged {@code varflow} command as a new user runs it: a separate JVM, no configuration, so {@code run}
 * starts its own Kafka broker and PostgreSQL.
 */
@IntegrationTest
class CliIT {

    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");

    @TempDir
    Path tmp;

    @Test
    void shouldRunTheDiskMonitorInOneProcessAndExitZero() throws Exception {
        // when
        Result result = varflow("run", "workflows/disk-monitor.yaml", "--workdir", tmp.toString());

        // then
        assertThat(result.code).as(result.output).isZero();
        assertThat(result.output)
                .contains("in-process Kafka broker (KRaft)")
                .contains("in-process PostgreSQL")
                .containsPattern("DF +succeeded in \\d+ ms: MAIN_VOLUME=\\S+ FREE_SPACE=\\S+")
                .containsPattern("run [0-9a-f-]{36} SUCCEEDED")
                .contains("first task started");
    }

    @Test
    void shouldRunTasksInTheDirectoryTheCommandWasStartedFromWithInputValuesAsData() throws Exception {
        // given the seed's way of writing a command, run from a directory of the user's, with a hostile value
        Path workflow = tmp.resolve("seed-like.yaml");
        Files.writeString(workflow, """
                workflow:
                  name: "Seed Like"
                  tasks:
                    - name: "CMD"
                      plugin: "cmd"
                      inputs: ["FREE_SPACE"]
                      params:
                        command: "echo 'Free space is $FREE_SPACE' > space_report.txt"
                    - name: "TOUCHED"
                      plugin: "touched"
                      inputs: ["TIMEOUT"]
                      params:
                        file: "semaphore.txt"
                """);
        String hostile = "79G'; touch pwned; echo '$(touch pwned2)";

        // when
        Result result = varflowIn(tmp, "run", "seed-like.yaml", "--var", "FREE_SPACE=" + hostile);

        // then the report is where the user is, with the value written literally, and TOUCHED was said to wait
        assertThat(result.code).as(result.output).isEqualTo(1);
        assertThat(result.output).contains("task 'TOUCHED' can never fire: its input 'TIMEOUT' is never set")
                .containsPattern("run [0-9a-f-]{36} STALLED");
        assertThat(tmp.resolve("space_report.txt")).hasContent("Free space is " + hostile);
        assertThat(tmp.resolve("pwned")).doesNotExist();
        assertThat(tmp.resolve("pwned2")).doesNotExist();
    }

    @Test
    void shouldExitNonZeroWhenTheRunFails() throws Exception {
        // given
        Path workflow = tmp.resolve("fails.yaml");
        Files.writeString(workflow, """
                workflow:
                  name: fails
                  tasks:
                    - name: boom
                      plugin: cmd
                      inputs: [CODE]
                      params:
                        command: 'exit "$CODE"'
                """);

        // when
        Result result = varflow("run", workflow.toString(), "--var", "CODE=7");

        // then
        assertThat(result.code).as(result.output).isEqualTo(1);
        assertThat(result.output).containsPattern("run [0-9a-f-]{36} FAILED").contains("command exited with code 7");
    }

    @Test
    void shouldKeepTheWorkersSecretsOutOfTaskProcesses() throws Exception {
        // given a worker with secrets in its environment, and a cmd task that dumps its own environment
        Path workflow = tmp.resolve("env-dump.yaml");
        Path dump = tmp.resolve("env.txt");
        Files.writeString(workflow, """
                workflow:
                  name: env-dump
                  tasks:
                    - name: dump
                      plugin: cmd
                      inputs: [DUMP]
                      params:
                        command: 'env > "$DUMP"'
                """);
        Map<String, String> planted = Map.of(
                "QUARKUS_DATASOURCE_PASSWORD", "planted-secret-123",
                "AWS_SECRET_ACCESS_KEY", "planted-aws-456",
                "QUARKUS_OIDC_CLIENT_CREDENTIALS_SECRET", "planted-oidc-789");

        // when
        Result result = varflow(planted, "run", workflow.toString(), "--var", "DUMP=" + dump);

        // then
        assertThat(result.code).as(result.output).isZero();
        String environment = Files.readString(dump);
        assertThat(environment).doesNotContain("planted-").doesNotContain("QUARKUS_").doesNotContain("AWS_")
                .containsPattern("(?m)^PATH=").containsPattern("(?m)^HOME=").contains("DUMP=" + dump);
    }

    @Test
    void shouldRefuseEnvReferencesOutsideTheWorkflowPrefix() throws Exception {
        // given
        Path workflow = tmp.resolve("steal.yaml");
        Files.writeString(workflow, """
                workflow:
                  name: steal
                  env:
                    COPY: "{{ENV:QUARKUS_DATASOURCE_PASSWORD}}"
                  tasks:
                    - name: a
                      plugin: noop
                """);

        // when
        Result result = varflow(Map.of("QUARKUS_DATASOURCE_PASSWORD", "planted-secret-123"), "validate",
                workflow.toString());

        // then
        assertThat(result.code).isEqualTo(1);
        assertThat(result.output).contains(workflow + ":4:11: error: env variable 'COPY': "
                + "{{ENV:QUARKUS_DATASOURCE_PASSWORD}} reads a process variable outside the allowed prefixes "
                + "[VARFLOW_WF_]").doesNotContain("planted-secret-123");
    }

    @Test
    void shouldPrintEveryProblemWithFileLineAndColumn() throws Exception {
        // given
        Path workflow = tmp.resolve("broken.yaml");
        Files.writeString(workflow, """
                workflow:
                  name: broken
                  tasks:
                    - name: a
                      plugin: cmnd
                      inputs: [NOT SET]
                    - name: a
                      plugin: noop
                      outptus: [X]
                """);

        // when
        Result result = varflow("validate", workflow.toString());

        // then
        assertThat(result.code).isEqualTo(1);
        assertThat(result.output)
                .contains(workflow + ":5:15: error: task 'a' uses unknown plugin 'cmnd'")
                .contains(workflow + ":7:13: error: duplicate task name 'a'")
                .contains(workflow + ":9:7: error: unknown key 'outptus'")
                .contains("did you mean 'outputs'?")
                .contains("cmd, df, end");
    }

    @Test
    void shouldValidateShippedWorkflowsAndDrawTheirGraph() throws Exception {
        for (Path file : Files.list(Path.of("workflows")).filter(p -> p.toString().endsWith(".yaml")).toList()) {
            Result validation = varflow("validate", file.toString());
            assertThat(validation.code).as(validation.output).isZero();
        }
        Result graph = varflow("graph", "workflows/parallel-pipeline.yaml");
        assertThat(graph.code).isZero();
        assertThat(graph.output).startsWith("flowchart LR").contains("classDef split").contains("classDef join");
    }

    @Test
    void shouldRefuseAMisspelledOptionWithExitCodeTwoBeforeStartingAnything() throws Exception {
        // when
        Result result = varflow("run", "workflows/disk-monitor.yaml", "--timout", "5");

        // then
        assertThat(result.code).as(result.output).isEqualTo(2);
        assertThat(result.output).startsWith("""
                varflow: Unknown options: '--timout', '5'
                Possible solutions: --timeout
                Usage: varflow run [-h] [--timeout=DURATION] [--workdir=DIR] [-v=NAME=VALUE]... FILE
                """).doesNotContain("infrastructure up");
    }

    @Test
    void shouldPrintTheHelpOfTheCommandAndOfEachSubcommand() throws Exception {
        // when
        Result help = varflow("--help");
        Result runHelp = varflow("run", "--help");

        // then
        assertThat(List.of(help.code, runHelp.code)).containsOnly(0);
        assertThat(help.output).startsWith("Usage: varflow [-h] COMMAND\n").contains("  attica-dev  ");
        assertThat(runHelp.output).startsWith(
                "Usage: varflow run [-h] [--timeout=DURATION] [--workdir=DIR] [-v=NAME=VALUE]... FILE\n");
    }

    private Result varflow(String... args) throws IOException, InterruptedException {
        return varflow(Map.of(), args);
    }

    private Result varflow(Map<String, String> extraEnv, String... args) throws IOException, InterruptedException {
        return varflowIn(Path.of(""), extraEnv, args);
    }

    private Result varflowIn(Path directory, String... args) throws IOException, InterruptedException {
        return varflowIn(directory, Map.of(), args);
    }

    private Result varflowIn(Path directory, Map<String, String> extraEnv, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(javaBin(), "-jar", JAR.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .directory(directory.toAbsolutePath().toFile());
        Map<String, String> env = builder.environment();
        env.remove("KAFKA_BOOTSTRAP_SERVERS");
        env.remove("DATABASE_URL");
        env.remove("QUARKUS_DATASOURCE_REACTIVE_URL");
        env.put("VARFLOW_PLUGINS_DIR", Path.of("plugins").toAbsolutePath().toString());
        env.putAll(extraEnv);
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).isTrue();
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private record Result(int code, String output) {
    }
}
