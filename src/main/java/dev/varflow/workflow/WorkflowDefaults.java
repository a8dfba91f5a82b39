package dev.varflow.workflow;

import java.util.LinkedHashMap;
import java.util.Map;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/**
 * The workflow's {@code defaults: execution:} block: settings (retries, timeout, ...) every task gets unless it
 * sets its own.
 */
final class WorkflowDefaults {

    private WorkflowDefaults() {
    }

    /** Reads and checks the block; returns the default execution settings. */
    static Map<String, Object> read(Node node, ProblemCollector problems) {
        MappingNode block = YamlValues.mapping(node, "workflow defaults", problems).orElse(null);
        if (block == null) {
            return Map.of();
        }
        var entries = KeyCheck.entries(block, java.util.List.of("execution"), "defaults", problems);
        if (!entries.containsKey("execution")) {
            return Map.of();
        }
        MappingNode execution = YamlValues.mapping(entries.get("execution").getValueNode(), "defaults.execution",
                problems).orElse(null);
        if (execution == null) {
            return Map.of();
        }
        Map<String, Object> settings = new LinkedHashMap<>();
        KeyCheck.entries(execution, KeyCheck.EXECUTION_KEYS, "defaults.execution", problems).forEach((key, tuple) -> {
            if (!"depends_on".equals(key)) {
                settings.put(key, YamlValues.plain(tuple.getValueNode()));
            }
        });
        return settings;
    }

    static TaskDefinition apply(Map<String, Object> defaults, TaskDefinition task) {
        if (defaults.isEmpty()) {
            return task;
        }
        Map<String, Object> execution = new LinkedHashMap<>(defaults);
        execution.putAll(task.execution());
        return new TaskDefinition(task.name(), task.plugin(), task.inputs(), task.outputs(), task.params(), execution,
                task.requiredPermissions(), task.requiresAuth(), task.location());
    }
}
