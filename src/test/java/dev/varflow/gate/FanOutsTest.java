package dev.varflow.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

import dev.varflow.VarflowConfig;
import dev.varflow.engine.RunStatus;
import dev.varflow.engine.TaskState;
import dev.varflow.messages.Activation;
import dev.varflow.messages.RunEvent;
import dev.varflow.workflow.Execution;
import dev.varflow.workflow.Foreach;
import dev.varflow.workflow.SourceLocation;
import dev.varflow.workflow.TaskDefinition;
import dev.varflow.workflow.Workflow;

/**
 * The fan-out bookkeeping of {@link FanOuts#advance}, with the store's statements replaced by in-memory fakes that
 * record what they were asked to do: no database, and the connection is never touched.
 */
class FanOutsTest {

    private static final long WORKFLOW_ID = 7L;

    private final List<GateStore.Claim> claimed = new ArrayList<>();
    /** Claims another gate or an earlier batch already holds: the store does not return them as won. */
    private final Set<TaskKey> taken = new HashSet<>();
    private final List<RunEvent.Variable> joined = new ArrayList<>();
    private final List<String> finished = new ArrayList<>();
    private Workflow workflow;

    @Test
    void shouldClaimTheFirstItemsUpToTheConcurrencyLimit() {
        // given three items, at most two at a time, none claimed yet
        workflow = workflow(fanOut(new Foreach.Literal(List.of("x", "y", "z")), OptionalInt.of(2)));
        RunSnapshot run = run(Map.of(), Map.of("fan", TaskState.RUNNING));

        // when
        FanOuts.Step step = advance(run);

        // then
        assertThat(claimed).containsExactly(
                new GateStore.Claim("r1", "fan#0", "cmd", TaskState.ACTIVATED, null, 1),
                new GateStore.Claim("r1", "fan#1", "cmd", TaskState.ACTIVATED, null, 1));
        assertThat(step.activations()).extracting(Activation::runId, Activation::task, Activation::inputs,
                Activation::attempt).containsExactlyInAnyOrder(
                        tuple("r1", "fan#0", Map.of("ITEM", "x", "ITEM_INDEX", "0"), 1),
                        tuple("r1", "fan#1", Map.of("ITEM", "y", "ITEM_INDEX", "1"), 1));
        assertThat(step.finishedAny()).isFalse();
        assertThat(finished).isEmpty();
    }

    @Test
    void shouldClaimTheNextItemWhenOneIsDone() {
        // given
        workflow = workflow(fanOut(new Foreach.Literal(List.of("x", "y", "z")), OptionalInt.of(2)));
        RunSnapshot run = run(Map.of(), Map.of("fan", TaskState.RUNNING, "fan#0", TaskState.SUCCEEDED,
                "fan#1", TaskState.RUNNING));

        // when
        FanOuts.Step step = advance(run);

        // then
        assertThat(claimed).containsExactly(new GateStore.Claim("r1", "fan#2", "cmd", TaskState.ACTIVATED, null, 1));
        assertThat(step.activations()).extracting(Activation::task).containsExactly("fan#2");
        assertThat(step.finishedAny()).isFalse();
    }

    @Test
    void shouldActivateOnlyTheItemsWhoseClaimItWon() {
        // given item 1 already claimed elsewhere
        workflow = workflow(fanOut(new Foreach.Literal(List.of("x", "y")), OptionalInt.empty()));
        RunSnapshot run = run(Map.of(), Map.of("fan", TaskState.RUNNING));
        taken.add(new TaskKey("r1", "fan#1"));

        // when
        FanOuts.Step step = advance(run);

        // then
        assertThat(claimed).extracting(GateStore.Claim::task).containsExactly("fan#0", "fan#1");
        assertThat(step.activations()).extracting(Activation::task).containsExactly("fan#0");
    }

    @Test
    void shouldJoinTheItemOutputsWhenEveryItemSucceeded() {
        // given item 1 emitted nothing
        workflow = workflow(fanOut(new Foreach.Literal(List.of("x", "y", "z")), OptionalInt.empty()));
        RunSnapshot run = run(Map.of("fan#0.OUT", "a", "fan#2.OUT", "c"), Map.of("fan", TaskState.RUNNING,
                "fan#0", TaskState.SUCCEEDED, "fan#1", TaskState.SUCCEEDED, "fan#2", TaskState.SUCCEEDED));

        // when
        FanOuts.Step step = advance(run);

        // then
        assertThat(joined).extracting(RunEvent.Variable::runId, RunEvent.Variable::task, RunEvent.Variable::name,
                RunEvent.Variable::value).containsExactly(tuple("r1", "fan", "OUT", "[\"a\",null,\"c\"]"));
        assertThat(finished).containsExactly("r1 fan SUCCEEDED null");
        assertThat(claimed).isEmpty();
        assertThat(step.activations()).isEmpty();
        assertThat(step.finishedAny()).isTrue();
    }

    @Test
    void shouldFailTheTaskWithoutAJoinOnceAFailedItemsSiblingsAreDone() {
        // given item 1 failed, item 2 never started
        workflow = workflow(fanOut(new Foreach.Literal(List.of("x", "y", "z")), OptionalInt.of(2)));
        RunSnapshot run = run(Map.of("fan#0.OUT", "a"), Map.of("fan", TaskState.RUNNING,
                "fan#0", TaskState.SUCCEEDED, "fan#1", TaskState.FAILED));

        // when
        FanOuts.Step step = advance(run);

        // then
        assertThat(finished).containsExactly("r1 fan FAILED an item failed");
        assertThat(joined).isEmpty();
        assertThat(claimed).isEmpty();
        assertThat(step.finishedAny()).isTrue();
    }

    @Test
    void shouldFailATaskWhoseItemsCannotBeResolved() {
        // given
        workflow = workflow(fanOut(new Foreach.Variable("LIST"), OptionalInt.empty()));
        RunSnapshot run = run(Map.of(), Map.of("fan", TaskState.RUNNING));

        // when
        FanOuts.Step step = advance(run);

        // then
        assertThat(finished).containsExactly("r1 fan FAILED foreach variable LIST is not set");
        assertThat(claimed).isEmpty();
        assertThat(step.activations()).isEmpty();
        assertThat(step.finishedAny()).isTrue();
    }

    @Test
    void shouldFailATaskWiderThanTheLimit() {
        // given the limit is 3 items
        workflow = workflow(fanOut(new Foreach.Literal(List.of(1, 2, 3, 4)), OptionalInt.empty()));
        RunSnapshot run = run(Map.of(), Map.of("fan", TaskState.RUNNING));

        // when
        advance(run);

        // then
        assertThat(finished).containsExactly("r1 fan FAILED the foreach list has 4 items, above the fan-out width "
                + "limit of 3 (varflow.max-fanout-width)");
        assertThat(claimed).isEmpty();
    }

    @Test
    void shouldLeaveAFanOutTaskThatIsNotRunningAlone() {
        // given a paused run, and a running run whose fan-out task is not claimed yet
        workflow = workflow(fanOut(new Foreach.Literal(List.of("x")), OptionalInt.empty()));
        RunSnapshot paused = new RunSnapshot("r1", WORKFLOW_ID, RunStatus.PAUSED, null, null, Map.of(),
                Map.of("fan", TaskState.RUNNING), Set.of(), Map.of(), 1);
        RunSnapshot unclaimed = new RunSnapshot("r2", WORKFLOW_ID, RunStatus.RUNNING, null, null, Map.of(),
                Map.of(), Set.of(), Map.of(), 1);

        // when
        FanOuts.Step step = fanOuts().advance(null, Map.of("r1", paused, "r2", unclaimed)).await().indefinitely();

        // then
        assertThat(claimed).isEmpty();
        assertThat(finished).isEmpty();
        assertThat(step).isEqualTo(new FanOuts.Step(List.of(), false));
    }

    @Test
    void shouldKeepAnItemsOutputUnderItsItemName() {
        // given
        RunEvent.Variable emitted = RunEvent.variable("r1", "fan#2", "OUT", "c");

        // when
        RunEvent.Variable stored = FanOuts.stored(emitted);

        // then
        assertThat(stored).isEqualTo(new RunEvent.Variable("r1", "fan#2", "fan#2.OUT", "c", stored.at()));
    }

    @Test
    void shouldStoreATasksOwnOutputUnchanged() {
        // given
        RunEvent.Variable emitted = RunEvent.variable("r1", "plain", "OUT", "c");
        RunEvent.Variable initial = RunEvent.variable("r1", null, "IN", "v");

        // when / then
        assertThat(FanOuts.stored(emitted)).isSameAs(emitted);
        assertThat(FanOuts.stored(initial)).isSameAs(initial);
    }

    @Test
    void shouldReadTheWidthLimitFromTheConfiguration() {
        // given
        FanOuts fanOuts = fanOuts();

        // when
        int width = fanOuts.maxWidth();

        // then
        assertThat(width).isEqualTo(3);
    }

    private FanOuts.Step advance(RunSnapshot run) {
        return fanOuts().advance(null, Map.of(run.runId(), run)).await().indefinitely();
    }

    private FanOuts fanOuts() {
        GateStore store = new GateStore(null) {
            @Override
            public Uni<Set<TaskKey>> claim(SqlConnection conn, List<Claim> claims) {
                claimed.addAll(claims);
                Set<TaskKey> won = new HashSet<>();
                claims.stream().map(c -> new TaskKey(c.runId(), c.task())).filter(k -> !taken.contains(k))
                        .forEach(won::add);
                return Uni.createFrom().item(won);
            }

            @Override
            public Uni<Set<TaskKey>> insertVariables(SqlConnection conn, List<RunEvent.Variable> variables) {
                joined.addAll(variables);
                return Uni.createFrom().item(Set.of());
            }
        };
        FanOutStore fanOutStore = new FanOutStore() {
            @Override
            public Uni<Void> finish(SqlConnection conn, String runId, String task, TaskState state, String error) {
                finished.add(runId + " " + task + " " + state + " " + error);
                return Uni.createFrom().voidItem();
            }
        };
        WorkflowCache workflows = new WorkflowCache(store) {
            @Override
            public Workflow get(long id) {
                assertThat(id).isEqualTo(WORKFLOW_ID);
                return workflow;
            }
        };
        return new FanOuts(store, fanOutStore, workflows, config(3));
    }

    private static VarflowConfig config(int maxFanoutWidth) {
        return (VarflowConfig) Proxy.newProxyInstance(FanOutsTest.class.getClassLoader(),
                new Class<?>[] {VarflowConfig.class}, (proxy, method, args) -> {
                    if (method.getName().equals("maxFanoutWidth")) {
                        return maxFanoutWidth;
                    }
                    throw new UnsupportedOperationException("Expected only maxFanoutWidth to be read, but "
                            + method.getName() + " was");
                });
    }

    private static RunSnapshot run(Map<String, String> variables, Map<String, TaskState> taskStates) {
        return new RunSnapshot("r1", WORKFLOW_ID, RunStatus.RUNNING, null, null, variables, taskStates, Set.of(),
                Map.of(), 1);
    }

    private static Workflow workflow(TaskDefinition... tasks) {
        return new Workflow("test", Map.of(), List.of(tasks), "");
    }

    private static TaskDefinition fanOut(Foreach items, OptionalInt concurrency) {
        return new TaskDefinition("fan", "cmd", List.of(), List.of("OUT"), Map.of(),
                Execution.NONE.withForeach(items, concurrency), List.of(), false, SourceLocation.UNKNOWN);
    }
}
