package dev.varflow.worker;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/** The attempts this worker is running, by run, so a cancelled run's work can be stopped. */
final class InFlight {

    private static final int REMEMBERED_CANCELLATIONS = 10_000;

    private final Map<String, Set<CompletableFuture<?>>> byRun = new ConcurrentHashMap<>();
    private final Set<String> cancelled = Collections.newSetFromMap(Collections.synchronizedMap(
            new LinkedHashMap<>() {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > REMEMBERED_CANCELLATIONS;
                }
            }));

    void add(String runId, CompletableFuture<?> attempt) {
        byRun.computeIfAbsent(runId, id -> ConcurrentHashMap.newKeySet()).add(attempt);
        attempt.whenComplete((r, e) -> byRun.computeIfPresent(runId, (id, set) -> {
            set.remove(attempt);
            return set.isEmpty() ? null : set;
        }));
    }

    /** Stops the run's running attempts and refuses its activations that arrive later. */
    void cancelRun(String runId) {
        cancelled.add(runId);
        Set<CompletableFuture<?>> attempts = byRun.remove(runId);
        if (attempts != null) {
            attempts.forEach(attempt -> attempt.cancel(true));
        }
    }

    boolean isCancelled(String runId) {
        return cancelled.contains(runId);
    }
}
