package dev.varflow.engine;

import dev.varflow.workflow.TaskDefinition;
import dev.varflow.workflow.Workflow;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides whether a run is still going, and if not, how it ended. A run is done only when nothing runs and
 * nothing can fire; then a failed task fails it, otherwise its end tasks (or, without any, all tasks)
 * decide between success and stall.
 */
public final class RunEvaluator {

    /** Plugin name of the tasks whose success means the run succeeded. */
    public static final String END_PLUGIN = "end";

    private RunEvaluator() {
    }

    public static RunVerdict evaluate(Workflow wf, Set<String> setVariables, Map<String, TaskState> taskStates) {
        Map<String, List<String>> waiting = FiringRule.missingInputs(wf, setVariables, taskStates);
        boolean busy = taskStates.values().stream().anyMatch(state -> !state.isTerminal());
        if (busy || !FiringRule.readyTasks(wf, setVariables, taskStates).isEmpty()) {
            return new RunVerdict(RunStatus.RUNNING, waiting);
        }
        // A timed-out task (touched never touched) is not a failure: it emits nothing, so what depends on it stalls.
        boolean failed = taskStates.values().stream().anyMatch(state -> state == TaskState.FAILED);
        if (failed) {
            return new RunVerdict(RunStatus.FAILED, waiting);
        }
        List<TaskDefinition> endTasks = wf.tasks().stream().filter(t -> END_PLUGIN.equals(t.plugin())).toList();
        boolean succeeded = endTasks.isEmpty()
                ? wf.tasks().stream().allMatch(t -> isTerminal(stateOf(t, taskStates)))
                : endTasks.stream().allMatch(t -> stateOf(t, taskStates) == TaskState.SUCCEEDED);
        return new RunVerdict(succeeded ? RunStatus.SUCCEEDED : RunStatus.STALLED, waiting);
    }

    private static boolean isTerminal(TaskState state) {
        return state != null && state.isTerminal();
    }

    private static TaskState stateOf(TaskDefinition task, Map<String, TaskState> taskStates) {
        return taskStates.get(task.name());
    }
}
