package dev.varflow.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import dev.varflow.infra.EmbeddedKafka;

/**
 * A broker and a PostgreSQL of the test's own, on fixed ports, so that {@link OutageTest} can stop them (and start
 * the database again on the same port and data) without touching the shared test infrastructure.
 */
public class OutageResource implements QuarkusTestResourceLifecycleManager {

    private static EmbeddedKafka kafka;
    private static io.zonky.test.db.postgres.embedded.EmbeddedPostgres postgres;
    private static Path postgresData;
    private static int postgresPort;

    @Override
    public Map<String, String> start() {
        try {
            kafka = EmbeddedKafka.start();
            postgresData = Files.createTempDirectory("varflow-outage-pg");
            postgresPort = EmbeddedKafka.freePort();
            startPostgres();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the outage test's infrastructure: " + e.getMessage(), e);
        }
        String url = "postgresql://127.0.0.1:" + postgresPort + "/postgres";
        return Map.of(
                "kafka.bootstrap.servers", kafka.bootstrapServers(),
                "quarkus.datasource.reactive.url", url,
                "quarkus.datasource.jdbc.url", "jdbc:" + url,
                "quarkus.http.test-port", "0");
    }

    static void startPostgres() throws IOException {
        postgres = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder().setDataDirectory(postgresData)
                .setCleanDataDirectory(false).setPort(postgresPort).start();
    }

    static void stopPostgres() throws IOException {
        postgres.close();
        postgres = null;
    }

    static void stopKafka() {
        kafka.close();
        kafka = null;
    }

    @Override
    public void stop() {
        try {
            if (kafka != null) {
                kafka.close();
            }
            if (postgres != null) {
                postgres.close();
            }
        } catch (IOException ignored) {
            // Shutting down: a leftover temporary directory is harmless.
        }
        if (postgresData != null) {
            deleteRecursively(postgresData);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // Best effort: a temporary directory left behind is harmless.
        }
    }
}
