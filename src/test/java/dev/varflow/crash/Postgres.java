package dev.varflow.crash;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A PostgreSQL server of the test's own, from the embedded binaries, on one port and data directory across restarts,
 * so the test may stop it (the machine's PostgreSQL on 5432 is never touched). Commits are synchronous, as in
 * production (the embedded default turns that off).
 */
final class Postgres implements AutoCloseable {

    private final Path data;
    private final Path log;
    private final int port = Cluster.freePort();
    private EmbeddedPostgres server;

    Postgres(Path data, Path log) {
        this.data = data;
        this.log = log;
    }

    int port() {
        return port;
    }

    /** Starts the server (recovering what the data directory holds) and waits until it accepts connections. */
    synchronized void start() throws IOException {
        Files.createDirectories(data);
        ProcessBuilder.Redirect output = ProcessBuilder.Redirect.appendTo(log.toFile());
        server = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port)
                .setServerConfig("synchronous_commit", "on").setServerConfig("max_connections", "200")
                .setPGStartupWait(Duration.ofSeconds(60)).setOutputRedirector(output).setErrorRedirector(output)
                .start();
    }

    /** A fast shutdown: open connections are cut, committed work stays. */
    synchronized void stop() throws IOException {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    @Override
    public void close() throws IOException {
        stop();
    }
}
