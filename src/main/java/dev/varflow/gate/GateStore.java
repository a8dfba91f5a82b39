package dev.varflow.gate;

import java.util.Collection;
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
    public Uni<Map<String, LockedRun>> lockRuns(SqlConnection conn, Collection<String> runIds) {
        String[] ids = runIds.stream().sorted().toArray(String[]::new);
        return conn.preparedQuery(GateSql.LOCK_RUNS)
                .execute(Tuple.of(ids))
                .map(GateRows::lockedRuns);
    }

    /** Records that the runs' RUN_STARTED arrived: from now on they are evaluated. */
    public Uni<Void> markStarted(SqlConnection conn, Collection<String> runIds) {
        if (runIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return conn.preparedQuery(GateSql.MARK_STARTED)
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
        return conn.preparedQuery(GateSql.INSERT_VARIABLES)
                .execute(ColumnArrays.of(variables, text(RunEvent.Variable::runId), text(RunEvent.Variable::name),
                        text(RunEvent.Variable::value), text(RunEvent.Variable::task)))
                .map(GateRows::keys);
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
        return conn.preparedQuery(GateSql.UPDATE_TASKS)
                .execute(params)
                .map(GateRows::taskStates);
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
        return conn.preparedQuery(GateSql.RECORD_ATTEMPTS)
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
        return conn.preparedQuery(GateSql.RECORD_HISTORY)
                .execute(ColumnArrays.of(events, text(RunEvent::runId), text(e -> e.type().name()), text(HistoryDetail::task),
                        text(HistoryDetail::of), int8(RunEvent::at)))
                .replaceWithVoid();
    }

    /** Reads variables and task states of the given runs. */
    public Uni<Map<String, RunSnapshot>> snapshots(SqlConnection conn, Map<String, LockedRun> runs) {
        String[] ids = runs.keySet().toArray(String[]::new);
        Uni<Map<String, Map<String, String>>> variables = conn
                .preparedQuery(GateSql.SELECT_VARIABLES)
                .execute(Tuple.of((Object) ids))
                .map(GateRows::variables);
        Uni<RowSet<Row>> tasks = conn
                .preparedQuery(GateSql.SELECT_TASKS)
                .execute(Tuple.of(ids, (double) STALE_CLAIM.toMillis() / 1000));
        // Both selects pipelined on the connection: one round trip.
        return Uni.combine().all().unis(variables, tasks).asTuple()
                .map(both -> GateRows.snapshots(runs, both.getItem1(), both.getItem2()));
    }

    /**
     * Claims tasks; returns the claims this call won (a lost claim was made by an earlier delivery). A claim of a
     * skipped task, or of one whose condition could not be evaluated, is finished at once.
     */
    public Uni<Set<TaskKey>> claim(SqlConnection conn, List<Claim> claims) {
        if (claims.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return conn.preparedQuery(GateSql.CLAIM)
                .execute(ColumnArrays.of(claims, text(Claim::runId), text(Claim::task), text(Claim::plugin),
                        text(claim -> StateSql.name(claim.state())), text(Claim::error), int4(Claim::runAttempt)))
                .map(GateRows::keys);
    }

    /** Fails runs past their deadline; returns their ids (each failed exactly once, by whichever gate got there). */
    public Uni<List<String>> failOverdueRuns(int limit) {
        return pool.preparedQuery(GateSql.FAIL_OVERDUE_RUNS)
                .execute(Tuple.of(limit))
                .map(GateRows::firstColumn);
    }

    /**
     * Fails a run whose records can never be stored (see {@link PoisonRecords}); true when this call failed it (a
     * run already finished is left as it is).
     */
    public Uni<Boolean> failRun(String runId, String error) {
        return pool.preparedQuery(GateSql.FAIL_RUN)
                .execute(Tuple.of(runId, error))
                .map(rows -> rows.rowCount() > 0);
    }

    /** Runs that are running and hold a retry whose backoff has passed. */
    public Uni<List<String>> runsWithDueRetries(int limit) {
        return pool.preparedQuery(GateSql.RUNS_WITH_DUE_RETRIES)
                .execute(Tuple.of(limit))
                .map(GateRows::firstColumn);
    }

    /** Turns due retries of the given (locked) runs into activations of their next attempt. */
    public Uni<Set<TaskKey>> activateDueRetries(SqlConnection conn, Collection<String> runIds) {
        return conn.preparedQuery(GateSql.ACTIVATE_DUE_RETRIES)
                .execute(Tuple.of((Object) runIds.toArray(String[]::new)))
                .map(GateRows::keys);
    }

    /** Marks runs finished unless something else (a cancel) finished them first. */
    public Uni<Void> finishRuns(SqlConnection conn, List<RunFinish> finishes) {
        if (finishes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return conn.preparedQuery(GateSql.FINISH_RUNS)
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
        return client.preparedQuery(GateSql.MARK_DISPATCHED)
                .execute(ColumnArrays.of(keys, text(TaskKey::runId), text(TaskKey::task)))
                .replaceWithVoid();
    }

    /** Runs that hold a claim lost by a crashed gate (claimed, never confirmed sent, for a while). */
    public Uni<List<String>> runsWithStaleClaims(int limit) {
        return pool.preparedQuery(GateSql.RUNS_WITH_STALE_CLAIMS)
                .execute(Tuple.of((double) STALE_CLAIM.toMillis() / 1000, limit))
                .map(GateRows::firstColumn);
    }

    /** Source texts of workflow versions, for the gate's cache. */
    public Uni<Map<Long, String>> workflowSources(Collection<Long> ids) {
        return pool.preparedQuery(GateSql.WORKFLOW_SOURCES)
                .execute(Tuple.of((Object) ids.toArray(Long[]::new)))
                .map(GateRows::sources);
    }

    /** A task to claim, in the state it starts in (ACTIVATED, or SKIPPED/FAILED when its condition says so). */
    public record Claim(String runId, String task, String plugin, TaskState state, String error, int runAttempt) {
    }

    /** A run the gate found finished, with the waiting report for a stall. */
    public record RunFinish(String runId, RunStatus status, String waitingJson) {
    }
}
