package dev.varflow.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.varflow.spi.PluginDescriptor;
import dev.varflow.spi.PluginDescriptor.Param;
import dev.varflow.spi.PluginDescriptor.ParamType;
import dev.varflow.spi.TaskResult;
import dev.varflow.workflow.LoadOptions;
import dev.varflow.workflow.LoadResult;
import dev.varflow.workflow.ParamCheck;
import dev.varflow.workflow.WorkflowLoader;

/** What the built-ins and the shipped executable plugin say about themselves, and plugin.yaml's own checks. */
class PluginDescriptorsTest {

    @TempDir
    Path dir;

    static Stream<PluginDescriptor> shipped() {
        return PluginRegistry.load(Path.of("plugins")).descriptors().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shipped")
    void shouldDescribeEveryParamWithAnExampleOfItsType(PluginDescriptor plugin) {
        // then
        assertThat(plugin.summary()).isNotBlank();
        assertThat(plugin.additionalParams()).as("params of %s are declared", plugin.name()).isFalse();
        for (Param param : plugin.params()) {
            assertThat(param.description()).as(param.name()).isNotBlank();
            assertThat(ParamCheck.textProblem(param, param.example())).as(param.name()).isNull();
            if (param.defaultValue() != null) {
                assertThat(ParamCheck.textProblem(param, param.defaultValue())).as(param.name()).isNull();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shipped")
    void shouldAcceptEveryPluginsOwnExampleTask(PluginDescriptor plugin) {
        // given the example as the second task of a workflow, inputs left to the run start
        String yaml = "workflow:\n  name: example\n  tasks:\n    - name: BEGIN\n      plugin: start\n"
                + plugin.example().indent(4);
        LoadOptions options = new LoadOptions(java.util.Set.of(), null, name -> null)
                .withPlugins(PluginRegistry.load(Path.of("plugins")).descriptors());

        // when
        LoadResult result = WorkflowLoader.load(plugin.name() + ".yaml", yaml, options);

        // then
        assertThat(plugin.example()).contains("plugin: " + plugin.name());
        assertThat(result.errors()).isEmpty();
    }

    @Test
    void shouldDeclareTheParamsTheBuiltinsRead() {
        // given
        PluginRegistry registry = PluginRegistry.load(null);

        // then
        assertThat(registry.descriptor("cmd").orElseThrow().params()).extracting(Param::name, Param::type,
                Param::required).containsExactly(org.assertj.core.groups.Tuple.tuple("command", ParamType.STRING, true),
                        org.assertj.core.groups.Tuple.tuple("timeout", ParamType.DURATION, false));
        assertThat(registry.descriptor("touched").orElseThrow().param("file").orElseThrow().required()).isTrue();
        assertThat(registry.descriptor("touched").orElseThrow().param("timeout").orElseThrow().defaultValue())
                .isEqualTo(TouchedPlugin.DEFAULT_TIMEOUT_SECONDS);
        assertThat(registry.descriptor("df").orElseThrow().param("path").orElseThrow().defaultValue()).isEqualTo("/");
        assertThat(registry.descriptor("noop").orElseThrow().param("delay_ms").orElseThrow().max())
                .isEqualTo(NoopPlugin.MAX_DELAY_MS);
        assertThat(registry.descriptor("start").orElseThrow().params()).isEmpty();
        assertThat(registry.descriptor("end").orElseThrow().params()).isEmpty();
    }

    @Test
    void shouldReadTypedParamsFromPluginYaml() {
        // when
        PluginDescriptor wordCount = ExecutablePluginManifest.load(Path.of("plugins", "word-count")).descriptor();

        // then
        Param minLength = wordCount.param("min_length").orElseThrow();
        assertThat(minLength.type()).isEqualTo(ParamType.INTEGER);
        assertThat(minLength.defaultValue()).isEqualTo("1");
        assertThat(minLength.min()).isEqualTo(1L);
        assertThat(minLength.max()).isEqualTo(1000L);
        assertThat(wordCount.inputs()).extracting(PluginDescriptor.Port::name).containsExactly("FILE");
        assertThat(wordCount.outputs()).singleElement().satisfies(out -> {
            assertThat(out.name()).isEqualTo("WORDS");
            assertThat(out.description()).isEqualTo("the number of words");
        });
    }

    @Test
    void shouldReportEveryManifestProblemAtItsLineAndColumn() throws Exception {
        // given
        executable("broken", """
                name: broken
                command: ["./run.sh"]
                params:
                  ratio:
                    type: float
                  count:
                    type: integer
                    required: true
                    default: 3
                  wait:
                    type: duration
                    default: soon
                inputs: [my-file]
                colour: red
                """);
        Path file = dir.resolve("broken").resolve("plugin.yaml");

        // when / then
        assertThatThrownBy(() -> ExecutablePluginManifest.load(dir.resolve("broken")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file + ":5:11: error: param 'ratio': unknown type 'float'")
                .hasMessageContaining(file + ":9:14: error: param 'count' is required, so it cannot have a default")
                .hasMessageContaining(file + ":12:14: error: param 'wait': the default must be a duration")
                .hasMessageContaining(file + ":13:9: error: inputs: invalid variable name 'my-file'")
                .hasMessageContaining(file + ":14:1: error: unknown key 'colour' in plugin.yaml");
    }

    @Test
    void shouldGiveTheProgramDeclaredDefaultsOfParamsTheTaskLeftOut() throws Exception {
        // given
        executable("show", """
                name: show
                command: ["./run.sh"]
                params:
                  greeting: {type: string, default: hi, description: what to say}
                """);
        ExecutablePlugin plugin = new ExecutablePlugin(ExecutablePluginManifest.load(dir.resolve("show")));

        // when
        TaskResult result = plugin.execute(TestTaskContext.in(dir)).toCompletableFuture().get(30, TimeUnit.SECONDS);

        // then
        assertThat(result.outcome()).isEqualTo(TaskResult.Outcome.SUCCEEDED);
        assertThat(result.outputs()).containsEntry("SAID", "hi");
    }

    @Test
    void shouldAcceptAnyParamOfAPluginYamlWithoutParams() throws Exception {
        // given a manifest from before descriptors
        executable("old", "name: old\ncommand: [\"./run.sh\"]\n");

        // when
        PluginDescriptor descriptor = ExecutablePluginManifest.load(dir.resolve("old")).descriptor();

        // then
        assertThat(descriptor.additionalParams()).isTrue();
        assertThat(descriptor.params()).isEmpty();
    }

    private void executable(String name, String manifest) throws Exception {
        Path plugin = Files.createDirectories(dir.resolve(name));
        Files.writeString(plugin.resolve(ExecutablePluginManifest.FILE_NAME), manifest);
        Path script = Files.writeString(plugin.resolve("run.sh"), "#!/bin/sh\necho \"SAID=$PARAM_GREETING\"\n");
        assertThat(script.toFile().setExecutable(true)).isTrue();
    }
}
