package dev.varflow.gate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;

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
 * The gate's decisions as pure functions of immutable values (run snapshots taken after the batch's events were
 * applied, workflows, the time): what to claim and activate, what to send again, which runs end, when a failed
 * attempt is retried. No I/O, no cache: {@link GateProcessor} reads the snapshots, calls these and writes the result.
 */
public final class GateDecision {

    private static final Conditions CONDITIONS = new Conditions();

    private GateDecision() {
    }

    /**
     * Claims every task of a running run whose input set is complete (in the state its condition gives it), with the
     * activation to send once its claim is won, and the activations lost by a crashed gate.
     */
    static Decision decide(Collection<RunSnapshot> runs, WorkflowLookup workflows, int maxWidth, long now) {
        List<GateStore.Claim> claims = new ArrayList<>();
        List<GateStore.Claim> fanOutClaims = new ArrayList<>();
        Map<TaskKey, Activation> activations = new LinkedHashMap<>();
        List<Activation> resends = new ArrayList<>();
        for (RunSnapshot run : runs) {
            if (run.status() != RunStatus.RUNNING) {
                continue;
            }
            Workflow workflow = workflows.get(run.workflowId());
            for (TaskDefinition task : FiringRule.readyTasks(workflow, run.variables().keySet(), run.taskStates())) {
                Conditions.Verdict verdict = CONDITIONS.evaluate(task, run.variables());
                if (verdict == Conditions.Verdict.RUN && FanOutItems.isFanOut(task)) {
                    String error = FanOutItems.resolve(task, run.variables(), maxWidth).error();
                    (error == null ? fanOutClaims : claims).add(new GateStore.Claim(run.runId(), task.name(),
                            task.plugin(), error == null ? TaskState.RUNNING : TaskState.FAILED, error,
                            run.runAttempt()));
                    continue;
                }
                claims.add(new GateStore.Claim(run.runId(), task.name(), task.plugin(), verdict.state(),
                        verdict.error(), run.runAttempt()));
                if (verdict == Conditions.Verdict.RUN) {
                    activations.put(new TaskKey(run.runId(), task.name()), Activations.of(run, task, 1, now));
                }
            }
            resends.addAll(lostActivations(run, workflow, maxWidth, now));
        }
        return new Decision(List.copyOf(claims), List.copyOf(fanOutClaims), activations, List.copyOf(resends));
    }

    /**
     * The runs that end once {@code claims} are applied. A run whose state was not read from the store in this
     * transaction ({@code readNow}) is never finished: it is listed in {@link RunEnds#recheck()} instead.
     */
    static RunEnds runEnds(Collection<RunSnapshot> runs, WorkflowLookup workflows, List<GateStore.Claim> claims,
            Set<String> readNow, long now) {
        List<GateStore.RunFinish> finishes = new ArrayList<>();
        List<RunEvent.RunFinished> events = new ArrayList<>();
        List<String> recheck = new ArrayList<>();
        Map<String, List<GateStore.Claim>> claimsByRun = byRun(claims);
        for (RunSnapshot run : runs) {
            if (run.status() != RunStatus.RUNNING) {
                continue;
            }
            Map<String, TaskState> states = withClaims(run.taskStates(), claimsByRun.get(run.runId()));
            RunVerdict verdict = RunEvaluator.evaluate(workflows.get(run.workflowId()), run.variables().keySet(),
                    states);
            if (verdict.status() == RunStatus.RUNNING) {
                continue;
            }
            if (!readNow.contains(run.runId())) {
                recheck.add(run.runId());
                continue;
            }
            String waiting = verdict.waiting().isEmpty() ? null : new String(Json.write(verdict.waiting()), StandardCharsets.UTF_8);
            finishes.add(new GateStore.RunFinish(run.runId(), verdict.status(), waiting));
            events.add(new RunEvent.RunFinished(run.runId(), verdict.status(), null, now, verdict.waiting(), null));
        }
        return new RunEnds(List.copyOf(finishes), List.copyOf(events), List.copyOf(recheck));
    }

    /**
     * The claims grouped by run, in their order. Looked up per run rather than filtered from the whole list: a batch
     * of a few thousand events has about as many runs as claims, and the scan made runEnds quadratic.
     */
    private static Map<String, List<GateStore.Claim>> byRun(List<GateStore.Claim> claims) {
        Map<String, List<GateStore.Claim>> byRun = new HashMap<>();
        for (GateStore.Claim claim : claims) {
            byRun.computeIfAbsent(claim.runId(), id -> new ArrayList<>(4)).add(claim);
        }
        return byRun;
    }

    /** The run's task states once its claims are applied; the snapshot's own map when it has none (no copy). */
    private static Map<String, TaskState> withClaims(Map<String, TaskState> states, List<GateStore.Claim> claims) {
        if (claims == null) {
            return states;
        }
        Map<String, TaskState> claimed = new HashMap<>(states);
        for (GateStore.Claim claim : claims) {
            claimed.put(claim.task(), claim.state());
        }
        return claimed;
    }

    /**
     * When a task that just failed {@code attempt} is tried again (epoch milliseconds), or empty when its retry
     * policy allows no further attempt.
     */
    static Optional<Long> retryAt(Workflow workflow, String task, int attempt, long now, RandomGenerator random) {
        return workflow.task(FanOutItems.parentOf(task)).flatMap(definition -> {
            RetryPolicy policy = definition.execution().retryPolicy();
            if (!policy.allowsRetryAfter(attempt)) {
                return Optional.empty();
            }
            Duration backoff = policy.backoffAfter(attempt, random);
            return Optional.of(now + backoff.toMillis());
        });
    }

    /** Activations of the run's tasks claimed long ago and never confirmed sent (a crashed gate). */
    static List<Activation> lostActivations(RunSnapshot run, Workflow workflow, int maxWidth, long now) {
        List<Activation> lost = new ArrayList<>();
        for (String task : run.undispatched()) {
            Activations.of(run, workflow, task, run.attempts().getOrDefault(task, 1), maxWidth, now)
                    .ifPresent(lost::add);
        }
        return lost;
    }
}
