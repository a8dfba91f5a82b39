package dev.varflow.worker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.varflow.engine.TaskState;
import dev.varflow.messages.RunEvent;

/** The worker never produces text the state store cannot hold. */
class StorableEventsTest {

    @Test
    void shouldReplaceNulInVariablesAndOutput() {
        // given
        RunEvent.Variable variable = RunEvent.variable("r", "t", "X", "a\u0000b");
        RunEvent.TaskFinished finished = RunEvent.taskFinished("r", "t", TaskState.FAILED, "w", 1, "out\u0000put", "err\u0000or", 0, 1);

        // when
        RunEvent.Variable cleanVariable = (RunEvent.Variable) StorableEvents.clean(variable);
        RunEvent.TaskFinished cleanFinished = (RunEvent.TaskFinished) StorableEvents.clean(finished);

        // then
        assertThat(cleanVariable.value()).isEqualTo("a\uFFFDb");
        assertThat(cleanFinished.output()).isEqualTo("out\uFFFDput");
        assertThat(cleanFinished.error()).isEqualTo("err\uFFFDor");
        assertThat(cleanFinished.attempt()).isEqualTo(1);
    }

    @Test
    void shouldLeaveCleanEventsAsTheyAre() {
        // given
        RunEvent event = RunEvent.variable("r", "t", "X", "fine");

        // when / then
        assertThat(StorableEvents.clean(event)).isSameAs(event);
    }

    @Test
    void shouldReplaceNulInTheOutputsAFinishCarries() {
        // given
        RunEvent.TaskFinished finished = RunEvent.taskFinished("r", "t", TaskState.SUCCEEDED, "w", 0, null, null, 0, 1)
                .withOutputs(java.util.Map.of("X", "a\u0000b"));

        // when
        RunEvent.TaskFinished clean = (RunEvent.TaskFinished) StorableEvents.clean(finished);

        // then
        assertThat(clean.outputs()).containsExactly(java.util.Map.entry("X", "a\uFFFDb"));
    }

    @Test
    void shouldLeaveAFinishWithCleanOutputsAsItIs() {
        // given
        RunEvent event = RunEvent.taskFinished("r", "t", TaskState.SUCCEEDED, "w", 0, null, null, 0, 1)
                .withOutputs(java.util.Map.of("X", "fine"));

        // when / then
        assertThat(StorableEvents.clean(event)).isSameAs(event);
    }
}
