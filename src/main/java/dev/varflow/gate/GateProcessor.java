package dev.varflow.gate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
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

import dev.varflow.engine.Durations;
import dev.varflow.engine.FiringRule;
import dev.varflow.engine.RetryPolicy;
import dev.varflow.engine.RunEvaluator;
import dev.varflow.engine.RunStatus;
import dev.varflow.engine.RunVerdict;
import dev.varflow.engine.TaskState;
import dev.varflow.messages.Activation;
import dev.varflow.messages.Json;
import dev.varflow.messages.RunEvent;
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
    private static final String RUNNING = RunStatus.RUNNING.name();

    private final GateStore store;
    private final WorkflowCache workflows;
    private final Conditions conditions = new Conditions();

    public GateProcessor(GateStore store, WorkflowCache workflows) {
        this.store = store;
        this.workflows = workflows;
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
        return store.inTransaction(conn -> store.lockRuns(conn, runIds).flatMap(runs -> {
            if (runs.size() < runIds.size()) {
                runIds.stream().filter(id -> !runs.containsKey(id))
                        .forEach(id -> LOG.warnf("dropping events of unknown run %s", id));
            }
            List<RunEvent> known = events.stream().filter(e -> runs.containsKey(e.runId())).toList();
            // Statements pipelined on the connection: sent back to back, executed in order, one round trip.
            return workflows.load(workflowIds(runs)).chain(() -> Uni.combine().all()
                            .unis(apply(conn, runs, known, dispatched), store.snapshots(conn, runs)).asTuple())
                    .flatMap(results -> decide(conn, results.getItem2()));
        }));
    }

    private Uni<Void> apply(SqlConnection conn, Map<String, Row> runs, List<RunEvent> events,
            Collection<TaskKey> dispatched) {
        List<RunEvent> variables = new ArrayList<>();
        List<RunEvent> finished = new ArrayList<>();
        Map<TaskKey, TaskUpdate> updates = new LinkedHashMap<>();
        for (RunEvent event : events) {
            switch (event.type()) {
                case VARIABLE -> variables.add(event);
                case TASK_STARTED, TASK_FINISHED -> {
                    updates.computeIfAbsent(new TaskKey(event.runId(), event.task()),
                            k -> new TaskUpdate(k.runId(), k.task())).apply(event);
                    if (event.type() == RunEvent.Type.TASK_FINISHED) {
                        finished.add(event);
                    }
                }
                default -> {
                    // Run-level events only ask for an evaluation and a line in the history.
                }
            }
        }
        updates.values().forEach(update -> scheduleRetry(update, runs.get(update.runId)));
        Map<String, Integer> runAttempts = new HashMap<>();
        runs.forEach((id, row) -> runAttempts.put(id, row.getInteger("attempt")));
        return Uni.join().all(store.markDispatched(conn, dispatched), store.insertVariables(conn, variables),
                        store.updateTasks(conn, updates.values()), store.recordAttempts(conn, finished, runAttempts),
                        store.recordHistory(conn, events))
                .andFailFast().replaceWithVoid();
    }

    /** A failed attempt with attempts left waits for its backoff instead of failing the task. */
    private void scheduleRetry(TaskUpdate update, Row run) {
        if (!TaskState.FAILED.name().equals(update.finalState)) {
            return;
        }
        workflows.get(run.getLong("workflow_id")).task(update.task).ifPresent(task -> {
            RetryPolicy policy = RetryPolicy.of(task.execution());
            if (policy.allowsRetryAfter(update.attempt)) {
                Duration backoff = policy.backoffAfter(update.attempt, ThreadLocalRandom.current());
                update.retryAt(System.currentTimeMillis() + backoff.toMillis());
                LOG.debugf("task %s of run %s failed attempt %d; retry in %d ms", update.task, update.runId,
                        update.attempt, backoff.toMillis());
            }
        });
    }

    private Uni<BatchResult> decide(SqlConnection conn, Map<String, RunSnapshot> snapshots) {
        List<GateStore.Claim> claims = new ArrayList<>();
        Map<String, Map<String, TaskState>> claimedStates = new HashMap<>();
        Map<TaskKey, Activation> pending = new HashMap<>();
        List<Activation> resend = new ArrayList<>();
        for (RunSnapshot run : snapshots.values()) {
            if (!RUNNING.equals(run.status())) {
                continue;
            }
            Workflow workflow = workflows.get(run.workflowId());
            for (TaskDefinition task : FiringRule.readyTasks(workflow, run.variables().keySet(), run.taskStates())) {
                Conditions.Verdict verdict = conditions.evaluate(workflow, task, run.variables());
                claims.add(new GateStore.Claim(run.runId(), task.name(), task.plugin(), verdict.state(),
                        verdict.error()));
                claimedStates.computeIfAbsent(run.runId(), k -> new HashMap<>())
                        .put(task.name(), TaskState.valueOf(verdict.state()));
                if (verdict == Conditions.Verdict.RUN) {
                    pending.put(new TaskKey(run.runId(), task.name()), activation(run, task, 1));
                }
            }
            resend.addAll(lostActivations(run, workflow));
        }
        List<GateStore.RunFinish> finishes = new ArrayList<>();
        List<RunEvent> finished = new ArrayList<>();
        for (RunSnapshot run : snapshots.values()) {
            if (!RUNNING.equals(run.status())) {
                continue;
            }
            Map<String, TaskState> states = new HashMap<>(run.taskStates());
            states.putAll(claimedStates.getOrDefault(run.runId(), Map.of()));
            RunVerdict verdict = RunEvaluator.evaluate(workflows.get(run.workflowId()),
                    run.variables().keySet(), states);
            if (verdict.status() != RunStatus.RUNNING) {
                String waiting = verdict.waiting().isEmpty() ? null
                        : new String(Json.write(verdict.waiting()), StandardCharsets.UTF_8);
                finishes.add(new GateStore.RunFinish(run.runId(), verdict.status().name(), waiting));
                finished.add(RunEvent.runFinished(run.runId(), verdict.status().name(), verdict.waiting()));
            }
        }
        // Claim and finish are independent of each other's results: one pipelined round trip.
        Uni<Set<TaskKey>> claimed = store.claim(conn, claims);
        return Uni.combine().all().unis(claimed, store.finishRuns(conn, finishes)).asTuple().map(both -> {
            Set<TaskKey> won = both.getItem1();
            List<Activation> activations = new ArrayList<>(resend);
            pending.forEach((key, activation) -> {
                if (won.contains(key)) {
                    activations.add(activation);
                }
            });
            return new BatchResult(activations, finished);
        });
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
                        .filter(run -> RUNNING.equals(run.status()))
                        .flatMap(run -> lostActivations(run, workflows.get(run.workflowId())).stream())
                        .toList())));
    }

    /** Activates the next attempt of every retry whose backoff has passed, for the given runs. */
    public Uni<List<Activation>> activateDueRetries(List<String> runIds) {
        return store.inTransaction(conn -> store.lockRuns(conn, runIds).flatMap(runs -> {
            List<String> running = runs.entrySet().stream()
                    .filter(e -> RUNNING.equals(e.getValue().getString("status"))).map(Map.Entry::getKey).toList();
            if (running.isEmpty()) {
                return Uni.createFrom().item(List.<Activation>of());
            }
            return store.activateDueRetries(conn, running).flatMap(due -> workflows.load(workflowIds(runs))
                    .chain(() -> store.snapshots(conn, runs))
                    .map(snapshots -> due.stream().map(key -> {
                        RunSnapshot run = snapshots.get(key.runId());
                        TaskDefinition task = workflows.get(run.workflowId()).task(key.task()).orElseThrow();
                        return activation(run, task, run.attempts().getOrDefault(key.task(), 1));
                    }).toList()));
        }));
    }

    private static List<Activation> lostActivations(RunSnapshot run, Workflow workflow) {
        List<Activation> lost = new ArrayList<>();
        for (String task : run.undispatched()) {
            workflow.task(task).ifPresent(t -> lost.add(activation(run, t, run.attempts().getOrDefault(task, 1))));
        }
        return lost;
    }

    private static List<Long> workflowIds(Map<String, Row> runs) {
        return runs.values().stream().map(r -> r.getLong("workflow_id")).toList();
    }

    private static Activation activation(RunSnapshot run, TaskDefinition task, int attempt) {
        Map<String, String> inputs = new HashMap<>();
        for (String input : task.inputs()) {
            String value = run.variables().get(input);
            if (value != null) {
                inputs.put(input, value);
            }
        }
        Set<String> permissions = run.permissions() == null ? null : Set.of(Json.read(
                run.permissions().getBytes(StandardCharsets.UTF_8), String[].class));
        Object timeout = task.execution().get("timeout");
        Long timeoutMillis = timeout == null ? null : Durations.parse(timeout.toString()).toMillis();
        return new Activation(run.runId(), task.name(), task.plugin(), task.params(), inputs, task.outputs(),
                permissions, run.permissionError(), task.requiredPermissions(), task.requiresAuth(),
                System.currentTimeMillis(), attempt, timeoutMillis);
    }
}
