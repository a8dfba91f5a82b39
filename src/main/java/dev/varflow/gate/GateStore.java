package dev.varflow.gate;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

import static dev.varflow.infra.ColumnArrays.int4;
import static dev.varflow.infra.ColumnArrays.int8;
import static dev.varflow.infra.ColumnArrays.text;

import dev.varflow.engine.RunStatus;
import dev.varflow.engine.TaskState;
import dev.varflow.infra.ColumnArrays;

import dev.varflow.infra.StateSql;
import dev.varflow.messages.RunEvent;

/**
 * The gate's view of the state store. Every statement is set-based (arrays unnested server side), so a batch of
 * thousands of records costs a fixed handful of round trips inside one transaction.
 */
@ApplicationScoped
public class GateStore {

    /** A claim this old whose activation was never confirmed sent was lost by a crashed gate. */
    static final java.time.Duration STALE_CLAIM = java.time.Duration.ofSeconds(10);

    /** SQL turning epoch microseconds into a timestamptz without going through floating point. */
    private static final String FROM_MICROS = "'epoch'::timestamptz + interval '1 microsecond' * ";

    private static final String ACTIVATED = StateSql.literal(TaskState.ACTIVATED);
    private static final String TASK_RUNNING = StateSql.literal(TaskState.RUNNING);
    private static final String RETRY_WAIT = StateSql.literal(TaskState.RETRY_WAIT);
    private static final String RUN_RUNNING = StateSql.literal(RunStatus.RUNNING);
    private static final String RUN_FAILED = StateSql.literal(RunStatus.FAILED);
    /** Statuses of a run that has not finished. */
    private static final String RUN_LIVE = StateSql.literals(RunStatus.RUNNING, RunStatus.PAUSED);

    private final Pool pool;

    public GateStore(Pool pool) {
        this.pool = pool;
    }

    /**
     * Runs {@code decide} inside one transaction after locking the batch's runs and applying its events; what
     * {@code decide} returns is committed with the claims it asks for.
     */
    public <T> Uni<T> inTransaction(Function<SqlConnection, Uni<T>> work) {
        return pool.withTransaction(work);
    }

    /**
     * Runs {@code work} in a transaction whose round trips are pipelined: BEGIN goes out with the work's first
     * statement, and the work sends COMMIT itself through the {@link Commit} it is given, behind its last statements
     * (PostgreSQL turns that COMMIT into a rollback when a statement before it failed, and the work's result then
     * fails). Work that did not commit is committed after it completes; failed work is rolled back.
     */
    public <T> Uni<T> inPipelinedTransaction(java.util.function.BiFunction<SqlConnection, Commit, Uni<T>> work) {
        return pool.withConnection(conn -> {
            Commit commit = new Commit(conn);
            Uni<Void> begin = conn.query("BEGIN").execute().replaceWithVoid();
            return Uni.combine().all().unis(begin, work.apply(conn, commit)).asTuple()
                    .flatMap(done -> commit.sent ? Uni.createFrom().item(done.getItem2())
                            : commit.send().replaceWith(done.getItem2()))
                    .onFailure().call(() -> conn.query("ROLLBACK").execute().onFailure().recoverWithNull());
        });
    }

    /** The COMMIT of a pipelined transaction, sent by the work once it knows no statement follows. */
    public static final class Commit {
        private final SqlConnection conn;
        private boolean sent;

        Commit(SqlConnection conn) {
            this.conn = conn;
        }

        /** Queues COMMIT on the connection; subscribe to it together with the last statements. */
        public Uni<Void> send() {
            return Uni.createFrom().deferred(() -> {
                sent = true;
                return conn.query("COMMIT").execute().replaceWithVoid();
            });
        }
    }

    /** Locks the runs (serialising two gates on one run during a rebalance) and returns those that exist. */
    public Uni<Map<String, Row>> lockRuns(SqlConnection conn, Collection<String> runIds) {
        String[] ids = runIds.stream().sorted().toArray(String[]::new);
        return conn.preparedQuery("SELECT id, workflow_id, status, permissions, permission_error, attempt, started FROM runs "
                        + "WHERE id = ANY($1) ORDER BY id FOR UPDATE")
                .execute(Tuple.of(ids))
                .map(rows -> {
                    Map<String, Row> byId = new LinkedHashMap<>();
                    rows.forEach(row -> byId.put(row.getString("id"), row));
                    return byId;
                });
    }

    /** The status of a run row read by {@link #lockRuns}. */
    static RunStatus status(Row run) {
        return RunStatus.valueOf(run.getString("status"));
    }

    /** Records that the runs' RUN_STARTED arrived: from now on they are evaluated. */
    public Uni<Void> markStarted(SqlConnection conn, Collection<String> runIds) {
        if (runIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return conn.preparedQuery("UPDATE runs SET started = TRUE WHERE id = ANY($1) AND NOT started")
                .execute(Tuple.of((Object) runIds.toArray(String[]::new)))
                .replaceWithVoid();
    }

    /**
     * Inserts variables; a name already set in the run keeps its first value. Returns the (run, name) pairs this
     * call inserted.
     */
    public Uni<Set<TaskKey>> insertVariables(SqlConnection conn, List<RunEvent.Variable> variables) {
        if (variables.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return conn.preparedQuery("INSERT INTO run_variables (run_id, name, value, source_task) "
                        + "SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) "
                        + "ON CONFLICT DO NOTHING RETURNING run_id, name")
                .execute(ColumnArrays.of(variables, text(RunEvent.Variable::runId), text(RunEvent.Variable::name),
                        text(RunEvent.Variable::value), text(RunEvent.Variable::task)))
                .map(GateStore::keys);
    }

    private static Set<TaskKey> keys(RowSet<Row> rows) {
        Set<TaskKey> keys = new HashSet<>();
        rows.forEach(r -> keys.add(new TaskKey(r.getString(0), r.getString(1))));
        return keys;
    }

    /**
     * Applies task starts and finishes; a task already finished, or an outcome of an attempt older than the one
     * handed out last, is left as it is (redelivery). Returns the rows changed, with their new state.
     */
    public Uni<Map<TaskKey, TaskState>> updateTasks(SqlConnection conn, Collection<TaskUpdate> updates) {
        if (updates.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        Tuple params = ColumnArrays.of(updates, text(u -> u.runId), text(u -> u.task), text(u -> StateSql.name(u.finalState)),
                int4(u -> u.started), text(u -> u.worker), int8(u -> u.startedAt), int8(u -> u.finishedAt),
                int4(u -> u.exitCode), text(u -> u.output), text(u -> u.error), int4(u -> u.attempt),
                int8(u -> u.nextAttemptAt));
        return conn.preparedQuery("UPDATE task_runs t SET "
                        + "state = COALESCE(v.final_state, " + TASK_RUNNING + "), "
                        + "attempts = t.attempts + v.started, "
                        // A worker reported on the task, so its activation was delivered even if the gate that
                        // sent it died before confirming: keeps the sweeper's partial index to in-flight claims.
                        + "dispatched = TRUE, "
                        + "worker = COALESCE(v.worker, t.worker), "
                        + "started_at = COALESCE(" + FROM_MICROS + "v.started_us, t.started_at), "
                        + "finished_at = " + FROM_MICROS + "v.finished_us, "
                        + "exit_code = v.exit_code, output = v.output, error = v.error, "
                        + "next_attempt_at = to_timestamp(v.next_ms / 1000.0) "
                        + "FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::text[], $6::bigint[], "
                        + "$7::bigint[], $8::int[], $9::text[], $10::text[], $11::int[], $12::bigint[]) "
                        + "AS v(run_id, task, final_state, started, worker, started_us, finished_us, exit_code, "
                        + "output, error, attempt, next_ms) "
                        + "WHERE t.run_id = v.run_id AND t.task = v.task AND t.state IN (" + ACTIVATED + ", " + TASK_RUNNING + ") "
                        + "AND v.attempt >= t.attempt RETURNING t.run_id, t.task, t.state")
                .execute(params)
                .map(rows -> {
                    Map<TaskKey, TaskState> changed = new HashMap<>();
                    rows.forEach(r -> changed.put(new TaskKey(r.getString(0), r.getString(1)),
                            TaskState.valueOf(r.getString(2))));
                    return changed;
                });
    }

    /**
     * Keeps every attempt that did not succeed (a retry or a replay may replace it). A successful attempt is the
     * task row itself, which needs no second copy.
     */
    public Uni<Void> recordAttempts(SqlConnection conn, List<RunEvent.TaskFinished> finished,
            Map<String, Integer> runAttempts) {
        if (finished.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Tuple params = ColumnArrays.of(finished, text(RunEvent.TaskFinished::runId), text(RunEvent.TaskFinished::task),
                int4(RunEvent.TaskFinished::attemptOrFirst), int4(e -> runAttempts.getOrDefault(e.runId(), 1)),
                text(e -> StateSql.name(e.state())), text(RunEvent.TaskFinished::worker),
                int8(RunEvent.TaskFinished::startedAt), int8(RunEvent.TaskFinished::at),
                int4(RunEvent.TaskFinished::exitCode), text(RunEvent.TaskFinished::output),
                text(RunEvent.TaskFinished::error));
        return conn.preparedQuery("INSERT INTO task_attempts (run_id, task, attempt, run_attempt, state, worker, "
                        + "started_at, finished_at, exit_code, output, error) "
                        + "SELECT r, t, a, ra, s, w, to_timestamp(sm / 1000.0), to_timestamp(fm / 1000.0), x, o, e "
                        + "FROM unnest($1::text[], $2::text[], $3::int[], $4::int[], $5::text[], $6::text[], "
                        + "$7::bigint[], $8::bigint[], $9::int[], $10::text[], $11::text[]) "
                        + "AS v(r, t, a, ra, s, w, sm, fm, x, o, e) ON CONFLICT DO NOTHING")
                .execute(params)
                .replaceWithVoid();
    }

    /**
     * Appends the batch's run-level records (start, pause, resume, ...) to the run's history; task and variable
     * entries of the history are read from the task, attempt and variable rows (coordinator/RunHistory).
     */
    public Uni<Void> recordHistory(SqlConnection conn, List<RunEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return conn.preparedQuery("INSERT INTO run_events (run_id, type, task, detail, at) "
                        + "SELECT r, ty, t, d, to_timestamp(a / 1000.0) "
                        + "FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[]) AS v(r, ty, t, d, a)")
                .execute(ColumnArrays.of(events, text(RunEvent::runId), text(e -> e.type().name()), text(HistoryDetail::task),
                        text(HistoryDetail::of), int8(RunEvent::at)))
                .replaceWithVoid();
    }

    /** Reads variables and task states of the given runs. */
    public Uni<Map<String, RunSnapshot>> snapshots(SqlConnection conn, Map<String, Row> runs) {
        String[] ids = runs.keySet().toArray(String[]::new);
        Uni<Map<String, Map<String, String>>> variables = conn
                .preparedQuery("SELECT run_id, name, value FROM run_variables WHERE run_id = ANY($1)")
                .execute(Tuple.of((Object) ids))
                .map(rows -> {
                    Map<String, Map<String, String>> byRun = new HashMap<>();
                    rows.forEach(r -> byRun.computeIfAbsent(r.getString(0), k -> new HashMap<>())
                            .put(r.getString(1), r.getString(2)));
                    return byRun;
                });
        Uni<RowSet<Row>> tasks = conn
                .preparedQuery("SELECT run_id, task, state, NOT dispatched AND state = " + ACTIVATED + " "
                        + "AND activated_at < now() - make_interval(secs => $2), attempt FROM task_runs "
                        + "WHERE run_id = ANY($1)")
                .execute(Tuple.of(ids, (double) STALE_CLAIM.toMillis() / 1000));
        // Both selects pipelined on the connection: one round trip.
        return Uni.combine().all().unis(variables, tasks).asTuple().map(both -> {
                    Map<String, Map<String, String>> vars = both.getItem1();
                    RowSet<Row> rows = both.getItem2();
                    Map<String, Map<String, TaskState>> states = new HashMap<>();
                    Map<String, Set<String>> undispatched = new HashMap<>();
                    Map<String, Map<String, Integer>> attempts = new HashMap<>();
                    rows.forEach(r -> {
                        attempts.computeIfAbsent(r.getString(0), k -> new HashMap<>()).put(r.getString(1),
                                r.getInteger(4));
                        states.computeIfAbsent(r.getString(0), k -> new HashMap<>())
                                .put(r.getString(1), TaskState.valueOf(r.getString(2)));
                        if (r.getBoolean(3)) {
                            undispatched.computeIfAbsent(r.getString(0), k -> new HashSet<>()).add(r.getString(1));
                        }
                    });
                    Map<String, RunSnapshot> snapshots = new LinkedHashMap<>();
                    runs.forEach((id, row) -> snapshots.put(id, new RunSnapshot(id, row.getLong("workflow_id"),
                            status(row), row.getString("permissions"),
                            row.getString("permission_error"), vars.getOrDefault(id, Map.of()),
                            states.getOrDefault(id, Map.of()), undispatched.getOrDefault(id, Set.of()),
                            attempts.getOrDefault(id, Map.of()), row.getInteger("attempt"))));
                    return snapshots;
                });
    }

    /**
     * Claims tasks; returns the claims this call won (a lost claim was made by an earlier delivery). A claim of a
     * skipped task, or of one whose condition could not be evaluated, is finished at once.
     */
    public Uni<Set<TaskKey>> claim(SqlConnection conn, List<Claim> claims) {
        if (claims.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return conn.preparedQuery("INSERT INTO task_runs (run_id, task, plugin, state, error, finished_at, dispatched, "
                        + "run_attempt) SELECT r, t, p, s, e, CASE WHEN s = " + ACTIVATED + " THEN NULL ELSE now() END, "
                        + "s <> " + ACTIVATED + ", ra FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], "
                        + "$5::text[], $6::int[]) AS v(r, t, p, s, e, ra) ON CONFLICT DO NOTHING RETURNING run_id, task")
                .execute(ColumnArrays.of(claims, text(Claim::runId), text(Claim::task), text(Claim::plugin),
                        text(claim -> StateSql.name(claim.state())), text(Claim::error), int4(Claim::runAttempt)))
                .map(GateStore::keys);
    }

    /** Fails runs past their deadline; returns their ids (each failed exactly once, by whichever gate got there). */
    public Uni<List<String>> failOverdueRuns(int limit) {
        return pool.preparedQuery("UPDATE runs SET status = " + RUN_FAILED + ", finished_at = now(), "
                        + "error = 'run deadline exceeded' WHERE id IN (SELECT id FROM runs WHERE deadline_at IS NOT NULL AND "
                        + "status IN (" + RUN_LIVE + ") AND deadline_at < now() LIMIT $1 FOR UPDATE SKIP LOCKED) "
                        + "RETURNING id")
                .execute(Tuple.of(limit))
                .map(rows -> {
                    List<String> ids = new ArrayList<>();
                    rows.forEach(r -> ids.add(r.getString(0)));
                    return ids;
                });
    }

    /**
     * Fails a run whose records can never be stored (see {@link PoisonRecords}); true when this call failed it (a
     * run already finished is left as it is).
     */
    public Uni<Boolean> failRun(String runId, String error) {
        return pool.preparedQuery("UPDATE runs SET status = " + RUN_FAILED + ", finished_at = now(), error = $2 "
                        + "WHERE id = $1 AND status IN (" + RUN_LIVE + ") RETURNING id")
                .execute(Tuple.of(runId, error))
                .map(rows -> rows.rowCount() > 0);
    }

    /** Runs that are running and hold a retry whose backoff has passed. */
    public Uni<List<String>> runsWithDueRetries(int limit) {
        return pool.preparedQuery("SELECT DISTINCT t.run_id FROM task_runs t JOIN runs r ON r.id = t.run_id "
                        + "WHERE t.state = " + RETRY_WAIT + " AND t.next_attempt_at <= now() AND r.status = " + RUN_RUNNING
                        + " "
                        + "LIMIT $1")
                .execute(Tuple.of(limit))
                .map(rows -> {
                    List<String> ids = new ArrayList<>();
                    rows.forEach(r -> ids.add(r.getString(0)));
                    return ids;
                });
    }

    /** Turns due retries of the given (locked) runs into activations of their next attempt. */
    public Uni<Set<TaskKey>> activateDueRetries(SqlConnection conn, Collection<String> runIds) {
        return conn.preparedQuery("UPDATE task_runs SET state = " + ACTIVATED + ", attempt = attempt + 1, "
                        + "dispatched = FALSE, next_attempt_at = NULL, activated_at = now() "
                        + "WHERE run_id = ANY($1) AND state = " + RETRY_WAIT + " AND next_attempt_at <= now() "
                        + "RETURNING run_id, task")
                .execute(Tuple.of((Object) runIds.toArray(String[]::new)))
                .map(rows -> {
                    Set<TaskKey> due = new HashSet<>();
                    rows.forEach(r -> due.add(new TaskKey(r.getString(0), r.getString(1))));
                    return due;
                });
    }

    /** Marks runs finished unless something else (a cancel) finished them first. */
    public Uni<Void> finishRuns(SqlConnection conn, List<RunFinish> finishes) {
        if (finishes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return conn.preparedQuery("UPDATE runs r SET status = v.s, waiting = v.w, finished_at = now() "
                        + "FROM unnest($1::text[], $2::text[], $3::text[]) AS v(id, s, w) "
                        + "WHERE r.id = v.id AND r.status = " + RUN_RUNNING)
                .execute(ColumnArrays.of(finishes, text(RunFinish::runId), text(finish -> StateSql.name(finish.status())),
                        text(RunFinish::waitingJson)))
                .replaceWithVoid();
    }

    /** Records that activations reached Kafka, so a restarted gate does not send them again. */
    public Uni<Void> markDispatched(Collection<TaskKey> keys) {
        return markDispatched(pool, keys);
    }

    /** {@link #markDispatched(Collection)} inside a batch's transaction. */
    public Uni<Void> markDispatched(SqlConnection conn, Collection<TaskKey> keys) {
        return markDispatched((io.vertx.mutiny.sqlclient.SqlClient) conn, keys);
    }

    private static Uni<Void> markDispatched(io.vertx.mutiny.sqlclient.SqlClient client, Collection<TaskKey> keys) {
        if (keys.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return client.preparedQuery("UPDATE task_runs t SET dispatched = TRUE "
                        + "FROM unnest($1::text[], $2::text[]) AS v(r, t) WHERE t.run_id = v.r AND t.task = v.t "
                        // A worker's report marked it already: no second row version.
                        + "AND NOT t.dispatched")
                .execute(ColumnArrays.of(keys, text(TaskKey::runId), text(TaskKey::task)))
                .replaceWithVoid();
    }

    /** Runs that hold a claim lost by a crashed gate (claimed, never confirmed sent, for a while). */
    public Uni<List<String>> runsWithStaleClaims(int limit) {
        return pool.preparedQuery("SELECT DISTINCT run_id FROM task_runs WHERE NOT dispatched "
                        + "AND state = " + ACTIVATED + " AND activated_at < now() - make_interval(secs => $1) LIMIT $2")
                .execute(Tuple.of((double) STALE_CLAIM.toMillis() / 1000, limit))
                .map(rows -> {
                    List<String> ids = new ArrayList<>();
                    rows.forEach(r -> ids.add(r.getString(0)));
                    return ids;
                });
    }

    /** Source texts of workflow versions, for the gate's cache. */
    public Uni<Map<Long, String>> workflowSources(Collection<Long> ids) {
        return pool.preparedQuery("SELECT id, source FROM workflows WHERE id = ANY($1)")
                .execute(Tuple.of((Object) ids.toArray(Long[]::new)))
                .map(rows -> {
                    Map<Long, String> sources = new HashMap<>();
                    rows.forEach(r -> sources.put(r.getLong(0), r.getString(1)));
                    return sources;
                });
    }

    /** A task to claim, in the state it starts in (ACTIVATED, or SKIPPED/FAILED when its condition says so). */
    public record Claim(String runId, String task, String plugin, TaskState state, String error, int runAttempt) {
    }

    /** A run the gate found finished, with the waiting report for a stall. */
    public record RunFinish(String runId, RunStatus status, String waitingJson) {
    }
}
