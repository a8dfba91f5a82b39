package dev.varflow.gate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.varflow.engine.TaskState;
import dev.varflow.messages.RunEvent;

class TaskUpdateTest {

    @Test
    void shouldCountAFinishThatReportsItsStartAsAnAttempt() {
        // given
        TaskUpdate update = new TaskUpdate("r", "t");

        // when
        update.apply(RunEvent.taskFinished("r", "t", TaskState.SUCCEEDED, "w", 0, null, null, 2_000, 1).withStart());

        // then
        assertThat(update.started).isEqualTo(1);
        assertThat(update.startedAt).isEqualTo(2_000L);
        assertThat(update.finalState).isEqualTo(TaskState.SUCCEEDED);
    }

    @Test
    void shouldCountAStartedAndFinishedAttemptOnce() {
        // given
        TaskUpdate update = new TaskUpdate("r", "t");

        // when
        update.apply(RunEvent.taskStarted("r", "t", "w", 1));
        update.apply(RunEvent.taskFinished("r", "t", TaskState.FAILED, "w", 1, null, "boom", 2_000, 1));

        // then
        assertThat(update.started).isEqualTo(1);
        assertThat(update.finalState).isEqualTo(TaskState.FAILED);
    }
}
