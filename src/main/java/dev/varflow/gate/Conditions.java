package dev.varflow.gate;

import java.util.Map;

import dev.varflow.engine.TaskState;
import dev.varflow.workflow.Condition;
import dev.varflow.workflow.TaskDefinition;

/** Evaluates a ready task's condition, compiled when its workflow was loaded, against the run's variables. */
final class Conditions {

    /** The state a ready task is claimed in: ACTIVATED, or SKIPPED when its condition is false. */
    Verdict evaluate(TaskDefinition task, Map<String, String> variables) {
        Condition condition = task.execution().when().orElse(null);
        if (condition == null) {
            return Verdict.RUN;
        }
        try {
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
