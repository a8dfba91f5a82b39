package dev.varflow.editor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.varflow.workflow.LoadOptions;
import dev.varflow.workflow.WorkflowLoader;

class WorkflowEditorTest {

    private final WorkflowEditor editor = new WorkflowEditor(Map.of(),
            text -> WorkflowLoader.load("w.yaml", text, LoadOptions.lenient()));

    private static GraphView.Node node(GraphView graph, String id) {
        return graph.nodes().stream().filter(n -> n.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void shouldMarkTheSplitAndTheJoinOfTheParallelExampleAndLabelEdgesWithVariables() throws IOException {
        // given
        String yaml = Files.readString(Path.of("workflows/parallel-pipeline.yaml"));

        // when
        EditorView view = editor.view(yaml);

        // then
        GraphView graph = view.graph();
        assertThat(view.valid()).isTrue();
        assertThat(graph.nodes().stream().filter(GraphView.Node::split).map(GraphView.Node::id)).containsExactly("EXTRACT");
        assertThat(graph.nodes().stream().filter(GraphView.Node::join).map(GraphView.Node::id)).containsExactly("REPORT");
        assertThat(graph.edges()).extracting(GraphView.Edge::from, GraphView.Edge::to, GraphView.Edge::variable)
                .contains(org.assertj.core.groups.Tuple.tuple("EXTRACT", "COUNT_WORDS", "DATA_FILE"),
                        org.assertj.core.groups.Tuple.tuple("CHECKSUM", "REPORT", "CHECKSUM"));
        assertThat(node(graph, "START").x()).isLessThan(node(graph, "EXTRACT").x());
        assertThat(node(graph, "REPORT").x()).isGreaterThan(node(graph, "COUNT_LINES").x());
        assertThat(view.variables()).contains("DATA_FILE", "SUMMARY");
    }

    @Test
    void shouldDrawABrokenWorkflowAndPutTheProblemOnItsTask() {
        // given
        String yaml = """
                workflow:
                  name: "broken"
                  tasks:
                    - name: "START"
                      plugin: "start"
                      outputs: ["TRUE"]
                    - name: "WAIT"
                      plugin: "noop"
                      inputs: ["TRUE"]
                      execution:
                        timeout: "next tuesday"
                """;

        // when
        EditorView view = editor.view(yaml);

        // then
        assertThat(view.valid()).isFalse();
        assertThat(view.graph().nodes()).extracting(GraphView.Node::id).containsExactly("START", "WAIT");
        assertThat(view.problems()).anySatisfy(problem -> {
            assertThat(problem.task()).isEqualTo("WAIT");
            assertThat(problem.line()).isEqualTo(11);
            assertThat(problem.text()).startsWith("w.yaml:11:");
        });
    }

    @Test
    void shouldLayOutThreeHundredTasksWithoutOverlappingNodes() {
        // given: ten parallel chains of thirty tasks, each fed by the start and joined at the end
        StringBuilder yaml = new StringBuilder("workflow:\n  name: \"big\"\n  tasks:\n"
                + "    - {name: S, plugin: start, outputs: [TRUE]}\n");
        for (int chain = 0; chain < 10; chain++) {
            for (int step = 0; step < 30; step++) {
                String input = step == 0 ? "TRUE" : "V" + chain + "_" + (step - 1);
                yaml.append("    - {name: T").append(chain).append('_').append(step).append(", plugin: noop, inputs: [")
                        .append(input).append("], outputs: [V").append(chain).append('_').append(step).append("]}\n");
            }
        }
        List<String> lasts = java.util.stream.IntStream.range(0, 10).mapToObj(c -> "V" + c + "_29").toList();
        yaml.append("    - {name: E, plugin: end, inputs: [").append(String.join(", ", lasts)).append("]}\n");

        // when
        long start = System.nanoTime();
        EditorView view = editor.view(yaml.toString());
        long millis = (System.nanoTime() - start) / 1_000_000;

        // then
        System.out.println("layout of 302 tasks: " + millis + " ms");
        List<GraphView.Node> nodes = view.graph().nodes();
        assertThat(nodes).hasSize(302);
        for (int i = 0; i < nodes.size(); i++) {
            for (int j = i + 1; j < nodes.size(); j++) {
                GraphView.Node a = nodes.get(i);
                GraphView.Node b = nodes.get(j);
                boolean overlap = a.x() < b.x() + b.width() && b.x() < a.x() + a.width()
                        && a.y() < b.y() + b.height() && b.y() < a.y() + a.height();
                assertThat(overlap).as("%s overlaps %s", a.id(), b.id()).isFalse();
            }
        }
        assertThat(node(view.graph(), "E").join()).isTrue();
        assertThat(node(view.graph(), "S").split()).isTrue();
    }
}
