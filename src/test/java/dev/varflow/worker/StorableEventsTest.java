package dev.varflow.worker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.varflow.messages.RunEvent;

/** The worker never produces text the state store cannot hold. */
class StorableEventsTest {

    @Test
    void shouldReplaceNulInVariablesAndOutput() {
        // given
        RunEvent variable = RunEvent.variable("r", "t", "X", "a\u0000b");
        RunEvent finished = RunEvent.taskFinished("r", "t", "FAILED", "w", 1, "out\u0000put", "err\u0000or", 0, 1);

        // when
        RunEvent cleanVariable = StorableEvents.clean(variable);
        RunEvent cleanFinished = StorableEvents.clean(finished);

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
}
