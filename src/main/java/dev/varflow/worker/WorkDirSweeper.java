package dev.varflow.worker;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Removes the work directories of finished runs. Every {@code varflow.worker.work-dir.sweep-interval} it lists the
 * run directories under the work root and asks the state store which of those runs finished (any final status) more
 * than {@code retention} ago; their directories go, unless an attempt of the run is still running here. Asking the
 * database rather than listening for "run finished" records keeps it right after a worker restart or a missed record.
 * A directory whose run the database does not know is left alone: it may belong to another Varflow on this host.
 */
final class WorkDirSweeper implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(WorkDirSweeper.class);
    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(30);
    private static final int BATCH = 1000;

    private final Path root;
    private final Pool pool;
    private final WorkDirLimit limit;
    private final Duration retention;
    private final ScheduledExecutorService timer;

    WorkDirSweeper(Path root, Pool pool, WorkDirLimit limit, Duration retention, Duration interval) {
        this.root = root;
        this.pool = pool;
        this.limit = limit;
        this.retention = retention;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "varflow-work-dir-sweeper");
            thread.setDaemon(true);
            return thread;
        });
        long millis = Math.max(100, interval.toMillis());
        timer.scheduleWithFixedDelay(this::sweepQuietly, millis, millis, TimeUnit.MILLISECONDS);
    }

    private void sweepQuietly() {
        try {
            sweep();
        } catch (RuntimeException e) {
            // The database or the file system is away for a moment: the next sweep tries again.
            LOG.warnf("sweeping work directories under %s failed: %s", root, e.getMessage());
        }
    }

    /** One pass; returns how many directories were removed. */
    int sweep() {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, Files::isDirectory)) {
            dirs.forEach(dir -> names.add(dir.getFileName().toString()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + root + ": " + e.getMessage(), e);
        }
        int removed = 0;
        for (int from = 0; from < names.size(); from += BATCH) {
            List<String> batch = names.subList(from, Math.min(names.size(), from + BATCH));
            // Directory names are run ids (UUIDs; other characters were replaced, and such a name matches no run).
            var finished = pool.preparedQuery("SELECT id FROM runs WHERE id = ANY($1) AND finished_at IS NOT NULL "
                            + "AND finished_at < now() - make_interval(secs => $2)")
                    .execute(Tuple.of(batch.toArray(String[]::new), (double) retention.toMillis() / 1000))
                    .await().atMost(QUERY_TIMEOUT);
            for (Row row : finished) {
                String runId = row.getString("id");
                if (!limit.isActive(runId) && remove(root.resolve(runId))) {
                    removed++;
                }
            }
        }
        if (removed > 0) {
            LOG.debugf("removed %d work directories of finished runs under %s", removed, root);
        }
        return removed;
    }

    /** Deletes the tree without following symbolic links (a link to elsewhere is removed, not its target). */
    private static boolean remove(Path dir) {
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                    // A task may have made a directory read-only; its entries must still go.
                    if (!attrs.isSymbolicLink()) {
                        d.toFile().setWritable(true, true);
                        d.toFile().setExecutable(true, true);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
            return true;
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            LOG.warnf("cannot remove work directory %s: %s", dir, e.getMessage());
            return false;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
