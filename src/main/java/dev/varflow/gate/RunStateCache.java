package dev.varflow.gate;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import dev.varflow.engine.RunStatus;
import dev.varflow.engine.TaskState;

/**
 * The variables and task states of running runs as the owning gate last committed them, so a batch does not re-read
 * each run's whole state from the store. It is only a shortcut, never the truth:
 * <ul>
 * <li>every batch still locks the run rows; an entry whose run is no longer RUNNING, or was replayed (new run
 * attempt), is dropped, as is the entry of any run a control record (pause, resume, replay, cancel) names;</li>
 * <li>it learns a batch's changes from what the store reports it changed ({@code RETURNING}), and drops a run the
 * moment the store disagrees (a variable or claim it did not know of already existed);</li>
 * <li>a run is never finished on cached state: the gate re-reads it first;</li>
 * <li>the gate drops everything when its partitions change, when a batch fails, and for runs its sweeper touched.</li>
 * </ul>
 * Bounded (least recently used entries go first), so held runs cost a re-read, never unbounded memory.
 */
final class RunStateCache {

    /** One run's state. Immutable: an update replaces the entry. */
    record Entry(int runAttempt, Map<String, String> variables, Map<String, TaskState> taskStates,
            Map<String, Integer> attempts) {

        /** This entry with a run's changes; each map is copied only when it changes. */
        Entry with(CacheChanges.RunChanges changes) {
            Map<String, String> newVariables = variables;
            for (Map.Entry<String, String> variable : changes.variables().entrySet()) {
                if (!variables.containsKey(variable.getKey())) {
                    if (newVariables == variables) {
                        newVariables = new HashMap<>(variables);
                    }
                    newVariables.put(variable.getKey(), variable.getValue());
                }
            }
            Map<String, TaskState> newStates = taskStates;
            if (!changes.states().isEmpty()) {
                newStates = new HashMap<>(taskStates);
                newStates.putAll(changes.states());
            }
            Map<String, Integer> newAttempts = attempts;
            if (!changes.claimed().isEmpty()) {
                newAttempts = new HashMap<>(attempts);
                for (String task : changes.claimed()) {
                    newAttempts.put(task, 1);
                }
            }
            return new Entry(runAttempt, newVariables, newStates, newAttempts);
        }
    }

    private final Map<String, Entry> entries;
    /** The run rows as the last committed batch left them, for runs with an entry (see {@link #expectedRows}). */
    private final Map<String, LockedRun> rows = new HashMap<>();

    RunStateCache(int maxRuns) {
        this.entries = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                if (size() > maxRuns) {
                    rows.remove(eldest.getKey());
                    return true;
                }
                return false;
            }
        };
    }

    /** Remembers the run rows a committed batch left behind, for the runs that keep an entry. */
    synchronized void rowsCommitted(Collection<LockedRun> runs) {
        for (LockedRun run : runs) {
            if (entries.containsKey(run.id())) {
                rows.put(run.id(), run);
            }
        }
    }

    /**
     * The run rows a batch on these runs should find when it locks them, if every run is cached with its row;
     * null otherwise. A guess only: the batch that uses it compares it with the rows it locked.
     */
    synchronized Map<String, LockedRun> expectedRows(Collection<String> runIds) {
        Map<String, LockedRun> expected = new LinkedHashMap<>();
        for (String id : runIds) {
            LockedRun row = entries.containsKey(id) ? rows.get(id) : null;
            if (row == null) {
                return null;
            }
            expected.put(id, row);
        }
        return expected;
    }

    /** Drops the entries the locked run rows show to be out of date. */
    synchronized void retainValid(Map<String, LockedRun> lockedRuns) {
        lockedRuns.forEach((id, run) -> {
            Entry entry = entries.get(id);
            if (entry != null && (run.status() != RunStatus.RUNNING || entry.runAttempt() != run.attempt())) {
                entries.remove(id);
                rows.remove(id);
            }
        });
    }

    synchronized Entry get(String runId) {
        return entries.get(runId);
    }

    /** Caches a running run's state just read from the store. */
    synchronized void put(RunSnapshot run) {
        if (run.status() == RunStatus.RUNNING) {
            entries.put(run.runId(), new Entry(run.runAttempt(), Map.copyOf(run.variables()),
                    Map.copyOf(run.taskStates()), Map.copyOf(run.attempts())));
        }
    }

    /** A variable the store accepted (first value wins, so a cached name never changes). */
    void variableSet(String runId, String name, String value) {
        apply(new CacheChanges().variable(runId, name, value));
    }

    /** A task row the store changed to {@code state}; {@code claimed} when the change was its claim. */
    void taskChanged(String runId, String task, TaskState state, boolean claimed) {
        apply(new CacheChanges().task(runId, task, state, claimed));
    }

    /** Applies a step's changes: one new entry per changed run, its maps copied once. */
    synchronized void apply(CacheChanges changes) {
        changes.forgotten().forEach(this::forget);
        changes.runs().forEach((runId, run) -> {
            Entry entry = entries.get(runId);
            if (entry != null) {
                entries.put(runId, entry.with(run));
            }
        });
    }

    synchronized void forget(Collection<String> runIds) {
        runIds.forEach(this::forget);
    }

    synchronized void forget(String runId) {
        entries.remove(runId);
        rows.remove(runId);
    }

    synchronized void clear() {
        entries.clear();
        rows.clear();
    }

    synchronized int size() {
        return entries.size();
    }

    /** The snapshot of a cached run: status, permissions and run attempt come from its locked row. */
    static RunSnapshot snapshot(LockedRun run, Entry entry) {
        return new RunSnapshot(run.id(), run.workflowId(), run.status(), run.permissions(), run.permissionError(),
                entry.variables(), entry.taskStates(), Set.of(), entry.attempts(), run.attempt());
    }
}
