package dev.varflow.gate;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

import dev.varflow.VarflowConfig;
import dev.varflow.engine.FanOutItems;
import dev.varflow.engine.RunStatus;
import dev.varflow.messages.Activation;
import dev.varflow.messages.RunEvent;

/**
 * Handles one batch of events in one transaction: applies variables and task outcomes ({@link BatchApplier}),
 * claims every task whose input set became complete, and finishes quiescent runs. Every decision comes from the pure
 * {@link GateDecision}; this class only moves data in and out of the store and keeps the run cache in step.
 */
@ApplicationScoped
public class GateProcessor {

    private static final Logger LOG = Logger.getLogger(GateProcessor.class);

    private final GateStore store;
    private final WorkflowCache workflows;
    private final FanOuts fanOuts;
    private final FanOutStore fanOutStore;
    private final RunStateCache cache;
    private final BatchApplier applier;

    public GateProcessor(GateStore store, WorkflowCache workflows, FanOuts fanOuts, FanOutStore fanOutStore,
            VarflowConfig config) {
        this.store = store;
        this.workflows = workflows;
        this.fanOuts = fanOuts;
        this.fanOutStore = fanOutStore;
        this.cache = new RunStateCache(config.gate().cachedRuns());
        this.applier = new BatchApplier(store, workflows, cache);
    }

    /** Forgets every cached run state (the gate's partitions changed: another gate may have moved its runs on). */
    public void forgetCachedRuns() {
        cache.clear();
    }

    /** Forgets the cached state of runs changed outside a batch (the sweeper's retries and re-sends). */
    public void forgetCachedRuns(Collection<String> runIds) {
        cache.forget(runIds);
    }

    int cachedRuns() {
        return cache.size();
    }

    public Uni<BatchResult> process(List<RunEvent> events) {
        return process(events, List.of());
    }

    /**
     * Handles a batch and, in the same transaction, marks the previous batch's activations dispatched (they were
     * acknowledged by Kafka after that batch committed), which saves a transaction per batch.
     */
    public Uni<BatchResult> process(List<RunEvent> events, Collection<TaskKey> dispatched) {
        Set<String> runIds = new LinkedHashSet<>();
        for (RunEvent event : events) {
            runIds.add(event.runId());
        }
        Map<String, LockedRun> expected = events.stream().anyMatch(BatchApplier::isRunLevel) ? null
                : cache.expectedRows(runIds);
        if (expected != null && expected.values().stream().allMatch(run -> run.started() && workflows.has(run.workflowId()))) {
            return speculate(events, dispatched, runIds, expected)
                    .onFailure(RowsChanged.class).recoverWithUni(() -> {
                        LOG.debugf("run rows changed since the last batch on runs %s: applying the batch again, "
                                + "after their locks", runIds);
                        return locked(events, dispatched, runIds);
                    });
        }
        return locked(events, dispatched, runIds);
    }

    /**
     * A batch of task reports on cached runs, applied without waiting for the run locks: BEGIN, the locks and the
     * batch's statements go out in one round trip, computed from the run rows the last batch left. If the rows
     * locked differ from those, nothing is committed (ROLLBACK) and the batch goes the usual way.
     */
    private Uni<BatchResult> speculate(List<RunEvent> events, Collection<TaskKey> dispatched, Set<String> runIds,
            Map<String, LockedRun> expected) {
        return store.inPipelinedTransaction((conn, commit) -> Uni.combine().all()
                .unis(store.lockRuns(conn, runIds), applier.apply(conn, expected, events, dispatched, Set.of()))
                .asTuple().flatMap(done -> {
                    if (!done.getItem1().equals(expected)) {
                        return Uni.createFrom().failure(new RowsChanged());
                    }
                    cache.retainValid(expected);
                    return settle(conn, commit, expected, new LinkedHashMap<>(), new HashSet<>());
                })).onItem().invoke(() -> cache.rowsCommitted(expected.values()))
                .onFailure().invoke(() -> cache.forget(runIds));
    }

    /** The run rows locked by a speculative batch were not those it was computed from. */
    private static final class RowsChanged extends RuntimeException {
        RowsChanged() {
            super("run rows changed since the last batch", null, false, false);
        }
    }

    private Uni<BatchResult> locked(List<RunEvent> events, Collection<TaskKey> dispatched, Set<String> runIds) {
        Map<String, LockedRun> committed = new LinkedHashMap<>();
        return store.inPipelinedTransaction((conn, commit) -> store.lockRuns(conn, runIds).flatMap(locked -> {
            if (locked.size() < runIds.size()) {
                runIds.stream().filter(id -> !locked.containsKey(id))
                        .forEach(id -> LOG.warnf("dropping events of unknown run %s", id));
            }
            List<RunEvent> known = events.stream().filter(e -> locked.containsKey(e.runId())).toList();
            // Commands first: the runs as they stand after them are what the batch's other events meet.
            ControlDecision.Outcome controls = ControlDecision.decide(locked, ControlDecision.commands(known),
                    System.currentTimeMillis());
            Map<String, LockedRun> runs = controls.runs();
            List<RunEvent> applicable = ControlDecision.applicable(known, controls);
            Set<String> startedNow = new LinkedHashSet<>();
            applicable.stream().filter(e -> e instanceof RunEvent.RunStarted).forEach(e -> startedNow.add(e.runId()));
            Map<String, LockedRun> evaluable = new LinkedHashMap<>();
            runs.forEach((id, run) -> {
                if (startedNow.contains(id) || run.started()) {
                    evaluable.put(id, run);
                }
            });
            cache.retainValid(runs);
            known.stream().filter(BatchApplier::isRunLevel).forEach(e -> cache.forget(e.runId()));
            runs.forEach((id, run) -> committed.put(id, startedNow.contains(id) ? run.asStarted() : run));
            return workflows.load(workflowIds(runs))
                    .chain(() -> ControlStore.apply(conn, controls.applied()))
                    .chain(() -> applier.apply(conn, runs, applicable, dispatched, startedNow))
                    .chain(() -> settle(conn, commit, evaluable, new LinkedHashMap<>(), new HashSet<>()))
                    .map(result -> result.withAnswers(controls.answers()));
        })).onItem().invoke(() -> cache.rowsCommitted(committed.values()))
                .onFailure().invoke(() -> cache.forget(runIds));
    }

    /**
     * Reads the runs, moves their fan-out tasks forward, then decides what fires. A fan-out task that ended or
     * started changes what can fire, so the runs are read and decided again (at most twice per task).
     */
    private Uni<BatchResult> settle(SqlConnection conn, GateStore.Commit commit, Map<String, LockedRun> runs,
            Map<TaskKey, Activation> sent, Set<String> readNow) {
        return snapshots(conn, runs, readNow).flatMap(snapshots -> fanOuts.advance(conn, snapshots).flatMap(step -> {
            step.activations().forEach(a -> sent.put(new TaskKey(a.runId(), a.task()), a));
            return step.finishedAny() ? settle(conn, commit, runs, sent, readNow)
                    : decide(conn, commit, runs, snapshots, sent, readNow);
        }));
    }

    /**
     * The runs' state: cached where the cache holds it, read from the store otherwise. Runs with fan-out tasks are
     * always read (their item rows change in ways the cache does not follow). Reads are remembered in
     * {@code readNow}.
     */
    private Uni<Map<String, RunSnapshot>> snapshots(SqlConnection conn, Map<String, LockedRun> runs, Set<String> readNow) {
        Map<String, RunSnapshot> cached = new HashMap<>();
        Map<String, LockedRun> toRead = new LinkedHashMap<>();
        runs.forEach((id, run) -> {
            RunStateCache.Entry entry = cache.get(id);
            if (entry != null) {
                cached.put(id, RunStateCache.snapshot(run, entry));
            } else {
                toRead.put(id, run);
            }
        });
        Uni<Map<String, RunSnapshot>> read = toRead.isEmpty() ? Uni.createFrom().item(Map.of())
                : store.snapshots(conn, toRead);
        return read.map(fresh -> {
            readNow.addAll(fresh.keySet());
            fresh.values().stream().filter(run -> !hasFanOut(run)).forEach(cache::put);
            Map<String, RunSnapshot> all = new LinkedHashMap<>();
            runs.keySet().forEach(id -> all.put(id, cached.containsKey(id) ? cached.get(id) : fresh.get(id)));
            return all;
        });
    }

    private boolean hasFanOut(RunSnapshot run) {
        return workflows.get(run.workflowId()).tasks().stream().anyMatch(FanOutItems::isFanOut);
    }

    /**
     * Claims what {@link GateDecision} says fires. Without fan-out parents to start, nothing the claims return
     * changes which runs finish: claims, finishes and COMMIT then go out together, in one round trip.
     */
    private Uni<BatchResult> decide(SqlConnection conn, GateStore.Commit commit, Map<String, LockedRun> runs,
            Map<String, RunSnapshot> snapshots, Map<TaskKey, Activation> sent, Set<String> readNow) {
        long now = System.currentTimeMillis();
        Decision decision = GateDecision.decide(snapshots.values(), workflows::get, fanOuts.maxWidth(), now);
        List<GateStore.Claim> claims = decision.claims();
        decision.resends().forEach(a -> sent.put(new TaskKey(a.runId(), a.task()), a));
        RunEnds ends = decision.fanOutClaims().isEmpty() ? runEnds(snapshots, claims, readNow, now) : null;
        boolean last = ends != null && ends.recheck().isEmpty();
        Uni<Void> finish = last ? store.finishRuns(conn, ends.finishes()) : Uni.createFrom().voidItem();
        Uni<Void> commitNow = last ? commit.send() : Uni.createFrom().voidItem();
        return Uni.combine().all().unis(store.claim(conn, claims),
                fanOutStore.claimParents(conn, decision.fanOutClaims()), finish, commitNow).asTuple().flatMap(done -> {
            Set<TaskKey> won = done.getItem1();
            decision.activations().forEach((key, activation) -> {
                if (won.contains(key)) {
                    sent.put(key, activation);
                }
            });
            CacheChanges changes = new CacheChanges();
            for (GateStore.Claim claim : claims) {
                if (won.contains(new TaskKey(claim.runId(), claim.task()))) {
                    changes.task(claim.runId(), claim.task(), claim.state(), true);
                } else {
                    // Claimed before (a redelivery, or a gate the cache did not hear of): read the run again.
                    changes.forget(claim.runId());
                }
            }
            cache.apply(changes);
            if (last) {
                cache.forget(ends.runIds());
                return Uni.createFrom().item(new BatchResult(new ArrayList<>(sent.values()), ends.events()));
            }
            if (!done.getItem2().isEmpty()) {
                return settle(conn, commit, runs, sent, readNow);
            }
            RunEnds late = runEnds(snapshots, claims, readNow, now);
            if (!late.recheck().isEmpty()) {
                return settle(conn, commit, runs, sent, readNow);
            }
            cache.forget(late.runIds());
            return store.finishRuns(conn, late.finishes()).chain(commit::send)
                    .replaceWith(new BatchResult(new ArrayList<>(sent.values()), late.events()));
        });
    }

    /** {@link GateDecision#runEnds}; a run to recheck is dropped from the cache, so the next pass reads it. */
    private RunEnds runEnds(Map<String, RunSnapshot> snapshots, List<GateStore.Claim> claims, Set<String> readNow,
            long now) {
        RunEnds ends = GateDecision.runEnds(snapshots.values(), workflows::get, claims, readNow, now);
        cache.forget(ends.recheck());
        return ends;
    }

    /**
     * Re-sends the activations a crashed gate claimed but never confirmed sent, for the given runs (found by the
     * gate's sweeper). Execution is at least once, so a duplicate here is harmless; a lost one would stall a run.
     */
    public Uni<List<Activation>> recoverLostActivations(List<String> runIds) {
        return store.inTransaction(conn -> store.lockRuns(conn, runIds).flatMap(runs -> workflows
                .load(workflowIds(runs))
                .chain(() -> store.snapshots(conn, runs))
                .map(snapshots -> snapshots.values().stream()
                        .filter(run -> run.status() == RunStatus.RUNNING)
                        .flatMap(run -> GateDecision.lostActivations(run, workflows.get(run.workflowId()),
                                fanOuts.maxWidth(), System.currentTimeMillis()).stream())
                        .toList())));
    }

    /** Activates the next attempt of every retry whose backoff has passed, for the given runs. */
    public Uni<List<Activation>> activateDueRetries(List<String> runIds) {
        cache.forget(runIds);
        return store.inTransaction(conn -> store.lockRuns(conn, runIds).flatMap(runs -> {
            List<String> running = runs.entrySet().stream()
                    .filter(e -> e.getValue().status() == RunStatus.RUNNING).map(Map.Entry::getKey).toList();
            if (running.isEmpty()) {
                return Uni.createFrom().item(List.<Activation>of());
            }
            return store.activateDueRetries(conn, running).flatMap(due -> workflows.load(workflowIds(runs))
                    .chain(() -> store.snapshots(conn, runs))
                    .map(snapshots -> due.stream().flatMap(key -> {
                        RunSnapshot run = snapshots.get(key.runId());
                        return Activations.of(run, workflows.get(run.workflowId()), key.task(),
                                run.attempts().getOrDefault(key.task(), 1), fanOuts.maxWidth()).stream();
                    }).toList()));
        }));
    }

    private static List<Long> workflowIds(Map<String, LockedRun> runs) {
        return runs.values().stream().map(LockedRun::workflowId).toList();
    }
}
