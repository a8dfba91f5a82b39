package dev.varflow.gate;

import dev.varflow.engine.TaskState;
import dev.varflow.messages.RunEvent;

/** The task events of one batch for one task, folded into a single row update. */
final class TaskUpdate {

    final String runId;
    final String task;
    int started;
    String worker;
    /** Epoch microseconds. */
    Long startedAt;
    TaskState finalState;
    /** Epoch microseconds. */
    Long finishedAt;
    Integer exitCode;
    String output;
    String error;
    int attempt = 1;
    int finishedAttempt;
    Long nextAttemptAt;

    TaskUpdate(String runId, String task) {
        this.runId = runId;
        this.task = task;
    }

    void apply(RunEvent.TaskStarted event) {
        worker = event.worker() != null ? event.worker() : worker;
        attempt = Math.max(attempt, event.attemptOrFirst());
        started++;
        startedAt = micros(event.atMicros(), event.at());
    }

    void apply(RunEvent.TaskFinished event) {
        worker = event.worker() != null ? event.worker() : worker;
        attempt = Math.max(attempt, event.attemptOrFirst());
        if (event.startsAttempt()) {
            started++;
        }
        // A redelivered finish must not overwrite the first one seen in this batch; a later attempt's may.
        if (finalState == null || event.attemptOrFirst() > finishedAttempt) {
            finishedAttempt = event.attemptOrFirst();
            finalState = event.state();
            finishedAt = micros(event.atMicros(), event.at());
            startedAt = startedAt != null ? startedAt
                    : event.startedAt() == null ? null : micros(event.startedAtMicros(), event.startedAt());
            exitCode = event.exitCode();
            output = event.output();
            error = event.error();
        }
    }

    /** Turns a failed outcome into a wait for the next attempt. */
    void retryAt(long epochMillis) {
        finalState = TaskState.RETRY_WAIT;
        nextAttemptAt = epochMillis;
    }

    /** Microseconds from an event's precise field, or its milliseconds from a producer that has none. */
    private static long micros(Long micros, long millis) {
        return micros != null ? micros : millis * 1000;
    }
}
