package dev.varflow.infra;

import dev.varflow.workflow.StorableText;

import java.sql.SQLException;
import java.util.Optional;
import java.util.Set;

import io.vertx.sqlclient.DatabaseException;

/**
 * Tells a poison failure (the data itself can never be stored: applying it again fails again) from a transient one
 * (the database is down, a connection broke, a lock timed out), from the SQLSTATE the database answered with.
 * Poison: class 22 (data exceptions: {@code 22021} invalid byte sequence such as a NUL byte, {@code 22P05}
 * untranslatable character, {@code 22001} value too long, ...), the class 23 integrity violations that replaying
 * cannot resolve ({@code 23502} not null, {@code 23503} foreign key, {@code 23514} check), and {@code 54000}
 * (program limit, e.g. an index row too large). Everything else, including a failure without any SQLSTATE, is
 * transient: retried for ever, never blamed on a record.
 */
public final class PoisonCheck {

    private static final Set<String> POISON_INTEGRITY = Set.of("23502", "23503", "23514");

    private PoisonCheck() {
    }

    /** True when {@code failure} (or one of its causes) is a database error that re-applying reproduces. */
    public static boolean isPoison(Throwable failure) {
        return sqlState(failure).map(PoisonCheck::isPoisonState).orElse(false);
    }

    /**
     * True when the failure comes from the infrastructure (a database error, an I/O or connection failure, a
     * timeout, a Kafka error): trying again later may succeed.
     */
    public static boolean isInfrastructure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof io.vertx.core.VertxException || cause instanceof java.io.IOException
                    || cause instanceof SQLException || cause instanceof java.util.concurrent.TimeoutException
                    || cause instanceof org.apache.kafka.common.KafkaException
                    || cause instanceof java.util.concurrent.ExecutionException) {
                return true;
            }
        }
        return false;
    }

    /** Whether a SQLSTATE names a deterministic data error. */
    static boolean isPoisonState(String state) {
        return state != null && (state.startsWith("22") || POISON_INTEGRITY.contains(state) || "54000".equals(state));
    }

    /** The first SQLSTATE found in the failure or its causes. */
    public static Optional<String> sqlState(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof DatabaseException db && db.getSqlState() != null) {
                return Optional.of(db.getSqlState());
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                return Optional.of(sql.getSQLState());
            }
        }
        return Optional.empty();
    }

    /**
     * A short reason naming the SQLSTATE and the database's message (never the offending value: PostgreSQL's
     * message for these states does not quote it, and the detail, which might, is left out).
     */
    public static String reason(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof io.vertx.pgclient.PgException pg) {
                return "SQLSTATE " + pg.getSqlState() + ": " + StorableText.clean(pg.getErrorMessage());
            }
        }
        return sqlState(failure).map(state -> "SQLSTATE " + state).orElse("unknown database error");
    }
}
