package dev.varflow.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.varflow.engine.TaskState;
import dev.varflow.messages.RunEvent;

class StartReportTest {

    private static final List<RunEvent> OUTCOME = List.of(RunEvent.variable("r", "t", "X", "1"),
            RunEvent.taskFinished("r", "t", TaskState.SUCCEEDED, "w", 0, null, null, 1_000, 1));

    @Test
    void shouldFoldTheStartIntoTheFinishOfAShortAttempt() {
        // given
        AtomicInteger sent = new AtomicInteger();
        StartReport start = new StartReport(sent::incrementAndGet);
        start.sendAfter(Duration.ofSeconds(10));

        // when
        List<RunEvent> folded = start.fold(OUTCOME);
        start.sendNow();

        // then
        assertThat(sent).hasValue(0);
        assertThat(folded.get(0).startsAttempt()).isFalse();
        assertThat(((RunEvent.TaskFinished) folded.get(1)).reportsStart()).isTrue();
        assertThat(folded.get(1).startsAttempt()).isTrue();
    }

    @Test
    void shouldSendTaskStartedOnceForALongAttemptAndLeaveTheFinishAlone() throws InterruptedException {
        // given
        AtomicInteger sent = new AtomicInteger();
        StartReport start = new StartReport(sent::incrementAndGet);

        // when the attempt outlives the delay
        start.sendAfter(Duration.ofMillis(1));
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(1)).until(() -> sent.get() > 0);
        List<RunEvent> folded = start.fold(OUTCOME);
        start.sendNow();

        // then
        assertThat(sent).hasValue(1);
        assertThat(folded).isEqualTo(OUTCOME);
        assertThat(folded.get(1).startsAttempt()).isFalse();
    }
}
