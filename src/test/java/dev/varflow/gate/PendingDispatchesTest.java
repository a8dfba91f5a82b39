package dev.varflow.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

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

    private static Activation activation(String runId, String task, int attempt) {
        return new Activation(runId, task, "noop", null, null, List.of(), null, null, null, false, 0L, attempt, null);
    }

    private static RunEvent finished(String runId, String task, int attempt) {
        return RunEvent.taskFinished(runId, task, TaskState.SUCCEEDED, "w", null, null, null, EpochClock.micros(), attempt);
    }
}
