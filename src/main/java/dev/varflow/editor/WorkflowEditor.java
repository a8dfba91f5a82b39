package dev.varflow.editor;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.jboss.logging.Logger;

import dev.varflow.spi.PluginDescriptor;
import dev.varflow.workflow.LoadResult;
import dev.varflow.workflow.Problem;

/**
 * The web editor's server side: applies edits to the YAML text, validates with the same checks as {@code varflow
 * validate} (the only validator), and lays the graph out. Pure: no state between calls.
 */
public final class WorkflowEditor {

    private static final Logger LOG = Logger.getLogger(WorkflowEditor.class);

    private final YamlEditor editor;
    private final Function<String, LoadResult> validator;

    /**
     * @param validator validates a text as registration would
     */
    public WorkflowEditor(Map<String, PluginDescriptor> descriptors, Function<String, LoadResult> validator) {
        this.editor = new YamlEditor(descriptors);
        this.validator = validator;
    }

    /** The view of a text as it is. */
    public EditorView view(String yaml) {
        String text = yaml == null ? "" : yaml;
        LoadResult result = validator.apply(text);
        var parsed = YamlText.parse(text);
        GraphView graph = parsed.map(this::graph).orElse(null);
        List<EditorView.ProblemView> problems = result.problems().stream().map(p -> problem(p, graph)).toList();
        return new EditorView(text, !result.hasErrors(), problems, graph, variables(graph),
                parsed.map(TaskFields::read).orElse(Map.of()));
    }

    /** The view of the text after an edit. */
    public EditorView edit(String yaml, EditIntent intent) {
        return view(editor.apply(yaml == null ? "" : yaml, intent));
    }

    private GraphView graph(YamlText yaml) {
        long start = System.nanoTime();
        GraphBuilder.Graph graph = GraphBuilder.build(yaml);
        GraphView view = ElkLayout.layout(graph);
        LOG.debugf("laid out %d tasks and %d edges in %d ms", graph.tasks().size(), graph.links().size(),
                (System.nanoTime() - start) / 1_000_000);
        return view;
    }

    private static EditorView.ProblemView problem(Problem problem, GraphView graph) {
        int line = problem.location().line();
        String task = graph == null ? null : graph.nodes().stream()
                .filter(n -> n.kind() == GraphView.NodeKind.TASK && n.line() <= line && line <= n.endLine())
                .map(GraphView.Node::id).findFirst().orElse(null);
        return new EditorView.ProblemView(problem.severity().name().toLowerCase(Locale.ROOT), line,
                problem.location().column(), problem.message(), problem.hint(), problem.format(), task);
    }

    private static List<String> variables(GraphView graph) {
        if (graph == null) {
            return List.of();
        }
        Set<String> names = new LinkedHashSet<>();
        graph.nodes().forEach(node -> {
            node.outputs().forEach(port -> names.add(port.name()));
            node.inputs().forEach(port -> names.add(port.name()));
        });
        names.remove("*");
        return names.stream().sorted().toList();
    }
}
