package dev.varflow.coordinator.api;

import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.util.Optional;
import java.util.Set;

/**
 * Tells a dependency outage (PostgreSQL or Kafka unreachable: the request may succeed later, 503) from a bug (500)
 * by walking an exception's causes.
 */
final class Outages {

    /** SQLSTATE classes and codes of a database that is going away or not there yet. */
    private static final Set<String> UNAVAILABLE_STATES = Set.of("57P01", "57P02", "57P03", "53300");
    private static final Set<String> CLOSED_CONNECTION = Set.of("io.vertx.sqlclient.ClosedConnectionException",
            "io.vertx.core.impl.NoStackTraceTimeoutException", "io.vertx.core.http.ConnectionPoolTooBusyException");

    private Outages() {
    }

    /** Which dependency is down ("PostgreSQL" or "Kafka"), or empty when {@code error} is not an outage. */
    static Optional<String> dependencyDown(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            String name = cause.getClass().getName();
            if (name.startsWith("org.apache.kafka.common.errors.") && cause instanceof RuntimeException
                    && isRetriable(cause)) {
                return Optional.of("Kafka");
            }
            if (cause instanceof ConnectException || cause instanceof ClosedChannelException
                    || CLOSED_CONNECTION.contains(name)) {
                return Optional.of("PostgreSQL");
            }
            if (name.equals("io.vertx.pgclient.PgException")) {
                String state = ((io.vertx.pgclient.PgException) cause).getSqlState();
                if (state != null && (state.startsWith("08") || UNAVAILABLE_STATES.contains(state))) {
                    return Optional.of("PostgreSQL");
                }
            }
            if (cause.getMessage() != null && cause.getMessage().contains("Connection refused")) {
                return Optional.of("PostgreSQL");
            }
        }
        return Optional.empty();
    }

    private static boolean isRetriable(Throwable error) {
        return error instanceof org.apache.kafka.common.errors.RetriableException;
    }
}
