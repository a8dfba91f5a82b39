package dev.varflow.worker;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

/**
 * Caps the size of a run's work directory on this worker ({@code varflow.worker.work-dir.max-size}). While attempts
 * of a run are running here, the directory is measured every {@code check-interval}; above the limit all of them are
 * stopped and fail with the reason. Each attempt is also checked before it starts and once it has ended, so a task
 * that writes too much between two measurements fails as well. Also knows which runs have attempts running here,
 * so the {@link WorkDirSweeper} never removes a directory in use.
 */
final class WorkDirLimit implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(WorkDirLimit.class);

    /** No limit and no watching (tests that do not care). */
    static final WorkDirLimit NONE = new WorkDirLimit(Long.MAX_VALUE, null);

    private final long maxBytes;
    private final ScheduledExecutorService timer;
    private final Map<String, Watched> byRun = new ConcurrentHashMap<>();

    /** A run with attempts running here: its directory, those attempts, and why they were stopped, if they were. */
    private record Watched(Path dir, Set<CompletableFuture<?>> attempts, AtomicReference<String> violation) {
    }

    WorkDirLimit(long maxBytes, Duration checkInterval) {
        this.maxBytes = maxBytes;
        if (checkInterval == null || maxBytes == Long.MAX_VALUE) {
            this.timer = null;
            return;
        }
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "varflow-work-dir-limit");
            thread.setDaemon(true);
            return thread;
        });
        long millis = Math.max(10, checkInterval.toMillis());
        timer.scheduleWithFixedDelay(this::measureRunning, millis, millis, TimeUnit.MILLISECONDS);
    }

    /**
     * Watches the attempt until it completes. The supplier answers why the attempt was stopped for the directory
     * size, or null.
     */
    Supplier<String> watch(String runId, Path dir, CompletableFuture<?> attempt) {
        Watched watched = byRun.compute(runId, (id, existing) -> {
            Watched w = existing != null ? existing
                    : new Watched(dir, ConcurrentHashMap.newKeySet(), new AtomicReference<>());
            w.attempts().add(attempt);
            return w;
        });
        attempt.whenComplete((r, e) -> byRun.computeIfPresent(runId, (id, w) -> {
            w.attempts().remove(attempt);
            return w.attempts().isEmpty() ? null : w;
        }));
        return watched.violation()::get;
    }

    /** Whether attempts of the run are running on this worker. */
    boolean isActive(String runId) {
        return byRun.containsKey(runId);
    }

    /** The reason to fail a task of the run whose directory this is, or null while it is within the limit. */
    String check(Path dir) {
        if (maxBytes == Long.MAX_VALUE || !Files.isDirectory(dir)) {
            return null;
        }
        long size = size(dir);
        if (size <= maxBytes) {
            return null;
        }
        return "Expected the run's work directory " + dir + " to stay within " + maxBytes
                + " bytes (varflow.worker.work-dir.max-size), but it holds " + size + " bytes";
    }

    private void measureRunning() {
        byRun.forEach((runId, watched) -> {
            try {
                String violation = check(watched.dir());
                if (violation == null) {
                    return;
                }
                watched.violation().set(violation);
                LOG.warnf("run %s: %s; stopping its %d attempt(s) on this worker", runId, violation,
                        watched.attempts().size());
                watched.attempts().forEach(attempt -> attempt.cancel(true));
            } catch (RuntimeException e) {
                LOG.warnf("cannot measure the work directory of run %s: %s", runId, e.getMessage());
            }
        });
    }

    /**
     * Bytes of the regular files under {@code dir}, symbolic links not followed (a link to a big file elsewhere
     * costs nothing here). Files that vanish while being counted are skipped.
     */
    static long size(Path dir) {
        long[] total = {0};
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile()) {
                        total[0] += attrs.size();
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            LOG.debugf("measuring %s: %s", dir, e.getMessage());
        }
        return total[0];
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
