package dev.varflow.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.varflow.engine.RunStatus;
import dev.varflow.engine.TaskState;
import dev.varflow.messages.Activation;
import dev.varflow.messages.EpochClock;
import dev.varflow.messages.RunEvent;

class PendingDispatchesTest {

    private static final long SECOND = 1_000_000_000L;

    private final PendingDispatches pending = new PendingDispatches();

    @Test
    void shouldMarkOnlyActivationsAcknowledgedLongEnoughAgo() {
        // given
        pending.acknowledged(List.of(activation("r1", "a", 1)), 0);
        pending.acknowledged(List.of(activation("r1", "b", 1)), 2 * SECOND);

        // when
        List<TaskKey> due = pending.due(3 * SECOND);

        // then
        assertThat(due).containsExactly(new TaskKey("r1", "a"));
        assertThat(pending.size()).isEqualTo(2);
        pending.marked(due);
        assertThat(pending.all()).containsExactly(new TaskKey("r1", "b"));
    }

    @Test
    void shouldNeedNoMarkForATaskItsWorkerReportedOn() {
        // given
        pending.acknowledged(List.of(activation("r1", "a", 1), activation("r1", "b", 1)), 0);

        // when
        pending.reported(List.of(finished("r1", "a", 1), RunEvent.variable("r1", "b", "B", "1")));

        // then
        assertThat(pending.due(4 * SECOND)).containsExactly(new TaskKey("r1", "b"));
    }

    @Test
    void shouldStillMarkATaskWhoseOnlyReportIsOfAnOlderAttempt() {
        // given attempt 2 sent, a late report of attempt 1 arrives
        pending.acknowledged(List.of(activation("r1", "a", 2)), 0);

        // when
        pending.reported(List.of(finished("r1", "a", 1)));

        // then
        assertThat(pending.due(4 * SECOND)).containsExactly(new TaskKey("r1", "a"));
    }

    @Test
    void shouldMarkAnActivationExactlyWhenItsWaitIsOver() {
        // given
        pending.acknowledged(List.of(activation("r1", "a", 1)), SECOND);

        // when
        List<TaskKey> early = pending.due(SECOND + PendingDispatches.MARK_AFTER.toNanos() - 1);
        List<TaskKey> onTime = pending.due(SECOND + PendingDispatches.MARK_AFTER.toNanos());

        // then
        assertThat(early).isEmpty();
        assertThat(onTime).containsExactly(new TaskKey("r1", "a"));
    }

    @Test
    void shouldListDueMarksOldestFirst() {
        // given
        pending.acknowledged(List.of(activation("r1", "b", 1), activation("r2", "a", 1)), 0);
        pending.acknowledged(List.of(activation("r1", "a", 1)), SECOND);

        // when
        List<TaskKey> due = pending.due(10 * SECOND);

        // then
        assertThat(due).containsExactly(new TaskKey("r1", "b"), new TaskKey("r2", "a"), new TaskKey("r1", "a"));
    }

    @Test
    void shouldKeepDueMarksPendingUntilTheyAreCommitted() {
        // given
        pending.acknowledged(List.of(activation("r1", "a", 1)), 0);

        // when
        List<TaskKey> first = pending.due(4 * SECOND);
        List<TaskKey> again = pending.due(5 * SECOND);

        // then
        assertThat(first).containsExactly(new TaskKey("r1", "a"));
        assertThat(again).containsExactly(new TaskKey("r1", "a"));
        assertThat(pending.size()).isEqualTo(1);
    }

    @Test
    void shouldBeEmptyOnceEveryMarkIsCommitted() {
        // given
        pending.acknowledged(List.of(activation("r1", "a", 1), activation("r1", "b", 1)), 0);

        // when
        pending.marked(List.of(new TaskKey("r1", "a"), new TaskKey("r1", "b"), new TaskKey("r9", "unknown")));

        // then
        assertThat(pending.isEmpty()).isTrue();
        assertThat(pending.all()).isEmpty();
        assertThat(pending.due(10 * SECOND)).isEmpty();
    }

    @Test
    void shouldNeedNoMarkForATaskWhoseWorkerReportedANewerAttemptOrItsStart() {
        // given
        pending.acknowledged(List.of(activation("r1", "a", 1), activation("r1", "b", 2)), 0);

        // when
        pending.reported(List.of(finished("r1", "a", 2), RunEvent.taskStarted("r1", "b", "w", 2)));

        // then
        assertThat(pending.isEmpty()).isTrue();
    }

    @Test
    void shouldIgnoreReportsOnOtherRunsAndRunLevelEvents() {
        // given
        pending.acknowledged(List.of(activation("r1", "a", 1)), 0);

        // when
        pending.reported(List.of(finished("r2", "a", 1), RunEvent.variable("r1", null, "A", "1"),
                RunEvent.runFinished("r1", RunStatus.SUCCEEDED, Map.of())));

        // then
        assertThat(pending.all()).containsExactly(new TaskKey("r1", "a"));
    }

    @Test
    void shouldWaitAgainAndExpectTheNewAttemptWhenATaskIsSentAgain() {
        // given attempt 1 acknowledged, then its retry, attempt 2, a second later
        pending.acknowledged(List.of(activation("r1", "a", 1)), 0);
        pending.acknowledged(List.of(activation("r1", "a", 2)), SECOND);

        // when a late report of attempt 1 arrives
        pending.reported(List.of(finished("r1", "a", 1)));

        // then the mark waits from the second acknowledgement
        assertThat(pending.size()).isEqualTo(1);
        assertThat(pending.due(3 * SECOND)).isEmpty();
        assertThat(pending.due(4 * SECOND)).containsExactly(new TaskKey("r1", "a"));
    }

    private static Activation activation(String runId, String task, int attempt) {
        return new Activation(runId, task, "noop", null, null, List.of(), null, null, null, false, 0L, attempt, null, null);
    }

    private static RunEvent finished(String runId, String task, int attempt) {
        return RunEvent.taskFinished(runId, task, TaskState.SUCCEEDED, "w", null, null, null, EpochClock.micros(), attempt);
    }
}
