package dev.varflow.gate;

import java.util.List;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.varflow.infra.StateSql;
import dev.varflow.messages.RunEvent;

/** Writes the run changes of applied control commands (pause, resume, cancel, replay) in the batch's transaction. */
final class ControlStore {

    private ControlStore() {
    }

    /**
     * Writes the commands a {@link ControlDecision} applied, one after the other on the batch's connection (a pause
     * then a resume of one run must land in that order). Commands are rare: a round trip each costs nothing.
     */
    static Uni<Void> apply(SqlConnection conn, List<ControlDecision.Applied> applied) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (ControlDecision.Applied control : applied) {
            chain = chain.chain(() -> applyControl(conn, control));
        }
        return chain;
    }

    private static Uni<Void> applyControl(SqlConnection conn, ControlDecision.Applied applied) {
        String runId = applied.after().id();
        return switch (applied.command().control()) {
            case PAUSE, RESUME -> execute(conn, GateSql.SET_RUN_STATUS, Tuple.of(runId,
                    StateSql.name(applied.after().status())));
            case CANCEL -> execute(conn, GateSql.CANCEL_RUN, Tuple.of(runId));
            case REPLAY -> {
                RunEvent.Grant grant = applied.command().grant();
                Uni<Void> granted = grant == null ? Uni.createFrom().voidItem()
                        : execute(conn, GateSql.GRANT_RUN, Tuple.of(runId, grant.permissions(), grant.error(),
                                grant.tokenHash(), grant.at()));
                yield granted.chain(() -> execute(conn, GateSql.RESET_FAILED_TASKS, Tuple.of(runId)))
                        .chain(() -> execute(conn, GateSql.REPLAY_RUN, Tuple.of(runId, applied.after().attempt())));
            }
        };
    }

    private static Uni<Void> execute(SqlConnection conn, String sql, Tuple params) {
        return conn.preparedQuery(sql).execute(params).replaceWithVoid();
    }

}
