package dev.varflow.gate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.varflow.messages.Activation;
import dev.varflow.messages.RunEvent;

/**
 * Activations Kafka acknowledged that the store does not yet mark {@code dispatched}. A mark only matters to the
 * sweeper, which re-sends claims unmarked for 10 s, so marks wait 3 s: by then most tasks have reported to the
 * gate, and a worker's report marks its task in the same row update that records it (one row version instead of
 * two). Only the gate's loop thread uses it.
 */
final class PendingDispatches {

    /** How long an acknowledged activation waits for its worker's report before it is marked on its own. */
    static final Duration MARK_AFTER = Duration.ofSeconds(3);

    private record Pending(long acknowledgedAt, int attempt) {
    }

    private final Map<TaskKey, Pending> pending = new LinkedHashMap<>();

    void acknowledged(List<Activation> activations, long nanoTime) {
        for (Activation activation : activations) {
            pending.put(new TaskKey(activation.runId(), activation.task()),
                    new Pending(nanoTime, activation.attempt()));
        }
    }

    /** Marks due at {@code nanoTime}, oldest first; they stay pending until {@link #marked}. */
    List<TaskKey> due(long nanoTime) {
        List<TaskKey> due = new ArrayList<>();
        for (Map.Entry<TaskKey, Pending> entry : pending.entrySet()) {
            if (nanoTime - entry.getValue().acknowledgedAt() < MARK_AFTER.toNanos()) {
                break;
            }
            due.add(entry.getKey());
        }
        return due;
    }

    List<TaskKey> all() {
        return List.copyOf(pending.keySet());
    }

    /** The marks are committed. */
    void marked(Collection<TaskKey> keys) {
        keys.forEach(pending::remove);
    }

    /** A committed batch held these reports: each marked its task dispatched, unless it was of an older attempt. */
    void reported(List<RunEvent> events) {
        for (RunEvent event : events) {
            if (!(event instanceof RunEvent.TaskEvent report) || report.task() == null) {
                continue;
            }
            TaskKey key = new TaskKey(report.runId(), report.task());
            Pending waiting = pending.get(key);
            if (waiting != null && report.attemptOrFirst() >= waiting.attempt()) {
                pending.remove(key);
            }
        }
    }

    boolean isEmpty() {
        return pending.isEmpty();
    }

    int size() {
        return pending.size();
    }
}
