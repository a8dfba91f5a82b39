package dev.varflow.gate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;

import dev.varflow.VarflowConfig;
import dev.varflow.engine.FanOutItems;
import dev.varflow.engine.FiringRule;
import dev.varflow.engine.RunEvaluator;
import dev.varflow.engine.RunStatus;
import dev.varflow.engine.RunVerdict;
import dev.varflow.engine.TaskState;
import dev.varflow.messages.Activation;
import dev.varflow.messages.Json;
import dev.varflow.messages.RunEvent;
import dev.varflow.workflow.RetryPolicy;
import dev.varflow.workflow.TaskDefinition;
import dev.varflow.workflow.Workflow;

/**
 * Handles one batch of events in one transaction: applies variables and task outcomes (scheduling retries of
 * failed attempts), claims every task whose input set became complete, and finishes quiescent runs. The decisions
 * come from the pure {@link FiringRule}, {@link RetryPolicy} and {@link RunEvaluator}; this class only moves data
 * in and out of the store.
 */
@ApplicationScoped
public class GateProcessor {

    private static final Logger LOG = Logger.getLogger(GateProcessor.class);

    private final GateStore store;
    private final WorkflowCache workflows;
    private final Conditions conditions = new Conditions();
    private final FanOuts fanOuts;
    private final FanOutStore fanOutStore;
    private final RunStateCache cache;

    public GateProcessor(GateStore store, WorkflowCache workflows, FanOuts fanOuts, FanOutStore fanOutStore,
            VarflowConfig config) {
        this.store = store;
        this.workflows = workflows;
        this.fanOuts = fanOuts;
        this.fanOutStore = fanOutStore;
        this.cache = new RunStateCache(config.gate().cachedRuns());
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
        return store.inPipelinedTransaction((conn, commit) -> store.lockRuns(conn, runIds).flatMap(runs -> {
            if (runs.size() < runIds.size()) {
                runIds.stream().filter(id -> !runs.containsKey(id))
                        .forEach(id -> LOG.warnf("dropping events of unknown run %s", id));
            }
            List<RunEvent> known = events.stream().filter(e -> runs.containsKey(e.runId())).toList();
            Set<String> startedNow = new LinkedHashSet<>();
            known.stream().filter(e -> e instanceof RunEvent.RunStarted).forEach(e -> startedNow.add(e.runId()));
            Map<String, Row> evaluable = new LinkedHashMap<>();
            runs.forEach((id, row) -> {
                if (startedNow.contains(id) || Boolean.TRUE.equals(row.getBoolean("started"))) {
                    evaluable.put(id, row);
                }
            });
            cache.retainValid(runs);
            known.stream().filter(GateProcessor::isRunLevel).forEach(e -> cache.forget(e.runId()));
            return workflows.load(workflowIds(runs)).chain(() -> apply(conn, runs, known, dispatched, startedNow))
                    .chain(() -> settle(conn, commit, evaluable, new LinkedHashMap<>(), new HashSet<>()));
        })).onFailure().invoke(() -> cache.forget(runIds));
    }

    /**
     * Reads the runs, moves their fan-out tasks forward, then decides what fires. A fan-out task that ended or
     * started changes what can fire, so the runs are read and decided again (at most twice per task).
     */
    private Uni<BatchResult> settle(SqlConnection conn, GateStore.Commit commit, Map<String, Row> runs,
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
    private Uni<Map<String, RunSnapshot>> snapshots(SqlConnection conn, Map<String, Row> runs, Set<String> readNow) {
        Map<String, RunSnapshot> cached = new HashMap<>();
        Map<String, Row> toRead = new LinkedHashMap<>();
        runs.forEach((id, row) -> {
            RunStateCache.Entry entry = cache.get(id);
            if (entry != null) {
                cached.put(id, RunStateCache.snapshot(id, row, entry));
            } else {
                toRead.put(id, row);
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

    private Uni<Void> apply(SqlConnection conn, Map<String, Row> runs, List<RunEvent> events,
            Collection<TaskKey> dispatched, Set<String> startedNow) {
        List<RunEvent.Variable> variables = new ArrayList<>();
        List<RunEvent.TaskFinished> unsuccessful = new ArrayList<>();
        List<RunEvent> runLevel = new ArrayList<>();
        Map<TaskKey, TaskUpdate> updates = new LinkedHashMap<>();
        for (RunEvent event : events) {
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
        runs.forEach((id, row) -> runAttempts.put(id, row.getInteger("attempt")));
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
                    byKey.values().forEach(v -> {
                        if (inserted.contains(new TaskKey(v.runId(), v.name()))) {
                            cache.variableSet(v.runId(), v.name(), v.value());
                        } else {
                            RunStateCache.Entry entry = cache.get(v.runId());
                            if (entry != null && !entry.variables().containsKey(v.name())) {
                                // Set by someone the cache did not hear of: read the run again.
                                cache.forget(v.runId());
                            }
                        }
                    });
                    done.getItem2().forEach((key, state) -> cache.taskChanged(key.runId(), key.task(), state, false));
                }).replaceWithVoid();
    }

    private static TaskUpdate update(Map<TaskKey, TaskUpdate> updates, String runId, String task) {
        return updates.computeIfAbsent(new TaskKey(runId, task), k -> new TaskUpdate(k.runId(), k.task()));
    }

    /** True for an event about the run as a whole (start, pause, resume, finish), not one of its tasks. */
    private static boolean isRunLevel(RunEvent event) {
        return !(event instanceof RunEvent.Variable || event instanceof RunEvent.TaskEvent);
    }

    /** A failed attempt with attempts left waits for its backoff instead of failing the task. */
    private void scheduleRetry(TaskUpdate update, Row run) {
        if (update.finalState != TaskState.FAILED) {
            return;
        }
        workflows.get(run.getLong("workflow_id")).task(FanOutItems.parentOf(update.task)).ifPresent(task -> {
            RetryPolicy policy = task.execution().retryPolicy();
            if (policy.allowsRetryAfter(update.attempt)) {
                Duration backoff = policy.backoffAfter(update.attempt, ThreadLocalRandom.current());
                update.retryAt(System.currentTimeMillis() + backoff.toMillis());
                LOG.debugf("task %s of run %s failed attempt %d; retry in %d ms", update.task, update.runId,
                        update.attempt, backoff.toMillis());
            }
        });
    }

    private Uni<BatchResult> decide(SqlConnection conn, GateStore.Commit commit, Map<String, Row> runs,
            Map<String, RunSnapshot> snapshots, Map<TaskKey, Activation> sent, Set<String> readNow) {
        List<GateStore.Claim> claims = new ArrayList<>();
        List<GateStore.Claim> fanOutClaims = new ArrayList<>();
        Map<TaskKey, Activation> pending = new HashMap<>();
        List<Activation> resend = new ArrayList<>();
        for (RunSnapshot run : snapshots.values()) {
            if (run.status() != RunStatus.RUNNING) {
                continue;
            }
            Workflow workflow = workflows.get(run.workflowId());
            for (TaskDefinition task : FiringRule.readyTasks(workflow, run.variables().keySet(), run.taskStates())) {
                Conditions.Verdict verdict = conditions.evaluate(task, run.variables());
                if (verdict == Conditions.Verdict.RUN && FanOutItems.isFanOut(task)) {
                    String error = FanOutItems.resolve(task, run.variables(), fanOuts.maxWidth()).error();
                    (error == null ? fanOutClaims : claims).add(new GateStore.Claim(run.runId(), task.name(),
                            task.plugin(), error == null ? TaskState.RUNNING : TaskState.FAILED, error,
                            run.runAttempt()));
                    continue;
                }
                claims.add(new GateStore.Claim(run.runId(), task.name(), task.plugin(), verdict.state(),
                        verdict.error(), run.runAttempt()));
                if (verdict == Conditions.Verdict.RUN) {
                    pending.put(new TaskKey(run.runId(), task.name()), Activations.of(run, task, 1));
                }
            }
            resend.addAll(lostActivations(run, workflow, fanOuts.maxWidth()));
        }
        resend.forEach(a -> sent.put(new TaskKey(a.runId(), a.task()), a));
        // Without fan-out parents to start, nothing the claims return changes which runs finish: claims, finishes
        // and COMMIT then go out together, in one round trip.
        RunEnds ends = fanOutClaims.isEmpty() ? runEnds(snapshots, claims, readNow) : null;
        boolean last = ends != null && !ends.recheck();
        Uni<Void> finish = last ? store.finishRuns(conn, ends.finishes()) : Uni.createFrom().voidItem();
        Uni<Void> commitNow = last ? commit.send() : Uni.createFrom().voidItem();
        return Uni.combine().all().unis(store.claim(conn, claims), fanOutStore.claimParents(conn, fanOutClaims),
                finish, commitNow).asTuple().flatMap(done -> {
            Set<TaskKey> won = done.getItem1();
            pending.forEach((key, activation) -> {
                if (won.contains(key)) {
                    sent.put(key, activation);
                }
            });
            for (GateStore.Claim claim : claims) {
                if (won.contains(new TaskKey(claim.runId(), claim.task()))) {
                    cache.taskChanged(claim.runId(), claim.task(), claim.state(), true);
                } else {
                    // Claimed before (a redelivery, or a gate the cache did not hear of): read the run again.
                    cache.forget(claim.runId());
                }
            }
            if (last) {
                cache.forget(ends.runIds());
                return Uni.createFrom().item(new BatchResult(new ArrayList<>(sent.values()), ends.events()));
            }
            if (!done.getItem2().isEmpty()) {
                return settle(conn, commit, runs, sent, readNow);
            }
            RunEnds late = runEnds(snapshots, claims, readNow);
            if (late.recheck()) {
                return settle(conn, commit, runs, sent, readNow);
            }
            cache.forget(late.runIds());
            return store.finishRuns(conn, late.finishes()).chain(commit::send)
                    .replaceWith(new BatchResult(new ArrayList<>(sent.values()), late.events()));
        });
    }

    /**
     * The runs that end with this batch's claims. A run whose verdict came from cached state is not among them: it
     * is dropped from the cache and {@code recheck} asks for another pass that reads it.
     */
    private RunEnds runEnds(Map<String, RunSnapshot> snapshots, List<GateStore.Claim> claims, Set<String> readNow) {
        List<GateStore.RunFinish> finishes = new ArrayList<>();
        List<RunEvent.RunFinished> events = new ArrayList<>();
        boolean recheck = false;
        for (RunSnapshot run : snapshots.values()) {
            if (run.status() != RunStatus.RUNNING) {
                continue;
            }
            Map<String, TaskState> states = new HashMap<>(run.taskStates());
            claims.stream().filter(c -> c.runId().equals(run.runId()))
                    .forEach(c -> states.put(c.task(), c.state()));
            RunVerdict verdict = RunEvaluator.evaluate(workflows.get(run.workflowId()), run.variables().keySet(),
                    states);
            if (verdict.status() == RunStatus.RUNNING) {
                continue;
            }
            if (!readNow.contains(run.runId())) {
                // Never finish a run on cached state: read it again and decide once more.
                cache.forget(run.runId());
                recheck = true;
                continue;
            }
            String waiting = verdict.waiting().isEmpty() ? null
                    : new String(Json.write(verdict.waiting()), StandardCharsets.UTF_8);
            finishes.add(new GateStore.RunFinish(run.runId(), verdict.status(), waiting));
            events.add(RunEvent.runFinished(run.runId(), verdict.status(), verdict.waiting()));
        }
        return new RunEnds(finishes, events, recheck);
    }

    /** What {@link #runEnds} found. */
    private record RunEnds(List<GateStore.RunFinish> finishes, List<RunEvent.RunFinished> events,
            boolean recheck) {
        List<String> runIds() {
            return finishes.stream().map(GateStore.RunFinish::runId).toList();
        }
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
                        .flatMap(run -> lostActivations(run, workflows.get(run.workflowId()), fanOuts.maxWidth())
                                .stream())
                        .toList())));
    }

    /** Activates the next attempt of every retry whose backoff has passed, for the given runs. */
    public Uni<List<Activation>> activateDueRetries(List<String> runIds) {
        cache.forget(runIds);
        return store.inTransaction(conn -> store.lockRuns(conn, runIds).flatMap(runs -> {
            List<String> running = runs.entrySet().stream()
                    .filter(e -> GateStore.status(e.getValue()) == RunStatus.RUNNING).map(Map.Entry::getKey).toList();
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

    private static List<Activation> lostActivations(RunSnapshot run, Workflow workflow, int maxWidth) {
        List<Activation> lost = new ArrayList<>();
        for (String task : run.undispatched()) {
            Activations.of(run, workflow, task, run.attempts().getOrDefault(task, 1), maxWidth).ifPresent(lost::add);
        }
        return lost;
    }

    private static List<Long> workflowIds(Map<String, Row> runs) {
        return runs.values().stream().map(r -> r.getLong("workflow_id")).toList();
    }
}
