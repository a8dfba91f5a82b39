package dev.varflow.editor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.varflow.spi.PluginDescriptor;
import dev.varflow.spi.PluginDescriptor.Param;
import dev.varflow.spi.PluginDescriptor.ParamType;
import dev.varflow.spi.PluginDescriptor.Port;
import dev.varflow.workflow.LoadOptions;
import dev.varflow.workflow.WorkflowLoader;

class YamlEditorTest {

    private static final Map<String, PluginDescriptor> PLUGINS = Map.of(
            "start", new PluginDescriptor("start", "starts", List.of(), false, List.of(),
                    List.of(Port.of("TRUE", "set at start")), ""),
            "cmd", new PluginDescriptor("cmd", "runs a command",
                    List.of(Param.required("command", ParamType.STRING, "the command", "echo hello")), false,
                    List.of(Port.of("*", "")), List.of(Port.of("*", "")), ""));

    private final YamlEditor editor = new YamlEditor(PLUGINS);

    private static String example(String name) throws IOException {
        return Files.readString(Path.of("workflows", name));
    }

    private static List<String> changedLines(String before, String after) {
        List<String> a = before.lines().toList();
        List<String> b = after.lines().toList();
        List<String> changed = new ArrayList<>();
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            String left = i < a.size() ? a.get(i) : null;
            String right = i < b.size() ? b.get(i) : null;
            if (!java.util.Objects.equals(left, right)) {
                changed.add(left + " -> " + right);
            }
        }
        return changed;
    }

    @Test
    void shouldChangeExactlyOneLineWhenAParamIsEdited() throws IOException {
        // given
        String yaml = example("parallel-pipeline.yaml");

        // when
        String edited = editor.apply(yaml, EditIntent.set("CHECKSUM", List.of("params", "timeout"), "45"));

        // then
        assertThat(changedLines(yaml, edited)).containsExactly("        timeout: 30 ->         timeout: 45");
    }

    @Test
    void shouldKeepCommentsAndQuotingWhenACommandIsReplaced() throws IOException {
        // given
        String yaml = example("parallel-pipeline.yaml");

        // when
        String edited = editor.apply(yaml, EditIntent.set("COUNT_WORDS", List.of("params", "command"),
                "echo \"WORDS=1\""));

        // then
        assertThat(changedLines(yaml, edited)).containsExactly(
                "        command: 'echo \"WORDS=$(wc -w < \"$DATA_FILE\" | tr -d \" \")\"' -> "
                        + "        command: 'echo \"WORDS=1\"'");
        assertThat(edited).startsWith("# Split/join of local shell commands.");
    }

    @Test
    void shouldReplaceABlockScalarWithABlockScalarAndKeepTheLinesAround() throws IOException {
        // given
        String yaml = example("parallel-pipeline.yaml");

        // when
        String edited = editor.apply(yaml, EditIntent.set("EXTRACT", List.of("params", "command"),
                "echo one\necho DATA_FILE=x\n"));

        // then
        assertThat(edited).contains("      params:\n        command: |\n          echo one\n          echo DATA_FILE=x\n"
                + "\n    - name: \"COUNT_LINES\"");
        assertThat(WorkflowLoader.load("p.yaml", edited, LoadOptions.lenient()).problems()).isEmpty();
    }

    static Stream<Path> examples() throws IOException {
        return Files.list(Path.of("workflows")).filter(p -> p.toString().endsWith(".yaml")).sorted();
    }

    @ParameterizedTest
    @MethodSource("examples")
    void shouldLeaveEveryExampleByteIdenticalThroughNoOpEdits(Path file) throws IOException {
        // given
        String yaml = Files.readString(file);
        YamlText parsed = YamlText.parse(yaml).orElseThrow();
        String edited = yaml;

        // when
        for (var task : parsed.tasks()) {
            String name = YamlText.scalar(task, "name").orElseThrow();
            edited = editor.apply(edited, EditIntent.set(name, List.of("plugin"),
                    YamlText.scalar(task, "plugin").orElseThrow()));
            if (YamlText.value(task, "inputs").isPresent()) {
                edited = editor.apply(edited, EditIntent.set(name, List.of("inputs"), YamlText.strings(task, "inputs")));
            }
            edited = editor.apply(edited, EditIntent.rename(name, name + "_X"));
            edited = editor.apply(edited, EditIntent.rename(name + "_X", name));
        }

        // then
        assertThat(edited).isEqualTo(yaml);
    }

    @Test
    void shouldAddANewKeyBelowTheTasksLastLine() throws IOException {
        // given
        String yaml = example("parallel-pipeline.yaml");

        // when
        String edited = editor.apply(yaml, EditIntent.set("REPORT", List.of("execution", "timeout"), "5m"));

        // then
        assertThat(edited).contains("        command: 'echo \"SUMMARY=$LINES lines, $WORDS words, sha256 $CHECKSUM\"'\n"
                + "      execution:\n        timeout: 5m\n\n    - name: \"END\"");
    }

    @Test
    void shouldRemoveAKeyAndItsEmptyParent() {
        // given
        String yaml = """
                workflow:
                  name: "w"
                  tasks:
                    - name: "A"
                      plugin: "noop"
                      execution:
                        timeout: 30s
                      # kept
                """;

        // when
        String edited = editor.apply(yaml, EditIntent.set("A", List.of("execution", "timeout"), null));

        // then
        assertThat(edited).isEqualTo("""
                workflow:
                  name: "w"
                  tasks:
                    - name: "A"
                      plugin: "noop"
                      # kept
                """);
    }

    @Test
    void shouldAppendADroppedTaskWithTheListsSpacingAndThePluginsRequiredParams() throws IOException {
        // given
        String yaml = example("parallel-pipeline.yaml");

        // when
        String edited = editor.apply(yaml, EditIntent.addTask("cmd", null));

        // then
        assertThat(edited).startsWith(yaml).endsWith("""
                      inputs: ["SUMMARY"]

                    - name: "CMD"
                      plugin: "cmd"
                      params:
                        command: "echo hello"
                """);
    }

    @Test
    void shouldBuildATwoTaskWorkflowFromAnEmptyOneByAddingAndLinking() {
        // given
        String yaml = "# mine\nworkflow:\n  name: \"two\"\n  tasks:\n";

        // when
        String edited = editor.apply(yaml, EditIntent.addTask("start", null));
        edited = editor.apply(edited, EditIntent.addTask("end", null));
        edited = editor.apply(edited, EditIntent.link("START", "END", "TRUE"));

        // then
        assertThat(edited).isEqualTo("""
                # mine
                workflow:
                  name: "two"
                  tasks:
                    - name: "START"
                      plugin: "start"
                      outputs: ["TRUE"]
                    - name: "END"
                      plugin: "end"
                      inputs: ["TRUE"]
                """);
        assertThat(WorkflowLoader.load("two.yaml", edited, LoadOptions.lenient()).problems()).isEmpty();
    }

    @Test
    void shouldDeleteATaskAndTheBlankLineBeforeIt() throws IOException {
        // given
        String yaml = example("parallel-pipeline.yaml");

        // when
        String edited = editor.apply(yaml, EditIntent.delete("COUNT_WORDS"));

        // then
        assertThat(edited).doesNotContain("COUNT_WORDS").contains("tr -d \" \")\"'\n\n    - name: \"CHECKSUM\"");
        assertThat(yaml.lines().count() - edited.lines().count()).isEqualTo(7);
    }

    @Test
    void shouldRenameATaskAndItsDependsOnReferences() {
        // given
        String yaml = """
                workflow:
                  name: "w"
                  tasks:
                    - {name: A, plugin: start, outputs: [TRUE]}
                    - name: B
                      plugin: end
                      inputs: [TRUE]
                      execution: {depends_on: [A]}
                """;

        // when
        String edited = editor.apply(yaml, EditIntent.rename("A", "FIRST"));

        // then
        assertThat(edited).contains("- {name: FIRST, plugin: start").contains("depends_on: [FIRST]");
    }

    @Test
    void shouldRefuseAnEditNamingAnUnknownTask() {
        assertThatThrownBy(() -> editor.apply("workflow:\n  name: w\n  tasks: []\n",
                EditIntent.set("NOPE", List.of("when"), "true")))
                .isInstanceOf(EditException.class)
                .hasMessage("Expected a task named 'NOPE', but the workflow has none");
    }
}
