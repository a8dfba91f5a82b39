package dev.varflow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class StatesTest {

    @Test
    void shouldTreatOnlyFinishedTaskStatesAsTerminal() {
        // given
        TaskState[] states = TaskState.values();

        // when
        var terminal = Arrays.stream(states).filter(TaskState::isTerminal).toList();

        // then
        assertThat(terminal).containsExactly(TaskState.SUCCEEDED, TaskState.FAILED, TaskState.TIMED_OUT,
                TaskState.SKIPPED);
    }

    @Test
    void shouldTreatEveryStatusButRunningAsFinal() {
        // given
        RunStatus[] statuses = RunStatus.values();

        // when
        var terminal = Arrays.stream(statuses).filter(RunStatus::isTerminal).toList();

        // then
        assertThat(terminal).containsExactly(RunStatus.SUCCEEDED, RunStatus.FAILED, RunStatus.STALLED,
                RunStatus.CANCELLED);
    }
}
