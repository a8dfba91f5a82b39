package dev.varflow.messages;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A record on the events topic, keyed by run id: a variable emission, a task starting or finishing, a run starting
 * or finishing. Gates consume them; coordinators watch them for live views.
 *
 * @param at epoch milliseconds when the event happened
 * @param atMicros the same instant in epoch microseconds (task events), for sub-millisecond latency figures
 * @param startedAtMicros {@code startedAt} in epoch microseconds (TASK_FINISHED)
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
        Long atMicros,
        Long startedAtMicros) {

    /** What happened. */
    public enum Type { RUN_STARTED, VARIABLE, TASK_STARTED, TASK_FINISHED, RUN_FINISHED }

    public static RunEvent runStarted(String runId) {
        return new RunEvent(Type.RUN_STARTED, runId, null, null, null, null, null, null, null, null, null, now(), null, null,
                null);
    }

    public static RunEvent variable(String runId, String task, String name, String value) {
        return new RunEvent(Type.VARIABLE, runId, task, name, value, null, null, null, null, null, null, now(), null,
                null, null);
    }

    public static RunEvent taskStarted(String runId, String task, String worker) {
        long micros = Clock.micros();
        return new RunEvent(Type.TASK_STARTED, runId, task, null, null, null, worker, null, null, null, null,
                micros / 1000, null, micros, null);
    }

    public static RunEvent taskFinished(String runId, String task, String state, String worker, Integer exitCode,
            String output, String error, long startedAtMicros) {
        long micros = Clock.micros();
        return new RunEvent(Type.TASK_FINISHED, runId, task, null, null, state, worker, exitCode, output, error,
                startedAtMicros / 1000, micros / 1000, null, micros, startedAtMicros);
    }

    public static RunEvent runFinished(String runId, String status, Map<String, List<String>> waiting) {
        return new RunEvent(Type.RUN_FINISHED, runId, null, null, null, status, null, null, null, null, null, now(),
                waiting, null, null);
    }

    private static long now() {
        return System.currentTimeMillis();
    }
}
