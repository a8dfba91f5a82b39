package dev.varflow.gate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;

import dev.varflow.engine.RunStatus;
import dev.varflow.engine.TaskState;

/** Maps the rows of {@link GateSql}'s statements to the gate's records; nothing outside {@link GateStore} sees a Row. */
final class GateRows {

    private GateRows() {
    }

    /** Rows of {@link GateSql#LOCK_RUNS}, by run id in lock order. */
    static Map<String, LockedRun> lockedRuns(RowSet<Row> rows) {
        Map<String, LockedRun> byId = new LinkedHashMap<>();
        rows.forEach(row -> byId.put(row.getString("id"), new LockedRun(row.getString("id"),
                row.getLong("workflow_id"), RunStatus.valueOf(row.getString("status")),
                row.getString("permissions"), row.getString("permission_error"),
                row.getInteger("attempt"), Boolean.TRUE.equals(row.getBoolean("started")))));
        return byId;
    }

    /** (run id, task) pairs from the first two columns. */
    static Set<TaskKey> keys(RowSet<Row> rows) {
        Set<TaskKey> keys = new HashSet<>();
        rows.forEach(r -> keys.add(new TaskKey(r.getString(0), r.getString(1))));
        return keys;
    }

    /** (run id, task) pairs with the task state of the third column. */
    static Map<TaskKey, TaskState> taskStates(RowSet<Row> rows) {
        Map<TaskKey, TaskState> changed = new HashMap<>();
        rows.forEach(r -> changed.put(new TaskKey(r.getString(0), r.getString(1)), TaskState.valueOf(r.getString(2))));
        return changed;
    }

    /** The first column's texts (run ids). */
    static List<String> firstColumn(RowSet<Row> rows) {
        List<String> ids = new ArrayList<>();
        rows.forEach(r -> ids.add(r.getString(0)));
        return ids;
    }

    /** Workflow sources by version id. */
    static Map<Long, String> sources(RowSet<Row> rows) {
        Map<Long, String> sources = new HashMap<>();
        rows.forEach(r -> sources.put(r.getLong(0), r.getString(1)));
        return sources;
    }

    /** Rows of {@link GateSql#SELECT_VARIABLES}: name to value, per run. */
    static Map<String, Map<String, String>> variables(RowSet<Row> rows) {
        Map<String, Map<String, String>> byRun = new HashMap<>();
        rows.forEach(r -> byRun.computeIfAbsent(r.getString(0), k -> new HashMap<>()).put(r.getString(1),
                r.getString(2)));
        return byRun;
    }

    /** The snapshots of the locked runs from their variables and the rows of {@link GateSql#SELECT_TASKS}. */
    static Map<String, RunSnapshot> snapshots(Map<String, LockedRun> runs, Map<String, Map<String, String>> vars,
            RowSet<Row> tasks) {
        Map<String, Map<String, TaskState>> states = new HashMap<>();
        Map<String, Set<String>> undispatched = new HashMap<>();
        Map<String, Map<String, Integer>> attempts = new HashMap<>();
        tasks.forEach(r -> {
            attempts.computeIfAbsent(r.getString(0), k -> new HashMap<>()).put(r.getString(1), r.getInteger(4));
            states.computeIfAbsent(r.getString(0), k -> new HashMap<>())
                    .put(r.getString(1), TaskState.valueOf(r.getString(2)));
            if (r.getBoolean(3)) {
                undispatched.computeIfAbsent(r.getString(0), k -> new HashSet<>()).add(r.getString(1));
            }
        });
        Map<String, RunSnapshot> snapshots = new LinkedHashMap<>();
        runs.forEach((id, run) -> snapshots.put(id, new RunSnapshot(id, run.workflowId(), run.status(),
                run.permissions(), run.permissionError(), vars.getOrDefault(id, Map.of()),
                states.getOrDefault(id, Map.of()), undispatched.getOrDefault(id, Set.of()),
                attempts.getOrDefault(id, Map.of()), run.attempt())));
        return snapshots;
    }
}
