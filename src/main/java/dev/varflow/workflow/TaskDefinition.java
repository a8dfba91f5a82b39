package dev.varflow.workflow;

import java.util.List;
import java.util.Map;

/**
 * One task of a workflow: which plugin it runs, the variables it consumes and emits, and the optional blocks
 * (execution, permissions, requires_auth) kept as parsed for the features that read them.
 *
 * @param params plugin parameters; scalar values are strings, nested YAML stays as maps and lists
 * @param execution the raw {@code execution:} block (retries, timeout, depends_on, async, workers, ...)
 * @param requiredPermissions {@code permissions.required}
 * @param location where the task starts in its file
 */
public record TaskDefinition(
        String name,
        String plugin,
        List<String> inputs,
        List<String> outputs,
        Map<String, Object> params,
        Map<String, Object> execution,
        List<String> requiredPermissions,
        boolean requiresAuth,
        SourceLocation location) {

    /** Output name that accepts any {@code NAME=value} line a plugin emits. */
    public static final String ANY_OUTPUT = "*";

    public TaskDefinition {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        params = Map.copyOf(params);
        execution = Map.copyOf(execution);
        requiredPermissions = List.copyOf(requiredPermissions);
    }

    /** Task names in {@code execution.depends_on}: this task fires only after each of them succeeded. */
    public List<String> dependsOn() {
        Object value = execution.get("depends_on");
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return value == null ? List.of() : List.of(String.valueOf(value));
    }

    /** Whether this task may emit a variable of the given name. */
    public boolean mayEmit(String variable) {
        return outputs.contains(ANY_OUTPUT) || outputs.contains(variable);
    }
}
