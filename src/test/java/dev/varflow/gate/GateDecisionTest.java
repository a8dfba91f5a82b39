package dev.varflow.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.varflow.engine.RunStatus;
import dev.varflow.engine.TaskState;
import dev.varflow.messages.Activation;
import dev.varflow.messages.RunEvent;
import dev.varflow.workflow.Condition;
import dev.varflow.workflow.Execution;
import dev.varflow.workflow.RetryPolicy;
import dev.varflow.workflow.SourceLocation;
import dev.varflow.workflow.TaskDefinition;
import dev.varflow.workflow.Workflow;

class GateDecisionTest {

    private static final long NOW = 1_700_000_000_000L;
    private static final long WORKFLOW_ID = 7;
    private static final int MAX_WIDTH = 100;

    @Test
    void shouldClaimAndActivateTaskWhoseInputsAreSet() {
        // given
        WorkflowLookup workflows = lookup(task("P", List.of(), List.of("X")), task("C", List.of("X"), List.of()));
        RunSnapshot run = run(RunStatus.RUNNING, Map.of("X", "1"), Map.of("P", TaskState.SUCCEEDED));

        // when
        Decision decision = GateDecision.decide(List.of(run), workflows, MAX_WIDTH, NOW);

        // then
        assertThat(decision.claims())
                .containsExactly(new GateStore.Claim("r1", "C", "cmd", TaskState.ACTIVATED, null, 1));
        assertThat(decision.activations()).containsExactly(Map.entry(new TaskKey("r1", "C"), activation("C",
                Map.of("X", "1"), 1)));
        assertThat(decision.fanOutClaims()).isEmpty();
        assertThat(decision.resends()).isEmpty();
    }

    @Test
    void shouldClaimTaskSkippedWithoutActivationWhenItsConditionIsFalse() {
        // given
        TaskDefinition guarded = new TaskDefinition("C", "cmd", List.of("X"), List.of(), Map.of(),
                Execution.NONE.withWhen(Condition.compile("X == 2", List.of("X"))), List.of(), false,
                SourceLocation.UNKNOWN);
        WorkflowLookup workflows = lookup(task("P", List.of(), List.of("X")), guarded);
        RunSnapshot run = run(RunStatus.RUNNING, Map.of("X", "1"), Map.of("P", TaskState.SUCCEEDED));

        // when
        Decision decision = GateDecision.decide(List.of(run), workflows, MAX_WIDTH, NOW);

        // then
        assertThat(decision.claims())
                .containsExactly(new GateStore.Claim("r1", "C", "cmd", TaskState.SKIPPED, null, 1));
        assertThat(decision.activations()).isEmpty();
    }

    @Test
    void shouldDecideNothingForRunThatIsNotRunning() {
        // given
        WorkflowLookup workflows = lookup(task("P", List.of(), List.of("X")), task("C", List.of("X"), List.of()));
        RunSnapshot paused = run(RunStatus.PAUSED, Map.of("X", "1"), Map.of("P", TaskState.SUCCEEDED));

        // when
        Decision decision = GateDecision.decide(List.of(paused), workflows, MAX_WIDTH, NOW);
        RunEnds ends = GateDecision.runEnds(List.of(paused), workflows, List.of(), Set.of("r1"), NOW);

        // then
        assertThat(decision).isEqualTo(new Decision(List.of(), List.of(), Map.of(), List.of()));
        assertThat(ends).isEqualTo(new RunEnds(List.of(), List.of(), List.of()));
    }

    @Test
    void shouldResendActivationClaimedButNeverConfirmedSent() {
        // given
        WorkflowLookup workflows = lookup(task("P", List.of(), List.of("X")), task("C", List.of("X"), List.of()));
        RunSnapshot run = new RunSnapshot("r1", WORKFLOW_ID, RunStatus.RUNNING, null, null, Map.of("X", "1"),
                Map.of("P", TaskState.SUCCEEDED, "C", TaskState.ACTIVATED), Set.of("C"), Map.of("C", 2), 1);

        // when
        Decision decision = GateDecision.decide(List.of(run), workflows, MAX_WIDTH, NOW);

        // then
        assertThat(decision.claims()).isEmpty();
        assertThat(decision.resends()).containsExactly(activation("C", Map.of("X", "1"), 2));
    }

    @Test
    void shouldFinishRunWhoseStateWasReadInThisTransaction() {
        // given
        WorkflowLookup workflows = lookup(task("P", List.of(), List.of("X")), task("C", List.of("X"), List.of()));
        RunSnapshot run = run(RunStatus.RUNNING, Map.of("X", "1"), Map.of("P", TaskState.SUCCEEDED));
        List<GateStore.Claim> claims = List.of(new GateStore.Claim("r1", "C", "cmd", TaskState.SKIPPED, null, 1));

        // when
        RunEnds ends = GateDecision.runEnds(List.of(run), workflows, claims, Set.of("r1"), NOW);

        // then
        assertThat(ends).isEqualTo(new RunEnds(List.of(new GateStore.RunFinish("r1", RunStatus.SUCCEEDED, null)),
                List.of(new RunEvent.RunFinished("r1", RunStatus.SUCCEEDED, null, NOW, Map.of(), null)), List.of()));
    }

    @Test
    void shouldRecheckInsteadOfFinishingRunDecidedOnCachedState() {
        // given
        WorkflowLookup workflows = lookup(task("P", List.of(), List.of("X")));
        RunSnapshot run = run(RunStatus.RUNNING, Map.of("X", "1"), Map.of("P", TaskState.SUCCEEDED));

        // when
        RunEnds ends = GateDecision.runEnds(List.of(run), workflows, List.of(), Set.of(), NOW);

        // then
        assertThat(ends).isEqualTo(new RunEnds(List.of(), List.of(), List.of("r1")));
    }

    @Test
    void shouldKeepRunRunningWhileClaimedTaskIsActive() {
        // given
        WorkflowLookup workflows = lookup(task("P", List.of(), List.of("X")), task("C", List.of("X"), List.of()));
        RunSnapshot run = run(RunStatus.RUNNING, Map.of("X", "1"), Map.of("P", TaskState.SUCCEEDED));
        List<GateStore.Claim> claims = List.of(new GateStore.Claim("r1", "C", "cmd", TaskState.ACTIVATED, null, 1));

        // when
        RunEnds ends = GateDecision.runEnds(List.of(run), workflows, claims, Set.of("r1"), NOW);

        // then
        assertThat(ends).isEqualTo(new RunEnds(List.of(), List.of(), List.of()));
    }

    @Test
    void shouldApplyEachRunsOwnClaimsOnlyWhenDecidingRunEnds() {
        // given: r1's C is still active, r2's C was skipped; both runs in one pass
        WorkflowLookup workflows = lookup(task("P", List.of(), List.of("X")), task("C", List.of("X"), List.of()));
        RunSnapshot r1 = run(RunStatus.RUNNING, Map.of("X", "1"), Map.of("P", TaskState.SUCCEEDED));
        RunSnapshot r2 = new RunSnapshot("r2", WORKFLOW_ID, RunStatus.RUNNING, null, null, Map.of("X", "1"),
                Map.of("P", TaskState.SUCCEEDED), Set.of(), Map.of(), 1);
        List<GateStore.Claim> claims = List.of(new GateStore.Claim("r2", "C", "cmd", TaskState.SKIPPED, null, 1),
                new GateStore.Claim("r1", "C", "cmd", TaskState.ACTIVATED, null, 1));

        // when
        RunEnds ends = GateDecision.runEnds(List.of(r1, r2), workflows, claims, Set.of("r1", "r2"), NOW);

        // then
        assertThat(ends).isEqualTo(new RunEnds(List.of(new GateStore.RunFinish("r2", RunStatus.SUCCEEDED, null)),
                List.of(new RunEvent.RunFinished("r2", RunStatus.SUCCEEDED, null, NOW, Map.of(), null)), List.of()));
    }

    @Test
    void shouldRetryFailedAttemptAfterBackoffWhileAttemptsAreLeft() {
        // given
        RetryPolicy policy = new RetryPolicy(3, Duration.ofSeconds(1), 2, Duration.ofMinutes(5), 0);
        TaskDefinition flaky = new TaskDefinition("T", "cmd", List.of(), List.of(), Map.of(),
                new Execution(List.of(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(policy),
                        Optional.empty(), OptionalInt.empty(), Optional.empty(), OptionalInt.empty()),
                List.of(), false, SourceLocation.UNKNOWN);
        Workflow workflow = workflow(flaky);

        // when
        Optional<Long> afterFirst = GateDecision.retryAt(workflow, "T", 1, NOW, new Random(1));
        Optional<Long> afterSecond = GateDecision.retryAt(workflow, "T", 2, NOW, new Random(1));
        Optional<Long> afterLast = GateDecision.retryAt(workflow, "T", 3, NOW, new Random(1));

        // then
        assertThat(afterFirst).contains(NOW + 1_000);
        assertThat(afterSecond).contains(NOW + 2_000);
        assertThat(afterLast).isEmpty();
    }

    private static RunSnapshot run(RunStatus status, Map<String, String> variables,
            Map<String, TaskState> taskStates) {
        return new RunSnapshot("r1", WORKFLOW_ID, status, null, null, variables, taskStates, Set.of(), Map.of(), 1);
    }

    private static Activation activation(String task, Map<String, String> inputs, int attempt) {
        return new Activation("r1", task, "cmd", Map.of(), inputs, List.of(), null, null, List.of(), false, NOW,
                attempt, null, 1);
    }

    private static TaskDefinition task(String name, List<String> inputs, List<String> outputs) {
        return new TaskDefinition(name, "cmd", inputs, outputs, Map.of(), Execution.NONE, List.of(), false,
                SourceLocation.UNKNOWN);
    }

    private static Workflow workflow(TaskDefinition... tasks) {
        return new Workflow("test", Map.of(), List.of(tasks), "");
    }

    private static WorkflowLookup lookup(TaskDefinition... tasks) {
        Workflow workflow = workflow(tasks);
        return id -> {
            assertThat(id).isEqualTo(WORKFLOW_ID);
            return workflow;
        };
    }
}
