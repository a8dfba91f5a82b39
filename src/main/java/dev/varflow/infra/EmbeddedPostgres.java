package dev.varflow.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A real PostgreSQL server started from the zonky binaries, for the one-process mode. */
public final class EmbeddedPostgres implements AutoCloseable {

    private final io.zonky.test.db.postgres.embedded.EmbeddedPostgres postgres;

    private EmbeddedPostgres(io.zonky.test.db.postgres.embedded.EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /**
     * Starts PostgreSQL on a free port with its data in {@code dataDir} (kept between starts). The caller stops it:
     * zonky's own shutdown hook would stop it at once on Ctrl-C, while the application still uses it.
     */
    public static EmbeddedPostgres start(Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        var postgres = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(false)
                .setPort(EmbeddedKafka.freePort())
                .start();
        return new EmbeddedPostgres(postgres);
    }

    public int port() {
        return postgres.getPort();
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
