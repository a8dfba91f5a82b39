package dev.varflow.spi;

import java.util.Map;

/**
 * Outcome of one task attempt.
 *
 * @param outcome how the attempt ended
 * @param outputs variables to emit (only names the task declared are kept)
 * @param exitCode process exit code where the plugin ran one, else null
 * @param output bounded tail of stdout/stderr or plugin log for the task record
 * @param error human-readable reason when not {@link Outcome#SUCCEEDED}
 */
public record TaskResult(Outcome outcome, Map<String, String> outputs, Integer exitCode, String output, String error) {

    /** How a task attempt ended. */
    public enum Outcome { SUCCEEDED, FAILED, TIMED_OUT }

    public TaskResult {
        // Insertion order is kept (Map.copyOf's order changes from JVM to JVM), so outputs print stably.
        Map.copyOf(outputs);
        outputs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(outputs));
        output = output == null ? "" : output;
    }

    public static TaskResult succeeded(Map<String, String> outputs) {
        return new TaskResult(Outcome.SUCCEEDED, outputs, null, "", null);
    }

    public static TaskResult failed(String error) {
        return new TaskResult(Outcome.FAILED, Map.of(), null, "", error);
    }

    public static TaskResult timedOut(String reason) {
        return new TaskResult(Outcome.TIMED_OUT, Map.of(), null, "", reason);
    }
}
