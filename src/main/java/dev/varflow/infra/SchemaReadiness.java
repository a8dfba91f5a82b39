package dev.varflow.infra;

import java.time.Duration;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;

/**
 * A process that does not migrate the schema itself (gates and workers: only the coordinator has
 * {@code quarkus.flyway.migrate-at-start=true}) waits at start until the coordinator has applied every migration
 * this build knows, and fails with a clear message after {@code varflow.schema-wait}. Runs before the roles start.
 */
@ApplicationScoped
public class SchemaReadiness {

    private static final Logger LOG = Logger.getLogger(SchemaReadiness.class);
    private static final Duration POLL = Duration.ofSeconds(2);

    private final Instance<Flyway> flyway;
    private final boolean migratesAtStart;
    private final Duration wait;

    public SchemaReadiness(Instance<Flyway> flyway,
            @ConfigProperty(name = "quarkus.flyway.migrate-at-start", defaultValue = "false") boolean migratesAtStart,
            @ConfigProperty(name = "varflow.schema-wait", defaultValue = "2m") Duration wait) {
        this.flyway = flyway;
        this.migratesAtStart = migratesAtStart;
        this.wait = wait;
    }

    // Before Lifecycle (default priority 2500) starts any role.
    void onStart(@Observes @Priority(100) StartupEvent event) throws InterruptedException {
        if (!migratesAtStart) {
            awaitSchema(flyway.get(), wait, POLL);
        }
    }

    /**
     * Returns once the database has no pending migration; throws IllegalStateException naming the versions if that
     * does not happen within {@code timeout}.
     */
    public static void awaitSchema(Flyway flyway, Duration timeout, Duration poll) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean logged = false;
        while (true) {
            String problem;
            try {
                problem = problem(flyway.info());
            } catch (RuntimeException e) {
                problem = "its migration history cannot be read (" + e.getMessage() + ")";
            }
            if (problem == null) {
                return;
            }
            if (System.nanoTime() >= deadline) {
                throw new IllegalStateException("Expected the database schema to be migrated by the coordinator "
                        + "(the role that runs with quarkus.flyway.migrate-at-start=true) within " + timeout
                        + " (varflow.schema-wait), but " + problem + ". Start the coordinator first and check its "
                        + "log, or set QUARKUS_FLYWAY_MIGRATE_AT_START=true here if this process may change the "
                        + "schema.");
            }
            if (!logged) {
                LOG.infof("waiting for the coordinator to migrate the database schema: %s", problem);
                logged = true;
            }
            Thread.sleep(Math.max(1, Math.min(poll.toMillis(), (deadline - System.nanoTime()) / 1_000_000)));
        }
    }

    /** Null when the schema is current, else what is missing. */
    private static String problem(MigrationInfoService info) {
        MigrationInfo[] pending = info.pending();
        MigrationInfo current = info.current();
        if (pending.length == 0 && current != null) {
            return null;
        }
        String at = current == null ? "it has no migration applied" : "it is at version " + current.getVersion();
        return at + " with " + pending.length + " migration(s) pending (up to version "
                + (pending.length == 0 ? "?" : pending[pending.length - 1].getVersion()) + ")";
    }
}
