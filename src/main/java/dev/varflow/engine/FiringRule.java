package dev.varflow.engine;

import dev.varflow.workflow.TaskDefinition;
import dev.varflow.workflow.Workflow;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * When a task fires: every input variable is set, every task in its {@code execution.depends_on} succeeded, and
 * it has not fired before in this run (a task fires at most once, however often its inputs change).
 */
public final class FiringRule {

    private FiringRule() {
    }

    /** Tasks that should be activated now, in file order. */
    public static List<TaskDefinition> readyTasks(Workflow wf, Set<String> setVariables,
            Map<String, TaskState> taskStates) {
        return wf.tasks().stream()
                .filter(task -> !taskStates.containsKey(task.name()))
                .filter(task -> missing(task, setVariables, taskStates).isEmpty())
                .toList();
    }

    /**
     * For each task that has not started and cannot start yet, what it still waits for: input variable names, and
     * {@code "task NAME"} for each depends_on task that has not succeeded. In file order.
     */
    public static Map<String, List<String>> missingInputs(Workflow wf, Set<String> setVariables,
            Map<String, TaskState> taskStates) {
        Map<String, List<String>> waiting = new LinkedHashMap<>();
        for (TaskDefinition task : wf.tasks()) {
            if (!taskStates.containsKey(task.name())) {
                List<String> missing = missing(task, setVariables, taskStates);
                if (!missing.isEmpty()) {
                    waiting.put(task.name(), missing);
                }
            }
        }
        return Collections.unmodifiableMap(waiting);
    }


    private static List<String> missing(TaskDefinition task, Set<String> setVariables,
            Map<String, TaskState> taskStates) {
        List<String> missing = new ArrayList<>();
        for (String input : task.inputs()) {
            if (!setVariables.contains(input)) {
                missing.add(input);
            }
        }
        for (String before : task.execution().dependsOn()) {
            if (taskStates.get(before) != TaskState.SUCCEEDED) {
                missing.add("task " + before);
            }
        }
        return List.copyOf(missing);
    }
}
