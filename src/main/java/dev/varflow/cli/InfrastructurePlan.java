package dev.varflow.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether a {@code server} may start the in-process Kafka broker and PostgreSQL for what is not configured: only in
 * the one-process mode (all three roles) or when asked to with {@code --embedded-infrastructure}. A process with
 * some roles is one of several (a container) and must join the shared broker and database; an embedded one would
 * be a private island that silently runs nothing, so it refuses to start and says what is missing.
 *
 * @param oneProcess the process plays coordinator, gate and worker
 * @param embeddedAllowed {@code --embedded-infrastructure} was given
 */
record InfrastructurePlan(boolean oneProcess, boolean embeddedAllowed, boolean kafkaConfigured,
        boolean databaseConfigured) {

    /** Why this process must not start, naming each missing setting; empty when it may. */
    Optional<String> refusal(String roles) {
        if (oneProcess || embeddedAllowed) {
            return Optional.empty();
        }
        List<String> missing = new ArrayList<>();
        if (!kafkaConfigured) {
            missing.add("a Kafka broker (KAFKA_BOOTSTRAP_SERVERS or -Dkafka.bootstrap.servers)");
        }
        if (!databaseConfigured) {
            missing.add("a PostgreSQL datasource (DATABASE_URL, QUARKUS_DATASOURCE_REACTIVE_URL or "
                    + "-Dquarkus.datasource.reactive.url)");
        }
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("Expected " + String.join(" and ", missing) + " for --roles " + roles + ", but "
                + (missing.size() == 2 ? "neither is" : "it is not") + " configured. The in-process broker and "
                + "database are for the one-process mode (all roles) only; pass --embedded-infrastructure to start "
                + "them anyway (see docs/operations.md)");
    }
}
