package dev.varflow.workflow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Draws a workflow's dataflow as a Mermaid flowchart: an edge from each producer to each consumer, labelled with
 * the variable. Inputs set from outside (env or start variables) come from stadium-shaped nodes. Tasks that feed
 * several tasks get class {@code split}, tasks fed by several get class {@code join}.
 */
public final class MermaidGraph {

    private MermaidGraph() {
    }

    public static String render(Workflow workflow) {
        List<TaskDefinition> tasks = workflow.tasks();
        Map<TaskDefinition, String> ids = new LinkedHashMap<>();
        for (int i = 0; i < tasks.size(); i++) {
            ids.put(tasks.get(i), "t" + i + "_" + sanitize(tasks.get(i).name()));
        }
        StringBuilder out = new StringBuilder("flowchart LR\n");
        ids.forEach((task, id) -> out.append("  ").append(id).append("[\"")
                .append(escape(task.name())).append("<br/>").append(escape(task.plugin())).append("\"]\n"));

        Map<TaskDefinition, Set<TaskDefinition>> successors = new LinkedHashMap<>();
        Map<TaskDefinition, Set<TaskDefinition>> predecessors = new LinkedHashMap<>();
        Set<String> externalNodes = new LinkedHashSet<>();
        List<String> edges = new ArrayList<>();
        for (TaskDefinition consumer : tasks) {
            for (String input : consumer.inputs()) {
                List<TaskDefinition> producers = tasks.stream().filter(t -> t.mayEmit(input)).toList();
                for (TaskDefinition producer : producers) {
                    edges.add(ids.get(producer) + " -->|" + escape(input) + "| " + ids.get(consumer));
                    successors.computeIfAbsent(producer, k -> new LinkedHashSet<>()).add(consumer);
                    predecessors.computeIfAbsent(consumer, k -> new LinkedHashSet<>()).add(producer);
                }
                if (producers.isEmpty() || workflow.env().containsKey(input)) {
                    String id = "v_" + sanitize(input);
                    if (externalNodes.add(id)) {
                        String label = workflow.env().containsKey(input) ? "env: " + input : input;
                        out.append("  ").append(id).append("([\"").append(escape(label)).append("\"])\n");
                    }
                    edges.add(id + " --> " + ids.get(consumer));
                }
            }
            for (String before : consumer.execution().dependsOn()) {
                workflow.task(before)
                        .ifPresent(task -> edges.add(ids.get(task) + " -.->|after| " + ids.get(consumer)));
            }
        }
        edges.forEach(edge -> out.append("  ").append(edge).append('\n'));
        out.append("  classDef split fill:#fff3c4,stroke:#c79100,stroke-width:2px\n");
        out.append("  classDef join fill:#d7ecff,stroke:#1565c0,stroke-width:2px\n");
        ids.forEach((task, id) -> {
            if (successors.getOrDefault(task, Set.of()).size() > 1) {
                out.append("  class ").append(id).append(" split\n");
            }
            if (predecessors.getOrDefault(task, Set.of()).size() > 1) {
                out.append("  class ").append(id).append(" join\n");
            }
        });
        return out.toString();
    }

    /** Mermaid ids must be plain words; the index prefix keeps names that sanitize alike apart. */
    private static String sanitize(String name) {
        return name.replaceAll("[^A-Za-z0-9_]", "_");
    }

    /** Mermaid reads quotes and angle brackets in labels as syntax, so they become entity codes. */
    private static String escape(String text) {
        // '#' goes first so the entity codes added afterwards are not escaped again.
        return text.replace("#", "#35;").replace("&", "#amp;").replace("\"", "#quot;")
                .replace("<", "#lt;").replace(">", "#gt;").replace("|", "#124;");
    }
}
