package dev.varflow.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.varflow.spi.TaskResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecutablePluginTest {

    private static final Path WORD_COUNT = Path.of("plugins", "word-count");

    @TempDir
    Path workDir;

    @Test
    void shouldCountWordsWithShippedPlugin() throws Exception {
        // given
        Files.writeString(workDir.resolve("text.txt"), "one two  three\nfour\n");
        ExecutablePlugin plugin = new ExecutablePlugin(ExecutablePluginManifest.load(WORD_COUNT));
        TestTaskContext context = TestTaskContext.in(workDir).withInput("FILE", "text.txt");

        // when
        TaskResult result = plugin.execute(context).toCompletableFuture().get(30, TimeUnit.SECONDS);

        // then
        assertThat(plugin.name()).isEqualTo("word-count");
        assertThat(result.outcome()).isEqualTo(TaskResult.Outcome.SUCCEEDED);
        assertThat(result.exitCode()).isZero();
        assertThat(result.outputs()).containsEntry("WORDS", "4");
    }

    @Test
    void shouldPassParamsAsEnvironment() throws Exception {
        // given
        Files.writeString(workDir.resolve("text.txt"), "a bb ccc dddd\n");
        ExecutablePlugin plugin = new ExecutablePlugin(ExecutablePluginManifest.load(WORD_COUNT));
        TestTaskContext context = TestTaskContext.in(workDir).withInput("FILE", "text.txt")
                .withParam("min_length", "3");

        // when
        TaskResult result = plugin.execute(context).toCompletableFuture().get(30, TimeUnit.SECONDS);

        // then
        assertThat(result.outputs()).containsEntry("WORDS", "2");
    }

    @Test
    void shouldFailWithExitCodeOfPlugin() throws Exception {
        // given
        ExecutablePlugin plugin = new ExecutablePlugin(ExecutablePluginManifest.load(WORD_COUNT));
        TestTaskContext context = TestTaskContext.in(workDir).withInput("FILE", "absent.txt");

        // when
        TaskResult result = plugin.execute(context).toCompletableFuture().get(30, TimeUnit.SECONDS);

        // then
        assertThat(result.outcome()).isEqualTo(TaskResult.Outcome.FAILED);
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.output()).contains("--- stderr ---").contains("absent.txt");
    }

    @Test
    void shouldGiveExecutablePluginsOnlyAllowListedWorkerVariables() throws Exception {
        // given a plugin that prints its environment, loaded by a registry with planted worker secrets
        Path plugins = Files.createDirectories(workDir.resolve("plugins"));
        Path dumper = Files.createDirectories(plugins.resolve("env-dump"));
        Files.writeString(dumper.resolve(ExecutablePluginManifest.FILE_NAME),
                "name: env-dump\ndescription: prints its environment\ncommand: [\"./run.sh\"]\n");
        Path script = Files.writeString(dumper.resolve("run.sh"), "#!/bin/sh\nenv\n");
        script.toFile().setExecutable(true);
        ProcessEnvironment environment = new ProcessEnvironment(List.of("PATH"),
                Map.of("PATH", System.getenv("PATH"), "AWS_SECRET_ACCESS_KEY", "aws-planted-456"));
        var plugin = PluginRegistry.load(plugins, environment).find("env-dump").orElseThrow();

        // when
        TaskResult result = plugin.execute(TestTaskContext.in(workDir).withParam("mode", "x"))
                .toCompletableFuture().get(30, TimeUnit.SECONDS);

        // then
        assertThat(result.outcome()).isEqualTo(TaskResult.Outcome.SUCCEEDED);
        assertThat(result.output()).doesNotContain("aws-planted-456").containsPattern("(?m)^PATH=")
                .contains("PARAM_MODE=x").contains(ExecutablePlugin.PLUGIN_DIR_VARIABLE + "=");
    }

    @Test
    void shouldReadManifest() {
        // when
        ExecutablePluginManifest manifest = ExecutablePluginManifest.load(WORD_COUNT);

        // then
        assertThat(manifest.inputs()).containsExactly("FILE");
        assertThat(manifest.outputs()).containsExactly("WORDS");
        assertThat(manifest.params()).containsExactly("min_length");
        assertThat(manifest.permissions()).isEmpty();
        assertThat(manifest.command()).singleElement().asString().endsWith("/plugins/word-count/run.sh")
                .startsWith("/");
    }

    @Test
    void shouldRejectManifestWithoutCommand() throws Exception {
        // given
        Path dir = Files.createDirectories(workDir.resolve("bad"));
        Files.writeString(dir.resolve("plugin.yaml"), "name: bad\ninputs: [A]\n");

        // when / then
        assertThatThrownBy(() -> ExecutablePluginManifest.load(dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(dir.resolve("plugin.yaml").toString())
                .hasMessageContaining("'command'");
    }

    @Test
    void shouldNameParamVariables() {
        assertThat(ExecutablePlugin.paramVariable("min-length")).isEqualTo("PARAM_MIN_LENGTH");
    }
}
