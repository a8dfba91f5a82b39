package dev.varflow.gate;

import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import dev.varflow.engine.Condition;
import dev.varflow.engine.TaskState;
import dev.varflow.workflow.TaskDefinition;
import dev.varflow.workflow.Workflow;

/** Compiled task conditions, cached by expression and the variable names in scope. */
final class Conditions {

    private static final int MAX_CACHED = 10_000;

    private final Map<String, Condition> compiled = new ConcurrentHashMap<>();

    /** The state a ready task is claimed in: ACTIVATED, or SKIPPED when its condition is false. */
    Verdict evaluate(Workflow workflow, TaskDefinition task, Map<String, String> variables) {
        Object when = task.execution().get("when");
        if (when == null) {
            return Verdict.RUN;
        }
        TreeSet<String> names = new TreeSet<>(variables.keySet());
        for (TaskDefinition t : workflow.tasks()) {
            names.addAll(t.inputs());
            names.addAll(t.outputs());
        }
        names.addAll(workflow.env().keySet());
        names.remove(TaskDefinition.ANY_OUTPUT);
        String key = when + "\u0000" + String.join(",", names);
        try {
            if (compiled.size() > MAX_CACHED) {
                compiled.clear();
            }
            Condition condition = compiled.computeIfAbsent(key, k -> Condition.compile(when.toString(), names));
            return condition.test(variables) ? Verdict.RUN : Verdict.SKIP;
        } catch (IllegalArgumentException | IllegalStateException e) {
            return new Verdict(TaskState.FAILED, e.getMessage());
        }
    }

    /** How a ready task is claimed. */
    record Verdict(TaskState state, String error) {
        static final Verdict RUN = new Verdict(TaskState.ACTIVATED, null);
        static final Verdict SKIP = new Verdict(TaskState.SKIPPED, null);
    }
}
