package dev.varflow.plugins;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Waits for files to be created or modified using one {@link WatchService} thread and one timer thread, however
 * many waits are pending.
 *
 * <p>Futures complete on the hub's threads, so dependent stages must not block.
 */
public final class FileWatchHub {

    private static final class Holder {
        static final FileWatchHub SHARED = new FileWatchHub();
    }

    private final WatchService watchService;
    private final ScheduledThreadPoolExecutor timer;
    private final Map<Path, WatchedDirectory> directories = new HashMap<>();

    private FileWatchHub() {
        try {
            watchService = FileSystems.getDefault().newWatchService();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a file watch service", e);
        }
        timer = new ScheduledThreadPoolExecutor(1, daemon("varflow-file-timeout"));
        // Thousands of waits end early; without this their cancelled timeouts would linger in the queue.
        timer.setRemoveOnCancelPolicy(true);
        daemon("varflow-file-watch").newThread(this::pollEvents).start();
    }

    /** The process-wide hub. */
    public static FileWatchHub shared() {
        return Holder.SHARED;
    }

    /**
     * Completes with {@code true} once the file is created or its modification time changes, {@code false} when
     * the timeout passes first; fails with {@link NoSuchFileException} when its directory does not exist.
     * Cancelling the returned future stops the wait.
     */
    public CompletableFuture<Boolean> awaitTouch(Path file, Duration timeout) {
        Path absolute = file.toAbsolutePath().normalize();
        Path parent = absolute.getParent();
        if (parent == null || absolute.getFileName() == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("not a file path: " + file));
        }
        if (!Files.isDirectory(parent)) {
            return CompletableFuture.failedFuture(new NoSuchFileException(parent.toString(), null,
                    "directory does not exist"));
        }
        Path directory;
        Waiter waiter;
        try {
            // Two spellings of one directory share a single WatchKey, so they must share one map entry too.
            directory = parent.toRealPath();
            Path target = directory.resolve(absolute.getFileName());
            waiter = new Waiter(target, stamp(target));
            register(directory, waiter);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        // The caller sees the outcome only after deregistration, so a finished wait never counts as pending.
        CompletableFuture<Boolean> result = new CompletableFuture<>();
        waiter.future.whenComplete((touched, error) -> {
            deregister(directory, waiter);
            if (error != null) {
                result.completeExceptionally(error);
            } else {
                result.complete(touched);
            }
        });
        result.whenComplete((touched, error) -> waiter.future.cancel(false));
        // The file may have changed after the first stamp but before the watch existed; that event is lost.
        waiter.check();
        if (!waiter.future.isDone()) {
            ScheduledFuture<?> expiry = timer.schedule(() -> waiter.future.complete(false),
                    Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
            waiter.future.whenComplete((touched, error) -> expiry.cancel(false));
        }
        return result;
    }

    /** Number of pending waits (for tests and diagnostics). */
    synchronized int waiterCount() {
        return directories.values().stream().mapToInt(watched -> watched.waiters.size()).sum();
    }

    /** Number of directories currently watched (for tests and diagnostics). */
    synchronized int watchedDirectoryCount() {
        return directories.size();
    }

    private synchronized void register(Path directory, Waiter waiter) throws IOException {
        WatchedDirectory watched = directories.get(directory);
        if (watched == null) {
            WatchKey key = directory.register(watchService,
                    StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
            watched = new WatchedDirectory(key);
            directories.put(directory, watched);
        }
        watched.waiters.add(waiter);
    }

    private synchronized void deregister(Path directory, Waiter waiter) {
        WatchedDirectory watched = directories.get(directory);
        if (watched == null || !watched.waiters.remove(waiter)) {
            return;
        }
        if (watched.waiters.isEmpty()) {
            watched.key.cancel();
            directories.remove(directory);
        }
    }

    private synchronized List<Waiter> waitersFor(Path directory, WatchKey key, Path fileName) {
        WatchedDirectory watched = directories.get(directory);
        if (watched == null || watched.key != key) {
            return List.of();
        }
        List<Waiter> matching = new ArrayList<>();
        for (Waiter waiter : watched.waiters) {
            if (fileName == null || waiter.target.getFileName().equals(fileName)) {
                matching.add(waiter);
            }
        }
        return matching;
    }

    private synchronized List<Waiter> forget(Path directory, WatchKey key) {
        WatchedDirectory watched = directories.get(directory);
        if (watched == null || watched.key != key) {
            return List.of();
        }
        directories.remove(directory);
        return new ArrayList<>(watched.waiters);
    }

    private void pollEvents() {
        while (true) {
            WatchKey key;
            try {
                key = watchService.take();
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            }
            Path directory = (Path) key.watchable();
            for (WatchEvent<?> event : key.pollEvents()) {
                // An overflow loses names, so every waiter of the directory re-checks its file.
                Path fileName = event.kind() == StandardWatchEventKinds.OVERFLOW ? null : (Path) event.context();
                for (Waiter waiter : waitersFor(directory, key, fileName)) {
                    waiter.check();
                }
            }
            if (!key.reset()) {
                // The directory is gone or unwatchable; its files can no longer be reported.
                for (Waiter waiter : forget(directory, key)) {
                    waiter.future.completeExceptionally(new NoSuchFileException(directory.toString(), null,
                            "directory is no longer watchable"));
                }
            }
        }
    }

    /** Modification time and identity of a file, or null when it does not exist. */
    private static Stamp stamp(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return new Stamp(attributes.lastModifiedTime(), attributes.fileKey());
        } catch (IOException e) {
            return null;
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** What identifies one version of a file; a recreated file differs in its key even with an equal time. */
    private record Stamp(FileTime modified, Object fileKey) {
    }

    /** A watched directory and the waits on its files. */
    private static final class WatchedDirectory {
        final WatchKey key;
        final Set<Waiter> waiters = new HashSet<>();

        WatchedDirectory(WatchKey key) {
            this.key = key;
        }
    }

    /** One pending wait; identity-based so equal paths can be awaited concurrently. */
    private static final class Waiter {
        final Path target;
        final Stamp initial;
        final CompletableFuture<Boolean> future = new CompletableFuture<>();

        Waiter(Path target, Stamp initial) {
            this.target = target;
            this.initial = initial;
        }

        // Comparing stamps rather than trusting events skips attribute-only changes and events queued
        // before this wait took its first stamp.
        void check() {
            if (future.isDone()) {
                return;
            }
            Stamp current = stamp(target);
            if (current != null && !Objects.equals(current, initial)) {
                future.complete(true);
            }
        }
    }
}
