package dev.varflow.gate;

import dev.varflow.engine.RunStatus;
import dev.varflow.engine.TaskState;
import dev.varflow.infra.StateSql;

/** The texts of the gate's SQL statements (see {@link GateStore} for what each does); set-based, arrays unnested. */
final class GateSql {

    /** SQL turning epoch microseconds into a timestamptz without going through floating point. */
    private static final String FROM_MICROS = "'epoch'::timestamptz + interval '1 microsecond' * ";

    private static final String ACTIVATED = StateSql.literal(TaskState.ACTIVATED);
    private static final String TASK_RUNNING = StateSql.literal(TaskState.RUNNING);
    private static final String RETRY_WAIT = StateSql.literal(TaskState.RETRY_WAIT);
    private static final String RUN_RUNNING = StateSql.literal(RunStatus.RUNNING);
    private static final String RUN_FAILED = StateSql.literal(RunStatus.FAILED);
    /** Statuses of a run that has not finished. */
    private static final String RUN_LIVE = StateSql.literals(RunStatus.RUNNING, RunStatus.PAUSED);

    static final String LOCK_RUNS = "SELECT id, workflow_id, status, permissions, permission_error, attempt, started "
            + "FROM runs WHERE id = ANY($1) ORDER BY id FOR UPDATE";

    /** The start variables kept for the coordinator's start sweep are in run_variables now: no second copy. */
    static final String MARK_STARTED = "UPDATE runs SET started = TRUE, start_vars = NULL WHERE id = ANY($1) "
            + "AND NOT started";

    static final String INSERT_VARIABLES = "INSERT INTO run_variables (run_id, name, value, source_task) "
            + "SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) "
            + "ON CONFLICT DO NOTHING RETURNING run_id, name";

    static final String UPDATE_TASKS = "UPDATE task_runs t SET "
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
            + "AND v.attempt >= t.attempt RETURNING t.run_id, t.task, t.state";

    static final String RECORD_ATTEMPTS = "INSERT INTO task_attempts (run_id, task, attempt, run_attempt, state, worker, "
            + "started_at, finished_at, exit_code, output, error) "
            + "SELECT r, t, a, ra, s, w, to_timestamp(sm / 1000.0), to_timestamp(fm / 1000.0), x, o, e "
            + "FROM unnest($1::text[], $2::text[], $3::int[], $4::int[], $5::text[], $6::text[], "
            + "$7::bigint[], $8::bigint[], $9::int[], $10::text[], $11::text[]) "
            + "AS v(r, t, a, ra, s, w, sm, fm, x, o, e) ON CONFLICT DO NOTHING";

    static final String RECORD_HISTORY = "INSERT INTO run_events (run_id, type, task, detail, at) "
            + "SELECT r, ty, t, d, to_timestamp(a / 1000.0) "
            + "FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[]) AS v(r, ty, t, d, a)";

    static final String SELECT_VARIABLES = "SELECT run_id, name, value FROM run_variables WHERE run_id = ANY($1)";

    static final String SELECT_TASKS = "SELECT run_id, task, state, NOT dispatched AND state = " + ACTIVATED + " "
            + "AND activated_at < now() - make_interval(secs => $2), attempt FROM task_runs "
            + "WHERE run_id = ANY($1)";

    static final String CLAIM = "INSERT INTO task_runs (run_id, task, plugin, state, error, finished_at, dispatched, "
            + "run_attempt) SELECT r, t, p, s, e, CASE WHEN s = " + ACTIVATED + " THEN NULL ELSE now() END, "
            + "s <> " + ACTIVATED + ", ra FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], "
            + "$5::text[], $6::int[]) AS v(r, t, p, s, e, ra) ON CONFLICT DO NOTHING RETURNING run_id, task";

    static final String FAIL_OVERDUE_RUNS = "UPDATE runs SET status = " + RUN_FAILED + ", finished_at = now(), "
            + "error = 'run deadline exceeded' WHERE id IN (SELECT id FROM runs WHERE deadline_at IS NOT NULL AND "
            + "status IN (" + RUN_LIVE + ") AND deadline_at < now() LIMIT $1 FOR UPDATE SKIP LOCKED) "
            + "RETURNING id";

    static final String FAIL_RUN = "UPDATE runs SET status = " + RUN_FAILED + ", finished_at = now(), error = $2 "
            + "WHERE id = $1 AND status IN (" + RUN_LIVE + ") RETURNING id";

    static final String RUNS_WITH_DUE_RETRIES = "SELECT DISTINCT t.run_id FROM task_runs t JOIN runs r ON r.id = t.run_id "
            + "WHERE t.state = " + RETRY_WAIT + " AND t.next_attempt_at <= now() AND r.status = " + RUN_RUNNING
            + " "
            + "LIMIT $1";

    static final String ACTIVATE_DUE_RETRIES = "UPDATE task_runs SET state = " + ACTIVATED + ", attempt = attempt + 1, "
            + "dispatched = FALSE, next_attempt_at = NULL, activated_at = now() "
            + "WHERE run_id = ANY($1) AND state = " + RETRY_WAIT + " AND next_attempt_at <= now() "
            + "RETURNING run_id, task";

    static final String FINISH_RUNS = "UPDATE runs r SET status = v.s, waiting = v.w, finished_at = now() "
            + "FROM unnest($1::text[], $2::text[], $3::text[]) AS v(id, s, w) "
            + "WHERE r.id = v.id AND r.status = " + RUN_RUNNING;

    static final String MARK_DISPATCHED = "UPDATE task_runs t SET dispatched = TRUE "
            + "FROM unnest($1::text[], $2::text[]) AS v(r, t) WHERE t.run_id = v.r AND t.task = v.t "
            // A worker's report marked it already: no second row version.
            + "AND NOT t.dispatched";

    static final String RUNS_WITH_STALE_CLAIMS = "SELECT DISTINCT run_id FROM task_runs WHERE NOT dispatched "
            + "AND state = " + ACTIVATED + " AND activated_at < now() - make_interval(secs => $1) LIMIT $2";

    /** A pause or a resume: the status a {@link ControlDecision} gave the locked run. */
    static final String SET_RUN_STATUS = "UPDATE runs SET status = $2 WHERE id = $1";

    static final String CANCEL_RUN = "UPDATE runs SET status = " + StateSql.literal(RunStatus.CANCELLED)
            + ", finished_at = now() WHERE id = $1";

    /** A replay's next run attempt: evaluated at once (its start is the command itself). */
    static final String REPLAY_RUN = "UPDATE runs SET status = " + RUN_RUNNING + ", attempt = $2, finished_at = NULL, "
            + "waiting = NULL, started = TRUE WHERE id = $1";

    /** The permission set a replay with a fresh token brought (the token itself is never stored). */
    static final String GRANT_RUN = "UPDATE runs SET permissions = $2, permission_error = $3, token_hash = $4, "
            + "permissions_at = to_timestamp($5 / 1000.0) WHERE id = $1";

    /** A replay runs the failed and timed-out tasks (and fan-out items) again; everything else is kept. */
    static final String RESET_FAILED_TASKS = "DELETE FROM task_runs WHERE run_id = $1 AND state IN ("
            + StateSql.literals(TaskState.FAILED, TaskState.TIMED_OUT) + ")";

    static final String WORKFLOW_SOURCES = "SELECT id, source FROM workflows WHERE id = ANY($1)";

    private GateSql() {
    }
}
