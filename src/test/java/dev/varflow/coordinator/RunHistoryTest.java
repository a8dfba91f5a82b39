package dev.varflow.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.varflow.coordinator.store.RunEventEntity;
import dev.varflow.coordinator.store.RunVariableEntity;
import dev.varflow.coordinator.store.TaskAttemptEntity;
import dev.varflow.coordinator.store.TaskRunEntity;
import dev.varflow.engine.TaskState;
import dev.varflow.messages.RunEvent;

class RunHistoryTest {

    private static final OffsetDateTime T0 = OffsetDateTime.parse("2026-11-24T10:00:00Z");

    @Test
    void shouldAssembleTheHistoryFromRunRecordsAttemptsTaskRowsAndVariablesInTimeOrder() {
        // given a run started at T0 whose task failed once, then succeeded and set X
        RunEventEntity started = new RunEventEntity();
        started.type = RunEvent.Type.RUN_STARTED;
        started.at = T0;
        TaskAttemptEntity failed = new TaskAttemptEntity();
        failed.task = "fetch";
        failed.attempt = 1;
        failed.state = TaskState.FAILED;
        failed.worker = "w1";
        failed.exitCode = 7;
        failed.startedAt = T0.plusSeconds(1);
        failed.finishedAt = T0.plusSeconds(2);
        TaskRunEntity succeeded = task("fetch", TaskState.SUCCEEDED, "w2", 2, T0.plusSeconds(3), T0.plusSeconds(4));
        TaskRunEntity skipped = task("never", TaskState.SKIPPED, null, 1, null, T0.plusSeconds(4));
        RunVariableEntity x = new RunVariableEntity();
        x.name = "X";
        x.value = "1";
        x.sourceTask = "fetch";
        x.setAt = T0.plusSeconds(5);

        // when
        List<HistoryEntry> history = RunHistory.assemble(List.of(started), List.of(succeeded, skipped),
                List.of(failed), List.of(x));

        // then
        assertThat(history).extracting(HistoryEntry::type).containsExactly(RunEvent.Type.RUN_STARTED,
                RunEvent.Type.TASK_STARTED, RunEvent.Type.TASK_FINISHED, RunEvent.Type.TASK_STARTED,
                RunEvent.Type.TASK_FINISHED, RunEvent.Type.VARIABLE);
        assertThat(history).extracting(HistoryEntry::id).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(history.get(2).detail()).isEqualTo(
                "{\"state\":\"FAILED\",\"worker\":\"w1\",\"attempt\":1,\"exitCode\":7}");
        assertThat(history.get(4).detail()).isEqualTo("{\"state\":\"SUCCEEDED\",\"worker\":\"w2\",\"attempt\":2}");
        assertThat(history.get(5).task()).isEqualTo("fetch");
        assertThat(history.get(5).detail()).isEqualTo("{\"name\":\"X\",\"value\":\"1\"}");
    }

    private static TaskRunEntity task(String name, TaskState state, String worker, int attempt, OffsetDateTime started,
            OffsetDateTime finished) {
        TaskRunEntity task = new TaskRunEntity();
        task.task = name;
        task.state = state;
        task.worker = worker;
        task.attempt = attempt;
        task.startedAt = started;
        task.finishedAt = finished;
        return task;
    }
}
