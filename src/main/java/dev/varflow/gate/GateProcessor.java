package dev.varflow.gate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;

import dev.varflow.engine.FiringRule;
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
 * Handles one batch of events in one transaction: applies variables and task outcomes, claims every task whose
 * input set became complete, and finishes quiescent runs. The decisions come from the pure {@link FiringRule} and
 * {@link RunEvaluator}; this class only moves data in and out of the store.
 */
@ApplicationScoped
public class GateProcessor {

    private static final Logger LOG = Logger.getLogger(GateProcessor.class);

    private final GateStore store;
    private final WorkflowCache workflows;

    public GateProcessor(GateStore store, WorkflowCache workflows) {
        this.store = store;
        this.workflows = workflows;
    }

    public Uni<BatchResult> process(List<RunEvent> events) {
        Set<String> runIds = new LinkedHashSet<>();
        List<RunEvent> variables = new ArrayList<>();
        Map<TaskKey, TaskUpdate> updates = new LinkedHashMap<>();
        for (RunEvent event : events) {
            runIds.add(event.runId());
            switch (event.type()) {
                case VARIABLE -> variables.add(event);
                case TASK_STARTED, TASK_FINISHED -> updates
                        .computeIfAbsent(new TaskKey(event.runId(), event.task()),
                                k -> new TaskUpdate(k.runId(), k.task()))
                        .apply(event);
                default -> {
                    // RUN_STARTED only asks for an evaluation; RUN_FINISHED is for observers.
                }
            }
        }
        return store.inTransaction(conn -> store.lockRuns(conn, runIds).flatMap(runs -> {
            if (runs.size() < runIds.size()) {
                runIds.stream().filter(id -> !runs.containsKey(id))
                        .forEach(id -> LOG.warnf("dropping events of unknown run %s", id));
            }
            List<RunEvent> known = variables.stream().filter(v -> runs.containsKey(v.runId())).toList();
            List<TaskUpdate> knownUpdates = updates.values().stream().filter(u -> runs.containsKey(u.runId)).toList();
            return store.insertVariables(conn, known)
                    .chain(() -> store.updateTasks(conn, knownUpdates))
                    .chain(() -> workflows.load(runs.values().stream().map(r -> r.getLong("workflow_id")).toList()))
                    .chain(() -> store.snapshots(conn, runs))
                    .flatMap(snapshots -> decide(conn, snapshots));
        }));
    }

    private Uni<BatchResult> decide(SqlConnection conn, Map<String, RunSnapshot> snapshots) {
        List<GateStore.Claim> claims = new ArrayList<>();
        Map<TaskKey, Activation> pending = new HashMap<>();
        List<Activation> resend = new ArrayList<>();
        for (RunSnapshot run : snapshots.values()) {
            if (!RunStatus.RUNNING.name().equals(run.status())) {
                continue;
            }
            Workflow workflow = workflows.get(run.workflowId());
            for (TaskDefinition task : FiringRule.readyTasks(workflow, run.variables().keySet(), run.taskStates())) {
                claims.add(new GateStore.Claim(run.runId(), task.name(), task.plugin()));
                pending.put(new TaskKey(run.runId(), task.name()), activation(run, task));
            }
            resend.addAll(lostActivations(run, workflow));
        }
        return store.claim(conn, claims).flatMap(won -> {
            List<Activation> activations = new ArrayList<>(resend);
            pending.forEach((key, activation) -> {
                if (won.contains(key)) {
                    activations.add(activation);
                }
            });
            List<GateStore.RunFinish> finishes = new ArrayList<>();
            List<RunEvent> finished = new ArrayList<>();
            for (RunSnapshot run : snapshots.values()) {
                if (!RunStatus.RUNNING.name().equals(run.status())) {
                    continue;
                }
                Map<String, TaskState> states = new HashMap<>(run.taskStates());
                claims.stream().filter(c -> c.runId().equals(run.runId()))
                        .forEach(c -> states.put(c.task(), TaskState.ACTIVATED));
                RunVerdict verdict = RunEvaluator.evaluate(workflows.get(run.workflowId()),
                        run.variables().keySet(), states);
                if (verdict.status() != RunStatus.RUNNING) {
                    String waiting = verdict.waiting().isEmpty() ? null
                            : new String(Json.write(verdict.waiting()), java.nio.charset.StandardCharsets.UTF_8);
                    finishes.add(new GateStore.RunFinish(run.runId(), verdict.status().name(), waiting));
                    finished.add(RunEvent.runFinished(run.runId(), verdict.status().name(), verdict.waiting()));
                }
            }
            return store.finishRuns(conn, finishes).replaceWith(new BatchResult(activations, finished));
        });
    }

    /**
     * Re-sends the activations a crashed gate claimed but never confirmed sent, for the given runs (found by the
     * gate's sweeper). Execution is at least once, so a duplicate here is harmless; a lost one would stall a run.
     */
    public Uni<List<Activation>> recoverLostActivations(List<String> runIds) {
        return store.inTransaction(conn -> store.lockRuns(conn, runIds).flatMap(runs -> workflows
                .load(runs.values().stream().map(r -> r.getLong("workflow_id")).toList())
                .chain(() -> store.snapshots(conn, runs))
                .map(snapshots -> snapshots.values().stream()
                        .filter(run -> RunStatus.RUNNING.name().equals(run.status()))
                        .flatMap(run -> lostActivations(run, workflows.get(run.workflowId())).stream())
                        .toList())));
    }

    private static List<Activation> lostActivations(RunSnapshot run, Workflow workflow) {
        List<Activation> lost = new ArrayList<>();
        for (String task : run.undispatched()) {
            workflow.task(task).ifPresent(t -> lost.add(activation(run, t)));
        }
        return lost;
    }

    private static Activation activation(RunSnapshot run, TaskDefinition task) {
        Map<String, String> inputs = new HashMap<>();
        for (String input : task.inputs()) {
            String value = run.variables().get(input);
            if (value != null) {
                inputs.put(input, value);
            }
        }
        Set<String> permissions = run.permissions() == null ? null : Set.of(Json.read(
                run.permissions().getBytes(java.nio.charset.StandardCharsets.UTF_8), String[].class));
        return new Activation(run.runId(), task.name(), task.plugin(), task.params(), inputs, task.outputs(),
                permissions, run.permissionError(), task.requiredPermissions(), task.requiresAuth(),
                System.currentTimeMillis());
    }
}
