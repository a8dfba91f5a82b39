package dev.varflow.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.varflow.infra.EmbeddedKafka;
import dev.varflow.infra.EmbeddedPostgres;
import dev.varflow.infra.RecordSigner;

/**
 * Decides where Kafka and PostgreSQL come from: the configured ones, or a real broker and database started in this
 * process when none is configured (the one-process mode). Sets the system properties Quarkus then reads.
 */
final class Infrastructure implements AutoCloseable {

    private final List<AutoCloseable> started = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    /** @param home where the embedded broker and database keep their data, or null for throwaway ones */
    void prepare(Path home) throws IOException {
        // The broker starts on another thread while the database starts on this one: both take seconds.
        CompletableFuture<EmbeddedKafka> kafka = null;
        if (!kafkaConfigured()) {
            kafka = CompletableFuture.supplyAsync(() -> {
                try {
                    return home == null ? EmbeddedKafka.start()
                            : EmbeddedKafka.start(Files.createDirectories(home.resolve("kafka")), kafkaPort(), false);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        String databaseUrl = System.getenv("DATABASE_URL");
        if (!isBlank(databaseUrl)) {
            String url = databaseUrl.replaceFirst("^jdbc:", "").replaceFirst("^postgres:", "postgresql:");
            System.setProperty("quarkus.datasource.reactive.url", url);
            System.setProperty("quarkus.datasource.jdbc.url", "jdbc:" + url);
        } else if (!databaseConfigured()) {
            Path dataDir = home != null ? home.resolve("postgres") : Files.createTempDirectory("varflow-pg");
            EmbeddedPostgres postgres = EmbeddedPostgres.start(dataDir);
            started.add(postgres);
            String url = "postgresql://127.0.0.1:" + postgres.port() + "/postgres";
            System.setProperty("quarkus.datasource.reactive.url", url);
            System.setProperty("quarkus.datasource.jdbc.url", "jdbc:" + url);
            notes.add("in-process PostgreSQL at 127.0.0.1:" + postgres.port() + " (data in " + dataDir + ")");
        }
        if (kafka != null) {
            EmbeddedKafka broker = kafka.join();
            started.add(broker);
            System.setProperty("kafka.bootstrap.servers", broker.bootstrapServers());
            if (isBlank(System.getenv("VARFLOW_SECURITY_RECORD_KEY"))
                    && isBlank(System.getProperty("varflow.security.record-key"))) {
                // Every role is in this process: a key made now and shared in-process signs its records. Other
                // processes joining this broker need an explicit shared key (docs/security.md).
                System.setProperty("varflow.security.record-key", RecordSigner.randomKey());
            }
            notes.add("in-process Kafka broker (KRaft) at " + broker.bootstrapServers());
        }
    }

    /** Whether a broker is configured (KAFKA_BOOTSTRAP_SERVERS or -Dkafka.bootstrap.servers). */
    static boolean kafkaConfigured() {
        return !isBlank(System.getenv("KAFKA_BOOTSTRAP_SERVERS")) || !isBlank(System.getProperty("kafka.bootstrap.servers"));
    }

    /** Whether a database is configured (DATABASE_URL, QUARKUS_DATASOURCE_REACTIVE_URL or the system property). */
    static boolean databaseConfigured() {
        return !isBlank(System.getenv("DATABASE_URL")) || !isBlank(System.getenv("QUARKUS_DATASOURCE_REACTIVE_URL"))
                || !isBlank(System.getProperty("quarkus.datasource.reactive.url"));
    }

    /** The port {@code server --kafka-port} pinned for the in-process broker, or a free one. */
    private static int kafkaPort() throws IOException {
        String pinned = System.getProperty("varflow-cli.kafka-port");
        return pinned == null ? EmbeddedKafka.freePort() : Integer.parseInt(pinned);
    }

    List<String> notes() {
        return notes;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception ignored) {
                // Shutting down: nothing useful to do about a failed close.
            }
        }
    }
}
