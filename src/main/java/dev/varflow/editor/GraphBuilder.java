package dev.varflow.editor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Reads the dataflow out of a workflow's YAML, leniently (a file with errors is still drawn), as {@code varflow
 * graph} does: an edge from each producer to each consumer of a variable, variables nothing produces (or env sets)
 * as nodes of their own, {@code depends_on} as ordering edges; splits feed several tasks, joins are fed by several.
 */
final class GraphBuilder {

    /** A task as the graph needs it. */
    record TaskShape(String name, String plugin, List<String> inputs, List<String> outputs, List<String> dependsOn,
            int line, int endLine) {
    }

    /** The graph before layout. */
    record Graph(List<TaskShape> tasks, Set<String> externals, Set<String> env, List<Link> links) {
    }

    /** An edge before layout; {@code from} is a task name or {@code var:NAME}. */
    record Link(GraphView.EdgeKind kind, String from, String to, String variable) {
    }

    private GraphBuilder() {
    }

    static Graph build(YamlText yaml) {
        List<TaskShape> tasks = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (MappingNode task : yaml.tasks()) {
            String name = YamlText.scalar(task, "name").orElse(null);
            if (name == null || !names.add(name)) {
                continue;
            }
            List<String> dependsOn = YamlText.value(task, "execution")
                    .map(execution -> YamlText.strings(execution, "depends_on")).orElse(List.of());
            tasks.add(new TaskShape(name, YamlText.scalar(task, "plugin").orElse("?"),
                    distinct(YamlText.strings(task, "inputs")), distinct(YamlText.strings(task, "outputs")),
                    dependsOn, yaml.lineOf(task.getStartMark().getIndex()), yaml.lineOf(yaml.contentEnd(task))));
        }
        Set<String> env = new LinkedHashSet<>();
        yaml.workflow().flatMap(block -> YamlText.value(block, "env")).filter(MappingNode.class::isInstance)
                .ifPresent(block -> ((MappingNode) block).getValue().stream().map(NodeTuple::getKeyNode)
                        .filter(ScalarNode.class::isInstance).forEach(k -> env.add(((ScalarNode) k).getValue())));
        Set<String> externals = new LinkedHashSet<>();
        List<Link> links = new ArrayList<>();
        for (TaskShape consumer : tasks) {
            for (String input : consumer.inputs()) {
                List<TaskShape> producers = tasks.stream().filter(t -> t != consumer && mayEmit(t, input)).toList();
                producers.forEach(p -> links.add(new Link(GraphView.EdgeKind.DATA, p.name(), consumer.name(), input)));
                if (producers.isEmpty() || env.contains(input)) {
                    externals.add(input);
                    links.add(new Link(GraphView.EdgeKind.DATA, "var:" + input, consumer.name(), input));
                }
            }
            consumer.dependsOn().stream().filter(names::contains).forEach(before ->
                    links.add(new Link(GraphView.EdgeKind.AFTER, before, consumer.name(), null)));
        }
        return new Graph(tasks, externals, env, links);
    }

    static boolean mayEmit(TaskShape task, String variable) {
        return task.outputs().contains("*") || task.outputs().contains(variable);
    }

    /** Task name to the names of the tasks it feeds (data edges only). */
    static Map<String, Set<String>> successors(Graph graph) {
        Map<String, Set<String>> result = new LinkedHashMap<>();
        graph.links().stream().filter(l -> l.kind() == GraphView.EdgeKind.DATA)
                .forEach(l -> result.computeIfAbsent(l.from(), k -> new LinkedHashSet<>()).add(l.to()));
        return result;
    }

    /** Task name to the names of the tasks that feed it (data edges only, outside variables not counted). */
    static Map<String, Set<String>> predecessors(Graph graph) {
        Map<String, Set<String>> result = new LinkedHashMap<>();
        graph.links().stream().filter(l -> l.kind() == GraphView.EdgeKind.DATA && !l.from().startsWith("var:"))
                .forEach(l -> result.computeIfAbsent(l.to(), k -> new LinkedHashSet<>()).add(l.from()));
        return result;
    }

    private static List<String> distinct(List<String> names) {
        return List.copyOf(new LinkedHashSet<>(names));
    }
}
