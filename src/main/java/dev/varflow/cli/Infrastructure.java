package dev.varflow.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.quarkus.runtime.Application;

import dev.varflow.infra.EmbeddedKafka;
import dev.varflow.infra.EmbeddedPostgres;
import dev.varflow.infra.RecordSigner;
import dev.varflow.infra.ScratchDir;

/**
 * Decides where Kafka and PostgreSQL come from: the configured ones, or a real broker and database started in this
 * process when none is configured (the one-process mode). Sets the system properties Quarkus then reads. What it
 * starts it stops, and throwaway data it deletes, at {@link #close()} or at JVM shutdown (Ctrl-C, SIGTERM).
 */
final class Infrastructure implements AutoCloseable {

    /** How long a shutdown waits for Quarkus to stop before it stops the broker and database anyway. */
    private static final Duration APPLICATION_STOP_WAIT = Duration.ofSeconds(20);

    private final List<AutoCloseable> started = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private ScratchDir scratch;
    private boolean closed;

    /** @param home where the embedded broker and database keep their data, or null for throwaway ones */
    void prepare(Path home) throws IOException {
        Runtime.getRuntime().addShutdownHook(new Thread(this::closeAtExit, "varflow-infrastructure-stop"));
        boolean embeddedKafka = !kafkaConfigured();
        boolean embeddedPostgres = !databaseConfigured();
        if (home == null && (embeddedKafka || embeddedPostgres)) {
            throwaway();
        }
        Path dataRoot = home != null ? home : scratch == null ? null : scratch.path();
        // The broker starts on another thread while the database starts on this one: both take seconds.
        CompletableFuture<EmbeddedKafka> kafka = null;
        if (embeddedKafka) {
            kafka = CompletableFuture.supplyAsync(() -> {
                try {
                    Path dataDir = Files.createDirectories(dataRoot.resolve(ScratchDir.KAFKA));
                    return started(EmbeddedKafka.start(dataDir, kafkaPort(), false));
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
        } else if (embeddedPostgres) {
            Path dataDir = dataRoot.resolve(ScratchDir.POSTGRES);
            EmbeddedPostgres postgres = started(EmbeddedPostgres.start(dataDir));
            String url = "postgresql://127.0.0.1:" + postgres.port() + "/postgres";
            System.setProperty("quarkus.datasource.reactive.url", url);
            System.setProperty("quarkus.datasource.jdbc.url", "jdbc:" + url);
            notes.add("in-process PostgreSQL at 127.0.0.1:" + postgres.port() + " (data in " + dataDir
                    + (home == null ? ", removed at exit)" : ")"));
        }
        if (kafka != null) {
            EmbeddedKafka broker = kafka.join();
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

    /**
     * A scratch directory for the throwaway broker and database, after removing those of earlier runs whose process
     * died without cleaning up (SIGKILL cannot be handled).
     */
    private void throwaway() throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        List<Path> stale = ScratchDir.sweepStale(tmp);
        if (!stale.isEmpty()) {
            notes.add("removed " + stale.size() + " scratch director" + (stale.size() == 1 ? "y" : "ies")
                    + " of runs that were killed: " + stale);
        }
        synchronized (this) {
            scratch = ScratchDir.create(tmp);
        }
        // The run and its data go away with this process: a task still running at Ctrl-C has nowhere to be
        // redelivered to, so waiting the server's drain grace for it only delays the exit.
        SystemProperties.setDefault("varflow.worker.shutdown-grace", "VARFLOW_WORKER_SHUTDOWN_GRACE", "1s");
    }

    /** Keeps {@code service} to stop at close; one started while closing (Ctrl-C during the start) stops at once. */
    private <T extends AutoCloseable> T started(T service) {
        synchronized (this) {
            if (!closed) {
                started.add(service);
                return service;
            }
        }
        closeQuietly(service);
        throw new IllegalStateException("Expected to start the in-process infrastructure, but the process is exiting");
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

    /**
     * JVM shutdown (Ctrl-C, SIGTERM, System.exit): Quarkus's own hook stops the application at the same time, and its
     * consumers and pools use the broker and database until it has stopped, so those go after it.
     */
    private void closeAtExit() {
        Application application = Application.currentApplication();
        if (application != null) {
            Thread waiter = new Thread(application::awaitShutdown, "varflow-await-application-stop");
            waiter.setDaemon(true);
            waiter.start();
            try {
                waiter.join(APPLICATION_STOP_WAIT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        close();
    }

    /** Stops what was started, newest first, then deletes the scratch directory; later calls do nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (int i = started.size() - 1; i >= 0; i--) {
            closeQuietly(started.get(i));
        }
        if (scratch != null) {
            scratch.delete();
        }
    }

    private static void closeQuietly(AutoCloseable service) {
        try {
            service.close();
        } catch (Exception ignored) {
            // Shutting down: nothing useful to do about a failed close.
        }
    }
}
