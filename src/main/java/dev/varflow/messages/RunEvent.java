package dev.varflow.messages;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A record on the events topic, keyed by run id: a variable emission, a task starting or finishing, a run starting,
 * pausing, resuming or finishing. Gates consume them; coordinators watch them for live views.
 *
 * @param at epoch milliseconds when the event happened
 * @param attempt the task attempt a task event belongs to (1, then one more per retry)
 * @param atMicros the same instant in epoch microseconds (task events), for sub-millisecond latency figures
 * @param startedAtMicros {@code startedAt} in epoch microseconds (TASK_FINISHED)
 * @param reportsStart true on a TASK_FINISHED whose attempt finished before its TASK_STARTED was sent: this record
 *     then also reports the start (the attempt is counted), saving a record and a gate update per short task
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunEvent(
        Type type,
        String runId,
        String task,
        String name,
        String value,
        String state,
        String worker,
        Integer exitCode,
        String output,
        String error,
        Long startedAt,
        long at,
        Map<String, List<String>> waiting,
        Integer attempt,
        Long atMicros,
        Long startedAtMicros,
        Boolean reportsStart) {

    /** What happened. */
    public enum Type { RUN_STARTED, VARIABLE, TASK_STARTED, TASK_FINISHED, RUN_FINISHED, RUN_PAUSED, RUN_RESUMED }

    public static RunEvent runStarted(String runId) {
        return control(Type.RUN_STARTED, runId, null);
    }

    /** A run-level event without task details: started, paused, resumed. */
    public static RunEvent control(Type type, String runId, String detail) {
        return new RunEvent(type, runId, null, null, null, null, null, null, null, detail, null, now(), null, null,
                null, null, null);
    }

    public static RunEvent variable(String runId, String task, String name, String value) {
        return new RunEvent(Type.VARIABLE, runId, task, name, value, null, null, null, null, null, null, now(), null,
                null, null, null, null);
    }

    public static RunEvent taskStarted(String runId, String task, String worker, int attempt) {
        long micros = EpochClock.micros();
        return new RunEvent(Type.TASK_STARTED, runId, task, null, null, null, worker, null, null, null, null,
                micros / 1000, null, attempt, micros, null, null);
    }

    public static RunEvent taskFinished(String runId, String task, String state, String worker, Integer exitCode,
            String output, String error, long startedAtMicros, int attempt) {
        long micros = EpochClock.micros();
        return new RunEvent(Type.TASK_FINISHED, runId, task, null, null, state, worker, exitCode, output, error,
                startedAtMicros / 1000, micros / 1000, null, attempt, micros, startedAtMicros, null);
    }

    public static RunEvent runFinished(String runId, String status, Map<String, List<String>> waiting) {
        return runFinished(runId, status, waiting, null);
    }

    public static RunEvent runFinished(String runId, String status, Map<String, List<String>> waiting,
            String error) {
        return new RunEvent(Type.RUN_FINISHED, runId, null, null, null, status, null, null, null, error, null, now(),
                waiting, null, null, null, null);
    }

    /** This TASK_FINISHED, also reporting the attempt's start (no TASK_STARTED record was sent for it). */
    public RunEvent withStart() {
        return new RunEvent(type, runId, task, name, value, state, worker, exitCode, output, error, startedAt, at,
                waiting, attempt, atMicros, startedAtMicros, Boolean.TRUE);
    }

    /** True when this event counts as the start of a task attempt. */
    public boolean startsAttempt() {
        return type == Type.TASK_STARTED || Boolean.TRUE.equals(reportsStart);
    }

    /** The attempt this task event belongs to; events written before attempts existed count as the first. */
    public int attemptOrFirst() {
        return attempt == null ? 1 : attempt;
    }

    private static long now() {
        return System.currentTimeMillis();
    }
}
