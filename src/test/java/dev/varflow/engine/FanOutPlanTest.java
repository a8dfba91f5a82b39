package dev.varflow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class FanOutPlanTest {

    @Test
    void shouldClaimNoMoreItemsThanTheConcurrencyLimit() {
        // given five items, none claimed, at most two at a time

        // when
        FanOutPlan plan = FanOutPlan.next(5, Map.of(), 2);

        // then
        assertThat(plan.claim()).containsExactly(0, 1);
        assertThat(plan.finished()).isFalse();
    }

    @Test
    void shouldClaimTheNextItemWhenOneFinishes() {
        // given
        Map<Integer, TaskState> states = Map.of(0, TaskState.SUCCEEDED, 1, TaskState.RUNNING);

        // when
        FanOutPlan plan = FanOutPlan.next(5, states, 2);

        // then
        assertThat(plan.claim()).containsExactly(2);
    }

    @Test
    void shouldCountRetryWaitingItemsAsRunning() {
        // given
        Map<Integer, TaskState> states = Map.of(0, TaskState.RETRY_WAIT, 1, TaskState.ACTIVATED);

        // when
        FanOutPlan plan = FanOutPlan.next(3, states, 2);

        // then
        assertThat(plan.claim()).isEmpty();
        assertThat(plan.finished()).isFalse();
    }

    @Test
    void shouldSucceedWhenEveryItemSucceeded() {
        // given
        Map<Integer, TaskState> states = Map.of(0, TaskState.SUCCEEDED, 1, TaskState.SUCCEEDED);

        // when
        FanOutPlan plan = FanOutPlan.next(2, states, 1);

        // then
        assertThat(plan.outcome()).isEqualTo(TaskState.SUCCEEDED);
    }

    @Test
    void shouldSucceedAtOnceOnAnEmptyList() {
        // when
        FanOutPlan plan = FanOutPlan.next(0, Map.of(), 4);

        // then
        assertThat(plan.claim()).isEmpty();
        assertThat(plan.outcome()).isEqualTo(TaskState.SUCCEEDED);
    }

    @Test
    void shouldStartNoFurtherItemAfterAFailureAndFailOnceRunningItemsAreDone() {
        // given
        Map<Integer, TaskState> running = Map.of(0, TaskState.FAILED, 1, TaskState.RUNNING);
        Map<Integer, TaskState> done = Map.of(0, TaskState.FAILED, 1, TaskState.SUCCEEDED);

        // when
        FanOutPlan whileRunning = FanOutPlan.next(5, running, 3);
        FanOutPlan afterwards = FanOutPlan.next(5, done, 3);

        // then
        assertThat(whileRunning.claim()).isEmpty();
        assertThat(whileRunning.finished()).isFalse();
        assertThat(afterwards.outcome()).isEqualTo(TaskState.FAILED);
    }

    @Test
    void shouldClaimItemsLeftByAReplay() {
        // given a replay removed the failed item 1
        Map<Integer, TaskState> states = Map.of(0, TaskState.SUCCEEDED, 2, TaskState.SUCCEEDED);

        // when
        FanOutPlan plan = FanOutPlan.next(3, states, 5);

        // then
        assertThat(plan.claim()).containsExactly(1);
    }
}
