package dev.varflow.engine;

import static dev.varflow.engine.Workflows.task;
import static dev.varflow.engine.Workflows.workflow;
import static org.assertj.core.api.Assertions.assertThat;

import dev.varflow.workflow.Workflow;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RunEvaluatorTest {

    private static final Workflow DISK_MONITOR = workflow(
            task("START", "start", List.of(), List.of("TRUE")),
            task("DF", "df", List.of("TRUE"), List.of("MAIN_VOLUME", "FREE_SPACE")),
            task("TOUCHED", "touched", List.of("TIMEOUT"), List.of("TRUE")),
            task("CMD", "cmd", List.of("FREE_SPACE"), List.of()),
            task("END", "end", List.of("TRUE"), List.of()));

    @Test
    void shouldBeRunningWhileTaskRuns() {
        // given
        Map<String, TaskState> states = Map.of("START", TaskState.SUCCEEDED, "DF", TaskState.RUNNING,
                "END", TaskState.SUCCEEDED);

        // when
        RunVerdict verdict = RunEvaluator.evaluate(DISK_MONITOR, Set.of("TRUE"), states);

        // then
        assertThat(verdict.status()).isEqualTo(RunStatus.RUNNING);
    }

    @Test
    void shouldBeRunningWhileTaskCanFire() {
        // given
        Map<String, TaskState> states = Map.of("START", TaskState.SUCCEEDED);

        // when
        RunVerdict verdict = RunEvaluator.evaluate(DISK_MONITOR, Set.of("TRUE"), states);

        // then
        assertThat(verdict.status()).isEqualTo(RunStatus.RUNNING);
    }

    @Test
    void shouldSucceedWhenEndTaskSucceeded() {
        // given
        Map<String, TaskState> states = Map.of("START", TaskState.SUCCEEDED, "DF", TaskState.SUCCEEDED,
                "CMD", TaskState.SUCCEEDED, "END", TaskState.SUCCEEDED);

        // when
        RunVerdict verdict = RunEvaluator.evaluate(DISK_MONITOR, Set.of("TRUE", "MAIN_VOLUME", "FREE_SPACE"),
                states);

        // then
        assertThat(verdict.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(verdict.waiting()).containsExactly(Map.entry("TOUCHED", List.of("TIMEOUT")));
    }

    @Test
    void shouldFailWhenTaskFailedAndNothingElseCanRun() {
        // given
        Map<String, TaskState> states = Map.of("START", TaskState.SUCCEEDED, "DF", TaskState.FAILED,
                "END", TaskState.SUCCEEDED);

        // when
        RunVerdict verdict = RunEvaluator.evaluate(DISK_MONITOR, Set.of("TRUE"), states);

        // then
        assertThat(verdict.status()).isEqualTo(RunStatus.FAILED);
        assertThat(verdict.waiting()).containsOnlyKeys("TOUCHED", "CMD");
    }

    @Test
    void shouldNotFailWhenTaskTimedOut() {
        // given a timed-out task with nothing downstream: it ran, it just emitted nothing
        Workflow wf = workflow(task("only", List.of(), List.of()));

        // when
        RunVerdict verdict = RunEvaluator.evaluate(wf, Set.of(), Map.of("only", TaskState.TIMED_OUT));

        // then
        assertThat(verdict.status()).isEqualTo(RunStatus.SUCCEEDED);
    }

    @Test
    void shouldStallDownstreamOfTimedOutTask() {
        // given
        Workflow wf = workflow(task("wait", List.of(), List.of("TOUCHED")), task("after", List.of("TOUCHED"),
                List.of()));

        // when
        RunVerdict verdict = RunEvaluator.evaluate(wf, Set.of(), Map.of("wait", TaskState.TIMED_OUT));

        // then
        assertThat(verdict.status()).isEqualTo(RunStatus.STALLED);
        assertThat(verdict.waiting()).containsEntry("after", List.of("TOUCHED"));
    }

    @Test
    void shouldStallWithWaitingListWhenEndTaskCannotFire() {
        // given
        Workflow wf = workflow(
                task("start", "start", List.of(), List.of("TRUE")),
                task("work", List.of("TRUE"), List.of("PARTIAL")),
                task("end", "end", List.of("PARTIAL", "DONE"), List.of()));
        Map<String, TaskState> states = Map.of("start", TaskState.SUCCEEDED, "work", TaskState.SUCCEEDED);

        // when
        RunVerdict verdict = RunEvaluator.evaluate(wf, Set.of("TRUE", "PARTIAL"), states);

        // then
        assertThat(verdict.status()).isEqualTo(RunStatus.STALLED);
        assertThat(verdict.waiting()).containsExactly(Map.entry("end", List.of("DONE")));
    }

    @Test
    void shouldStallWhenEndTaskWasSkipped() {
        // given
        Workflow wf = workflow(task("end", "end", List.of(), List.of()));

        // when
        RunVerdict verdict = RunEvaluator.evaluate(wf, Set.of(), Map.of("end", TaskState.SKIPPED));

        // then
        assertThat(verdict.status()).isEqualTo(RunStatus.STALLED);
    }

    @Test
    void shouldSucceedWithoutEndTaskWhenEveryTaskFinished() {
        // given
        Workflow wf = workflow(task("a", List.of(), List.of("X")), task("b", List.of("X"), List.of()));
        Map<String, TaskState> states = Map.of("a", TaskState.SUCCEEDED, "b", TaskState.SKIPPED);

        // when
        RunVerdict verdict = RunEvaluator.evaluate(wf, Set.of("X"), states);

        // then
        assertThat(verdict.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(verdict.waiting()).isEmpty();
    }

    @Test
    void shouldStallWithoutEndTaskWhenTaskNeverStarted() {
        // given
        Workflow wf = workflow(task("a", List.of(), List.of("X")), task("b", List.of("X", "Y"), List.of()));
        Map<String, TaskState> states = Map.of("a", TaskState.SUCCEEDED);

        // when
        RunVerdict verdict = RunEvaluator.evaluate(wf, Set.of("X"), states);

        // then
        assertThat(verdict.status()).isEqualTo(RunStatus.STALLED);
        assertThat(verdict.waiting()).containsExactly(Map.entry("b", List.of("Y")));
    }
}
