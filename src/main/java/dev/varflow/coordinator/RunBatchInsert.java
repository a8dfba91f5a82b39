package dev.varflow.coordinator;

import java.util.List;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

import dev.varflow.infra.ColumnArrays;
import dev.varflow.infra.Sha256;
import dev.varflow.engine.RunStatus;

import dev.varflow.infra.StateSql;

import static dev.varflow.infra.ColumnArrays.int8;
import static dev.varflow.infra.ColumnArrays.text;

/** Inserts the rows of many new runs with one set-based statement (an id that exists is left as it is). */
final class RunBatchInsert {

    private static final String RUNNING = StateSql.literal(RunStatus.RUNNING);

    private final Pool pool;

    RunBatchInsert(Pool pool) {
        this.pool = pool;
    }

    Uni<Void> insert(List<PreparedRun> runs) {
        return pool.preparedQuery("INSERT INTO runs (id, workflow_id, workflow_name, status, permissions, "
                        + "permission_error, token_hash, deadline_at, started_by, permissions_at, start_vars) SELECT i, w, n, "
                        + RUNNING + ", p, e, t, now() + d * interval '1 millisecond', s, "
                        + "CASE WHEN t IS NULL THEN NULL ELSE now() END, sv "
                        + "FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], "
                        + "$7::bigint[], $8::text[], $9::text[]) AS v(i, w, n, p, e, t, d, s, sv) "
                        + "ON CONFLICT (id) DO NOTHING")
                .execute(ColumnArrays.of(runs, text(PreparedRun::runId), int8(run -> run.workflow().id),
                        text(run -> run.workflow().name), text(run -> run.grant().permissionsJson()),
                        text(run -> run.grant().error()),
                        text(run -> run.token() == null ? null : Sha256.hex(run.token())),
                        int8(PreparedRun::deadlineMillis), text(PreparedRun::startedBy),
                        text(run -> StartSweep.json(run.seed()))))
                .replaceWithVoid();
    }
}
