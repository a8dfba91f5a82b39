package dev.varflow.coordinator;

import java.nio.file.Path;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.type.TypeReference;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

import dev.varflow.VarflowConfig;
import dev.varflow.infra.RunDirectories;
import dev.varflow.coordinator.store.RunEntity;
import dev.varflow.coordinator.store.RunVariableEntity;
import dev.varflow.coordinator.store.TaskAttemptEntity;
import dev.varflow.coordinator.store.TaskRunEntity;
import dev.varflow.coordinator.store.WorkflowEntity;
import dev.varflow.engine.FanOutItems;
import dev.varflow.engine.FiringRule;
import dev.varflow.engine.TaskState;
import dev.varflow.messages.Json;
import dev.varflow.workflow.TaskDefinition;
import dev.varflow.workflow.Workflow;

/** Assembles the full view of a run from its rows and its workflow version. */
@ApplicationScoped
public class RunViews {

    private final WorkflowService workflows;
    private final RunDirectories directories;

    public RunViews(WorkflowService workflows, VarflowConfig config) {
        this.workflows = workflows;
        this.directories = config.worker().runDir().map(dir -> new RunDirectories(Path.of(dir), true))
                .orElseGet(() -> RunDirectories.perRun(Path.of(config.workDir())));
    }

    @WithSession
    public Uni<RunView> view(String runId) {
        return RunEntity.<RunEntity>findById(runId)
                .onItem().ifNull().failWith(() -> new NotFoundException("no run " + runId))
                .flatMap(run -> WorkflowEntity.<WorkflowEntity>findById(run.workflowId)
                        .flatMap(workflow -> TaskRunEntity.<TaskRunEntity>list("runId", runId)
                                .flatMap(tasks -> RunVariableEntity.<RunVariableEntity>list("runId", runId)
                                        .flatMap(vars -> TaskAttemptEntity.<TaskAttemptEntity>find(
                                                "runId = ?1 order by runAttempt, attempt", runId).list()
                                                .map(attempts -> assemble(run, workflow, tasks, vars,
                                                        attempts))))));
    }

    private RunView assemble(RunEntity run, WorkflowEntity workflowEntity, List<TaskRunEntity> taskRows,
            List<RunVariableEntity> varRows, List<TaskAttemptEntity> attemptRows) {
        Map<String, List<RunView.AttemptView>> history = new HashMap<>();
        attemptRows.forEach(a -> history.computeIfAbsent(a.task, t -> new ArrayList<>()).add(new RunView.AttemptView(
                a.runAttempt, a.attempt, a.state, a.worker, a.startedAt, a.finishedAt, a.exitCode, a.error)));
        // Attempts that did not succeed have rows of their own; a successful one is its task row.
        taskRows.stream().filter(RunHistory::isSuccessfulAttempt).forEach(t -> history.computeIfAbsent(t.task,
                k -> new ArrayList<>()).add(new RunView.AttemptView(t.runAttempt, t.attempt, t.state, t.worker,
                t.startedAt, t.finishedAt, t.exitCode, t.error)));
        history.values().forEach(list -> list.sort(Comparator.comparingInt(RunView.AttemptView::runAttempt)
                .thenComparingInt(RunView.AttemptView::attempt)));
        Workflow workflow = workflows.parsed(workflowEntity);
        Map<String, String> variables = new TreeMap<>();
        Map<String, Map<String, String>> itemOutputs = new HashMap<>();
        varRows.forEach(v -> {
            int dot = v.name.indexOf('.');
            if (dot > 0 && FanOutItems.indexOf(v.name.substring(0, dot)) >= 0) {
                itemOutputs.computeIfAbsent(v.name.substring(0, dot), k -> new TreeMap<>())
                        .put(v.name.substring(dot + 1), v.value);
            } else {
                variables.put(v.name, v.value);
            }
        });
        Map<String, TaskRunEntity> byName = taskRows.stream().collect(Collectors.toMap(t -> t.task, t -> t));
        Map<String, TaskState> states = new HashMap<>();
        byName.forEach((name, row) -> states.put(name, row.state));
        Map<String, List<String>> missing = FiringRule.missingInputs(workflow, Set.copyOf(variables.keySet()), states);
        List<RunView.TaskView> tasks = new ArrayList<>();
        for (TaskDefinition task : workflow.tasks()) {
            TaskRunEntity row = byName.get(task.name());
            if (row == null) {
                tasks.add(new RunView.TaskView(task.name(), task.plugin(), TaskState.PENDING, 0, null, null, null, null, null,
                        null, null, null, null, missing.getOrDefault(task.name(), List.of()),
                        history.getOrDefault(task.name(), List.of()), List.of()));
            } else {
                tasks.add(new RunView.TaskView(task.name(), task.plugin(), row.state, row.attempts, row.worker,
                        row.activatedAt, row.startedAt, row.finishedAt, duration(row), row.exitCode, row.output,
                        row.error, row.nextAttemptAt, List.of(), history.getOrDefault(task.name(), List.of()),
                        items(task.name(), taskRows, itemOutputs, history)));
            }
        }
        Map<String, List<String>> waiting = run.waiting == null ? Map.of()
                : Json.mapper().convertValue(readTree(run.waiting), new TypeReference<LinkedHashMap<String, List<String>>>() {
                });
        return new RunView(run.id, run.workflowName, workflowEntity.version, run.status, run.attempt, run.error,
                run.createdAt,
                run.finishedAt, variables, tasks, waiting, run.tokenHash != null, run.permissionError,
                run.startedBy, directories.of(run.id).toString());
    }

    private static List<RunView.ItemView> items(String task, List<TaskRunEntity> rows,
            Map<String, Map<String, String>> outputs, Map<String, List<RunView.AttemptView>> history) {
        return rows.stream()
                .filter(row -> FanOutItems.indexOf(row.task) >= 0 && FanOutItems.parentOf(row.task).equals(task))
                .sorted(Comparator.comparingInt(row -> FanOutItems.indexOf(row.task)))
                .map(row -> new RunView.ItemView(row.task, FanOutItems.indexOf(row.task), row.state, row.attempts,
                        row.worker, row.startedAt, row.finishedAt, duration(row), row.exitCode, row.error,
                        outputs.getOrDefault(row.task, Map.of()), history.getOrDefault(row.task, List.of())))
                .toList();
    }

    private static Long duration(TaskRunEntity row) {
        return row.startedAt != null && row.finishedAt != null
                ? Duration.between(row.startedAt, row.finishedAt).toMillis() : null;
    }

    private static Object readTree(String json) {
        return Json.read(json.getBytes(StandardCharsets.UTF_8), Object.class);
    }
}
