package dev.varflow.coordinator;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

import dev.varflow.coordinator.store.RunEntity;
import dev.varflow.coordinator.store.RunEventEntity;
import dev.varflow.coordinator.store.RunVariableEntity;
import dev.varflow.coordinator.store.TaskAttemptEntity;
import dev.varflow.coordinator.store.TaskRunEntity;
import dev.varflow.engine.TaskState;
import dev.varflow.messages.Json;
import dev.varflow.messages.RunEvent;

/**
 * A run's history, in time order: the run-level records the gate kept (start, pause, resume, ...), and the task
 * and variable entries read from the rows that hold them (task rows, attempts that did not succeed, variables),
 * so the gate writes no second copy of every record.
 */
@ApplicationScoped
public class RunHistory {

    private static final Comparator<Entry> ORDER = Comparator.comparing(Entry::at,
            Comparator.nullsLast(Comparator.naturalOrder())).thenComparingInt(Entry::rank);

    @WithSession
    public Uni<List<HistoryEntry>> of(String runId) {
        return RunEntity.findById(runId).onItem().ifNull().failWith(() -> new NotFoundException("no run " + runId))
                .flatMap(run -> RunEventEntity.<RunEventEntity>find("runId = ?1 order by id", runId).list()
                        .flatMap(events -> TaskRunEntity.<TaskRunEntity>list("runId", runId)
                                .flatMap(tasks -> TaskAttemptEntity.<TaskAttemptEntity>list("runId", runId)
                                        .flatMap(attempts -> RunVariableEntity.<RunVariableEntity>list("runId",
                                                runId).map(vars -> assemble(events, tasks, attempts, vars))))));
    }

    /** True for a task row that is itself the record of a successful attempt (it has no attempt row). */
    static boolean isSuccessfulAttempt(TaskRunEntity task) {
        return task.state == TaskState.SUCCEEDED && task.worker != null;
    }

    static List<HistoryEntry> assemble(List<RunEventEntity> runLevel, List<TaskRunEntity> tasks,
            List<TaskAttemptEntity> attempts, List<RunVariableEntity> variables) {
        List<Entry> entries = new ArrayList<>();
        for (RunEventEntity event : runLevel) {
            entries.add(new Entry(event.at, 0, event.type, event.task, event.detail));
        }
        for (TaskAttemptEntity a : attempts) {
            attempt(entries, a.task, a.worker, a.attempt, a.startedAt, a.state, a.finishedAt, a.exitCode, a.error);
        }
        for (TaskRunEntity t : tasks) {
            if (isSuccessfulAttempt(t)) {
                attempt(entries, t.task, t.worker, t.attempt, t.startedAt, t.state, t.finishedAt, t.exitCode,
                        t.error);
            } else if (t.state == TaskState.RUNNING && t.worker != null) {
                attempt(entries, t.task, t.worker, t.attempt, t.startedAt, null, null, null, null);
            }
        }
        for (RunVariableEntity v : variables) {
            entries.add(new Entry(v.setAt, 2, RunEvent.Type.VARIABLE, v.sourceTask,
                    detail("name", v.name, "value", v.value)));
        }
        entries.sort(ORDER);
        List<HistoryEntry> history = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            history.add(new HistoryEntry(history.size() + 1, e.at(), e.type(), e.task(), e.detail()));
        }
        return history;
    }

    private static void attempt(List<Entry> entries, String task, String worker, int attempt,
            OffsetDateTime startedAt, TaskState state, OffsetDateTime finishedAt, Integer exitCode, String error) {
        if (startedAt != null) {
            entries.add(new Entry(startedAt, 1, RunEvent.Type.TASK_STARTED, task,
                    detail("worker", worker, "attempt", attempt)));
        }
        if (state != null) {
            entries.add(new Entry(finishedAt, 3, RunEvent.Type.TASK_FINISHED, task,
                    detail("state", state, "worker", worker, "attempt", attempt, "exitCode", exitCode,
                            "error", error)));
        }
    }

    /** Name/value pairs as a JSON object, leaving out null values. */
    private static String detail(Object... pairs) {
        Map<String, Object> detail = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                detail.put((String) pairs[i], pairs[i + 1]);
            }
        }
        return new String(Json.write(detail), StandardCharsets.UTF_8);
    }

    /** An entry before numbering; {@code rank} orders entries of the same instant (start, variable, finish). */
    private record Entry(OffsetDateTime at, int rank, RunEvent.Type type, String task, String detail) {
    }
}
