package dev.varflow.coordinator;

import java.util.List;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** Inserts the rows of many new runs with one set-based statement (an id that exists is left as it is). */
final class RunBatchInsert {

    private final Pool pool;

    RunBatchInsert(Pool pool) {
        this.pool = pool;
    }

    Uni<Void> insert(List<PreparedRun> runs) {
        int n = runs.size();
        String[] ids = new String[n];
        Long[] workflowIds = new Long[n];
        String[] names = new String[n];
        String[] permissions = new String[n];
        String[] errors = new String[n];
        String[] tokens = new String[n];
        Long[] deadlines = new Long[n];
        for (int i = 0; i < n; i++) {
            PreparedRun run = runs.get(i);
            ids[i] = run.runId();
            workflowIds[i] = run.workflow().id;
            names[i] = run.workflow().name;
            permissions[i] = RunService.permissionsJson(run.grant());
            errors[i] = run.grant().error();
            tokens[i] = run.token() == null ? null : WorkflowService.sha256(run.token());
            deadlines[i] = run.deadlineMillis();
        }
        return pool.preparedQuery("INSERT INTO runs (id, workflow_id, workflow_name, status, permissions, "
                        + "permission_error, token_hash, deadline_at) SELECT i, w, n, 'RUNNING', p, e, t, "
                        + "now() + d * interval '1 millisecond' FROM unnest($1::text[], $2::bigint[], $3::text[], "
                        + "$4::text[], $5::text[], $6::text[], $7::bigint[]) AS v(i, w, n, p, e, t, d) "
                        + "ON CONFLICT (id) DO NOTHING")
                .execute(Tuple.tuple(List.of(ids, workflowIds, names, permissions, errors, tokens, deadlines)))
                .replaceWithVoid();
    }
}
