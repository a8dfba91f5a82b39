package dev.varflow.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The next step of a running fan-out task, from its items' states: which items to claim now (never more running
 * than the concurrency limit, in item order), or, once every item is done, how the task ended. After a failed item
 * no further item starts; the task fails when the items already running are done.
 *
 * @param claim item indexes to activate now
 * @param outcome the task's final state, or null while items are left
 */
public record FanOutPlan(List<Integer> claim, TaskState outcome) {

    /** Plans one step for {@code width} items; {@code itemStates} holds the claimed items only. */
    public static FanOutPlan next(int width, Map<Integer, TaskState> itemStates, int concurrency) {
        int active = 0;
        boolean failed = false;
        boolean timedOut = false;
        for (TaskState state : itemStates.values()) {
            if (!state.isTerminal()) {
                active++;
            }
            failed |= state == TaskState.FAILED;
            timedOut |= state == TaskState.TIMED_OUT;
        }
        List<Integer> claim = new ArrayList<>();
        if (!failed) {
            for (int i = 0; i < width && active + claim.size() < concurrency; i++) {
                if (!itemStates.containsKey(i)) {
                    claim.add(i);
                }
            }
        }
        boolean allClaimed = itemStates.size() + claim.size() >= width;
        if (active > 0 || !claim.isEmpty() || (!failed && !allClaimed)) {
            return new FanOutPlan(List.copyOf(claim), null);
        }
        TaskState outcome = failed ? TaskState.FAILED : timedOut ? TaskState.TIMED_OUT : TaskState.SUCCEEDED;
        return new FanOutPlan(List.of(), outcome);
    }

    /** Whether the fan-out task is done. */
    public boolean finished() {
        return outcome != null;
    }
}
