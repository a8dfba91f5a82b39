package dev.varflow.gate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

import dev.varflow.VarflowConfig;
import dev.varflow.engine.FanOutItems;
import dev.varflow.engine.FanOutPlan;
import dev.varflow.engine.RunStatus;
import dev.varflow.engine.TaskState;
import dev.varflow.messages.Activation;
import dev.varflow.messages.RunEvent;
import dev.varflow.workflow.TaskDefinition;
import dev.varflow.workflow.Workflow;

/**
 * Moves running fan-out tasks forward inside the gate's transaction: claims their next items (one claim per item,
 * so each item is activated exactly once) and, when every item is done, ends the task and sets its outputs to the
 * gathered JSON arrays (the join). The decisions come from {@link FanOutPlan} and {@link FanOutItems}.
 */
@ApplicationScoped
public class FanOuts {

    private final GateStore store;
    private final FanOutStore fanOutStore;
    private final WorkflowCache workflows;
    private final int maxWidth;

    public FanOuts(GateStore store, FanOutStore fanOutStore, WorkflowCache workflows, VarflowConfig config) {
        this.store = store;
        this.fanOutStore = fanOutStore;
        this.workflows = workflows;
        this.maxWidth = config.maxFanoutWidth();
    }

    /** Most items one fan-out task may have. */
    public int maxWidth() {
        return maxWidth;
    }

    /** Renames an output an item emitted, so it waits for the join instead of setting the task's variable. */
    static RunEvent.Variable stored(RunEvent.Variable variable) {
        if (variable.task() == null || FanOutItems.indexOf(variable.task()) < 0) {
            return variable;
        }
        return RunEvent.variable(variable.runId(), variable.task(),
                FanOutItems.itemOutput(variable.task(), variable.name()), variable.value());
    }

    /** Claims due items and finishes completed fan-out tasks of the given runs. */
    public Uni<Step> advance(SqlConnection conn, Map<String, RunSnapshot> snapshots) {
        List<GateStore.Claim> claims = new ArrayList<>();
        Map<TaskKey, Activation> pending = new HashMap<>();
        List<Uni<Void>> finishes = new ArrayList<>();
        for (RunSnapshot run : snapshots.values()) {
            if (run.status() != RunStatus.RUNNING) {
                continue;
            }
            Workflow workflow = workflows.get(run.workflowId());
            for (TaskDefinition task : workflow.tasks()) {
                if (FanOutItems.isFanOut(task) && run.taskStates().get(task.name()) == TaskState.RUNNING) {
                    plan(conn, run, task, claims, pending, finishes);
                }
            }
        }
        // One statement at a time on the transaction's connection: finish first, then claim.
        Uni<Void> finished = Uni.createFrom().voidItem();
        for (Uni<Void> finish : finishes) {
            finished = finished.chain(() -> finish);
        }
        return finished.chain(() -> store.claim(conn, claims)).map(won -> {
            List<Activation> activations = new ArrayList<>();
            pending.forEach((key, activation) -> {
                if (won.contains(key)) {
                    activations.add(activation);
                }
            });
            return new Step(activations, !finishes.isEmpty());
        });
    }

    private void plan(SqlConnection conn, RunSnapshot run, TaskDefinition task, List<GateStore.Claim> claims,
            Map<TaskKey, Activation> pending, List<Uni<Void>> finishes) {
        FanOutItems.Resolved resolved = FanOutItems.resolve(task, run.variables(), maxWidth);
        if (resolved.error() != null) {
            finishes.add(fanOutStore.finish(conn, run.runId(), task.name(), TaskState.FAILED, resolved.error()));
            return;
        }
        int width = resolved.items().size();
        Map<Integer, TaskState> itemStates = new HashMap<>();
        run.taskStates().forEach((name, state) -> {
            int index = FanOutItems.indexOf(name);
            if (index >= 0 && index < width && FanOutItems.parentOf(name).equals(task.name())) {
                itemStates.put(index, state);
            }
        });
        FanOutPlan plan = FanOutPlan.next(width, itemStates, FanOutItems.concurrency(task));
        for (int index : plan.claim()) {
            String item = FanOutItems.itemTask(task.name(), index);
            claims.add(new GateStore.Claim(run.runId(), item, task.plugin(), TaskState.ACTIVATED, null,
                    run.runAttempt()));
            pending.put(new TaskKey(run.runId(), item),
                    Activations.item(run, task, index, resolved.items().get(index), 1));
        }
        if (plan.finished()) {
            finishes.add(finish(conn, run, task, width, plan.outcome()));
        }
    }

    private Uni<Void> finish(SqlConnection conn, RunSnapshot run, TaskDefinition task, int width, TaskState outcome) {
        String error = outcome == TaskState.FAILED ? "an item failed" : null;
        Uni<Void> join = Uni.createFrom().voidItem();
        if (outcome == TaskState.SUCCEEDED) {
            List<RunEvent.Variable> joined = new ArrayList<>();
            FanOutItems.join(task.name(), task.outputs(), width, run.variables())
                    .forEach((name, value) -> joined.add(RunEvent.variable(run.runId(), task.name(), name, value)));
            join = store.insertVariables(conn, joined).replaceWithVoid();
        }
        return join.chain(() -> fanOutStore.finish(conn, run.runId(), task.name(), outcome, error));
    }

    /**
     * What one advance did.
     *
     * @param activations items to send to workers
     * @param finishedAny whether a fan-out task ended (its outputs may let further tasks fire)
     */
    public record Step(List<Activation> activations, boolean finishedAny) {
    }
}
