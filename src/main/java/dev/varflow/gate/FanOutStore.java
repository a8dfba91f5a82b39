package dev.varflow.gate;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.varflow.engine.TaskState;
import dev.varflow.infra.StateSql;

/**
 * The state-store statements of fan-out tasks. A fan-out task's own row is RUNNING from its claim until its items
 * are done (it is never sent to a worker); each item is a row of its own named {@code task#i}.
 */
@ApplicationScoped
public class FanOutStore {

    private static final String RUNNING = StateSql.literal(TaskState.RUNNING);

    /** Claims fan-out tasks as RUNNING; returns the claims this call won. */
    public Uni<Set<TaskKey>> claimParents(SqlConnection conn, List<GateStore.Claim> claims) {
        if (claims.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        String[] runs = claims.stream().map(GateStore.Claim::runId).toArray(String[]::new);
        String[] tasks = claims.stream().map(GateStore.Claim::task).toArray(String[]::new);
        String[] plugins = claims.stream().map(GateStore.Claim::plugin).toArray(String[]::new);
        Integer[] runAttempts = claims.stream().map(GateStore.Claim::runAttempt).toArray(Integer[]::new);
        return conn.preparedQuery("INSERT INTO task_runs (run_id, task, plugin, state, started_at, dispatched, "
                        + "run_attempt) SELECT r, t, p, " + RUNNING + ", now(), TRUE, ra "
                        + "FROM unnest($1::text[], $2::text[], $3::text[], $4::int[]) "
                        + "AS v(r, t, p, ra) ON CONFLICT DO NOTHING RETURNING run_id, task")
                .execute(Tuple.of(runs, tasks, plugins, runAttempts))
                .map(rows -> {
                    Set<TaskKey> won = new HashSet<>();
                    rows.forEach(r -> won.add(new TaskKey(r.getString(0), r.getString(1))));
                    return won;
                });
    }

    /** Ends a fan-out task whose items are all done. */
    public Uni<Void> finish(SqlConnection conn, String runId, String task, TaskState state, String error) {
        return conn.preparedQuery("UPDATE task_runs SET state = $3, finished_at = now(), error = $4 "
                        + "WHERE run_id = $1 AND task = $2 AND state = " + RUNNING)
                .execute(Tuple.of(runId, task, state.name(), error))
                .replaceWithVoid();
    }
}
