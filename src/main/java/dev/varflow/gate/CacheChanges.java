package dev.varflow.gate;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import dev.varflow.engine.TaskState;

/**
 * What one step of a batch changed in the cached runs, gathered so that {@link RunStateCache#apply} copies each run's
 * maps once per step rather than once per change (a run's four parallel tasks finishing in one batch were four
 * copies of its task states, and four more of its variables).
 */
final class CacheChanges {

    /** One run's changes: variables the store accepted, task rows it changed, tasks whose claim was won. */
    record RunChanges(Map<String, String> variables, Map<String, TaskState> states, Set<String> claimed) {
    }

    private final Map<String, RunChanges> runs = new LinkedHashMap<>();
    private final Set<String> forgotten = new HashSet<>();

    /** A variable the store accepted; the first value wins, as in the store. */
    CacheChanges variable(String runId, String name, String value) {
        RunChanges run = run(runId);
        if (run != null) {
            run.variables().putIfAbsent(name, value);
        }
        return this;
    }

    /** A task row the store changed to {@code state}; {@code claimed} when the change was its claim. */
    CacheChanges task(String runId, String task, TaskState state, boolean claimed) {
        RunChanges run = run(runId);
        if (run != null) {
            run.states().put(task, state);
            if (claimed) {
                run.claimed().add(task);
            }
        }
        return this;
    }

    /** The run's cached state is no longer to be trusted: dropped, with any change gathered for it. */
    CacheChanges forget(String runId) {
        forgotten.add(runId);
        runs.remove(runId);
        return this;
    }

    Map<String, RunChanges> runs() {
        return runs;
    }

    Set<String> forgotten() {
        return forgotten;
    }

    private RunChanges run(String runId) {
        if (forgotten.contains(runId)) {
            return null;
        }
        return runs.computeIfAbsent(runId, id -> new RunChanges(new HashMap<>(4), new HashMap<>(4), new HashSet<>(2)));
    }
}
