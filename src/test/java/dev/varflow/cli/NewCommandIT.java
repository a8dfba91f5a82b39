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
 * {@code varflow new} as a new user runs it, with the packaged command: scaffold a plugin into a plugins folder,
 * then run a workflow that uses it (its own broker and database, as {@code varflow run} starts them).
 */
@IntegrationTest
class NewCommandIT {

    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");

    @TempDir
    Path tmp;

    @Test
    void shouldScaffoldShellAndPythonPluginsThatRunInAWorkflow() throws Exception {
        // given
        Path plugins = Files.createDirectories(tmp.resolve("plugins"));
        Result sh = varflow(plugins, tmp, "new", "plugin", "hello-sh", "--lang", "sh", "--dir", plugins.toString());
        Result python = varflow(plugins, tmp, "new", "plugin", "hello-py", "--lang", "python", "--dir",
                plugins.toString());
        Path workflow = tmp.resolve("greet.yaml");
        Files.writeString(workflow, """
                workflow:
                  name: greet
                  env:
                    WHO: "Ada"
                  tasks:
                    - name: SH
                      plugin: hello-sh
                      inputs: [WHO]
                      outputs: [MESSAGE]
                      params:
                        greeting: Bonjour
                    - name: PY
                      plugin: hello-py
                      inputs: [WHO, MESSAGE]
                      outputs: [MESSAGE]
                """);

        // when
        Result run = varflow(plugins, tmp, "run", workflow.toString());

        // then
        assertThat(List.of(sh.code, python.code)).as(sh.output + python.output).containsOnly(0);
        assertThat(sh.output).contains("wrote " + plugins.resolve("hello-sh/plugin.yaml"));
        assertThat(run.code).as(run.output).isZero();
        assertThat(run.output).contains("MESSAGE=Bonjour, Ada!").contains("MESSAGE=Hello, Ada!")
                .containsPattern("run [0-9a-f-]{36} SUCCEEDED");
    }

    @Test
    void shouldScaffoldARunnableWorkflowAndRefuseToOverwriteIt() throws Exception {
        // given
        Result created = varflow(tmp, tmp, "new", "workflow", "first-flow");

        // when
        Result run = varflow(tmp, tmp, "run", "first-flow.yaml");
        Result again = varflow(tmp, tmp, "new", "workflow", "first-flow");
        Result badName = varflow(tmp, tmp, "new", "plugin", "../evil", "--lang", "sh");

        // then
        assertThat(created.code).as(created.output).isZero();
        assertThat(run.code).as(run.output).isZero();
        assertThat(run.output).contains("MESSAGE=Hello, world!");
        assertThat(again.code).isEqualTo(1);
        assertThat(again.output).contains("first-flow.yaml already exists; nothing was written");
        assertThat(badName.code).isEqualTo(1);
        assertThat(badName.output).contains("Expected a plugin name, but the plugin name '../evil' contains the "
                + "path separator '/'");
    }

    @Test
    void shouldScaffoldAJavaPluginWhoseProjectBuildsAndRunsInAWorkflow() throws Exception {
        // given
        Path plugins = Files.createDirectories(tmp.resolve("plugins"));
        Result created = varflow(plugins, tmp, "new", "plugin", "hello-java", "--lang", "java");
        Path project = tmp.resolve("hello-java");

        // when: built offline with this checkout's Maven wrapper, its tests (the test kit) included
        Process build = new ProcessBuilder(Path.of("mvnw").toAbsolutePath().toString(), "-o", "-q", "-B",
                "package").directory(project.toFile()).redirectErrorStream(true).start();
        String buildOutput = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(build.waitFor(5, TimeUnit.MINUTES)).isTrue();
        Files.copy(project.resolve("target/hello-java-plugin-0.1.0.jar"), plugins.resolve("hello-java.jar"));
        Path workflow = tmp.resolve("java.yaml");
        Files.writeString(workflow, """
                workflow:
                  name: java-greet
                  env:
                    WHO: "Grace"
                  tasks:
                    - name: GREET
                      plugin: hello-java
                      inputs: [WHO]
                      outputs: [MESSAGE]
                """);
        Result run = varflow(plugins, tmp, "run", workflow.toString());

        // then
        assertThat(created.code).as(created.output).isZero();
        assertThat(build.exitValue()).as(buildOutput).isZero();
        assertThat(project.resolve("target/surefire-reports/TEST-com.example.varflow.HelloJavaPluginTest.xml"))
                .content().contains("tests=\"3\"").contains("failures=\"0\"");
        assertThat(run.code).as(run.output).isZero();
        assertThat(run.output).contains("MESSAGE=Hello, Grace!");
    }

    private Result varflow(Path pluginsDir, Path workingDir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", JAR.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).directory(workingDir.toFile());
        Map<String, String> env = builder.environment();
        env.remove("KAFKA_BOOTSTRAP_SERVERS");
        env.remove("DATABASE_URL");
        env.remove("QUARKUS_DATASOURCE_REACTIVE_URL");
        env.put("VARFLOW_PLUGINS_DIR", pluginsDir.toString());
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).isTrue();
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    private record Result(int code, String output) {
    }
}
