package dev.varflow.engine;

import java.util.List;
import java.util.Map;

/**
 * How a run stands after its latest event.
 *
 * @param waiting for each task that has not started, the inputs (and {@code "task NAME"} dependencies) it still
 *     waits for; explains a {@link RunStatus#STALLED} run
 */
public record RunVerdict(RunStatus status, Map<String, List<String>> waiting) {

    public RunVerdict {
        waiting = Map.copyOf(waiting);
    }
}
