package dev.varflow.workflow;

import java.util.List;
import java.util.Map;

/**
 * One task of a workflow: which plugin it runs, the variables it consumes and emits, how it runs, and what it needs
 * to be allowed to.
 *
 * @param params plugin parameters; scalar values are strings, nested YAML stays as maps and lists
 * @param execution how it runs: depends_on, condition, timeout, deadline, retries, foreach, ... (defaults applied)
 * @param requiredPermissions {@code permissions.required}
 * @param location where the task starts in its file
 */
public record TaskDefinition(
        String name,
        String plugin,
        List<String> inputs,
        List<String> outputs,
        Map<String, Object> params,
        Execution execution,
        List<String> requiredPermissions,
        boolean requiresAuth,
        SourceLocation location) {

    /** Output name that accepts any {@code NAME=value} line a plugin emits. */
    public static final String ANY_OUTPUT = "*";

    public TaskDefinition {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        params = Map.copyOf(params);
        requiredPermissions = List.copyOf(requiredPermissions);
    }

    /** The same task running as {@code execution} says. */
    TaskDefinition withExecution(Execution execution) {
        return new TaskDefinition(name, plugin, inputs, outputs, params, execution, requiredPermissions,
                requiresAuth, location);
    }

    /** Whether this task may emit a variable of the given name. */
    public boolean mayEmit(String variable) {
        return outputs.contains(ANY_OUTPUT) || outputs.contains(variable);
    }
}
