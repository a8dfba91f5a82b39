package dev.varflow.gate;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

import dev.varflow.engine.TaskState;
import dev.varflow.messages.RunEvent;

/**
 * Applies a batch's events to the store inside its transaction (variables first value wins, task starts and
 * outcomes with their retries, attempts, history, started runs, dispatched marks) and tells the run cache what the
 * store reports it changed.
 */
final class BatchApplier {

    private static final Logger LOG = Logger.getLogger(BatchApplier.class);

    private final GateStore store;
    private final WorkflowCache workflows;
    private final RunStateCache cache;

    BatchApplier(GateStore store, WorkflowCache workflows, RunStateCache cache) {
        this.store = store;
        this.workflows = workflows;
        this.cache = cache;
    }

    Uni<Void> apply(SqlConnection conn, Map<String, LockedRun> runs, List<RunEvent> events,
            Collection<TaskKey> dispatched, Set<String> startedNow) {
        List<RunEvent.Variable> variables = new ArrayList<>();
        List<RunEvent.TaskFinished> unsuccessful = new ArrayList<>();
        List<RunEvent> runLevel = new ArrayList<>();
        Map<TaskKey, TaskUpdate> updates = new LinkedHashMap<>();
        for (RunEvent event : events) {
            if (event instanceof RunEvent.TaskFinished finished) {
                // Set whatever happens to the report itself, as the VARIABLE records sent before it once were.
                finished.variables().forEach(variable -> variables.add(FanOuts.stored(variable)));
            }
            if (event instanceof RunEvent.TaskEvent report && isLate(report, runs.get(report.runId()))) {
                LOG.debugf("ignoring a report on task %s of run %s from its run attempt %d (now %d)", report.task(),
                        report.runId(), report.runAttempt(), runs.get(report.runId()).attempt());
                continue;
            }
            if (event instanceof RunEvent.Variable variable) {
                variables.add(FanOuts.stored(variable));
            } else if (event instanceof RunEvent.TaskStarted started) {
                update(updates, started.runId(), started.task()).apply(started);
            } else if (event instanceof RunEvent.TaskFinished finished) {
                update(updates, finished.runId(), finished.task()).apply(finished);
                if (finished.state() != TaskState.SUCCEEDED) {
                    unsuccessful.add(finished);
                }
            } else {
                runLevel.add(event); // asks for an evaluation and a line in the history
            }
        }
        updates.values().forEach(update -> scheduleRetry(update, runs.get(update.runId)));
        Map<String, Integer> runAttempts = new HashMap<>();
        runs.forEach((id, run) -> runAttempts.put(id, run.attempt()));
        Map<String, RunEvent.Variable> byKey = new HashMap<>();
        variables.forEach(v -> byKey.putIfAbsent(v.runId() + "\u0000" + v.name(), v));
        // Statements pipelined on the connection; the task updates go before the dispatched marks, so a task whose
        // report already arrived needs no second row version for its mark.
        return Uni.combine().all().unis(store.insertVariables(conn, variables), store.updateTasks(conn,
                        updates.values()), store.markDispatched(conn, dispatched),
                        store.recordAttempts(conn, unsuccessful, runAttempts), store.recordHistory(conn, runLevel),
                        store.markStarted(conn, startedNow))
                .asTuple().invoke(done -> {
                    Set<TaskKey> inserted = done.getItem1();
                    CacheChanges changes = new CacheChanges();
                    byKey.values().forEach(v -> {
                        if (inserted.contains(new TaskKey(v.runId(), v.name()))) {
                            changes.variable(v.runId(), v.name(), v.value());
                        } else {
                            RunStateCache.Entry entry = cache.get(v.runId());
                            if (entry != null && !entry.variables().containsKey(v.name())) {
                                // Set by someone the cache did not hear of: read the run again.
                                changes.forget(v.runId());
                            }
                        }
                    });
                    done.getItem2().forEach((key, state) -> changes.task(key.runId(), key.task(), state, false));
                    cache.apply(changes);
                }).replaceWithVoid();
    }

    private static TaskUpdate update(Map<TaskKey, TaskUpdate> updates, String runId, String task) {
        return updates.computeIfAbsent(new TaskKey(runId, task), k -> new TaskUpdate(k.runId(), k.task()));
    }

    /**
     * True for a report of an attempt made before the run was replayed (a duplicate execution finishing late): the
     * task it concerns may be running again in the new run attempt, which such a report must not finish.
     */
    static boolean isLate(RunEvent.TaskEvent report, LockedRun run) {
        return report.runAttempt() != null && run != null && report.runAttempt() != run.attempt();
    }

    /** True for an event about the run as a whole (start, pause, resume, finish), not one of its tasks. */
    static boolean isRunLevel(RunEvent event) {
        return !(event instanceof RunEvent.Variable || event instanceof RunEvent.TaskEvent);
    }

    /** A failed attempt with attempts left waits for its backoff instead of failing the task. */
    private void scheduleRetry(TaskUpdate update, LockedRun run) {
        if (update.finalState != TaskState.FAILED) {
            return;
        }
        GateDecision.retryAt(workflows.get(run.workflowId()), update.task, update.attempt, System.currentTimeMillis(),
                ThreadLocalRandom.current()).ifPresent(at -> {
                    update.retryAt(at);
                    LOG.debugf("task %s of run %s failed attempt %d; retry at %d", update.task, update.runId,
                            update.attempt, at);
                });
    }
}
