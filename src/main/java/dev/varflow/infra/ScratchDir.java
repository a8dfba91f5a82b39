package dev.varflow.infra;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A throwaway directory of this process (the one-process mode's database and broker data), marked with the process
 * id so that a later start can remove it when its process died without cleaning up (SIGKILL, power loss).
 */
public final class ScratchDir {

    static final String PREFIX = "varflow-run-";
    static final String MARKER = "varflow.pid";
    /** Where the embedded PostgreSQL keeps its data, inside a scratch directory. */
    public static final String POSTGRES = "postgres";
    /** Where the embedded broker keeps its data, inside a scratch directory. */
    public static final String KAFKA = "kafka";

    private final Path path;

    private ScratchDir(Path path) {
        this.path = path;
    }

    /** Creates {@code PARENT/varflow-run-*} (owner-only) with the marker of this process. */
    public static ScratchDir create(Path parent) throws IOException {
        Path dir = Files.createTempDirectory(parent, PREFIX);
        Files.writeString(dir.resolve(MARKER), ProcessHandle.current().pid() + "\n");
        return new ScratchDir(dir);
    }

    public Path path() {
        return path;
    }

    /** Removes the directory and everything in it; best effort, like any cleanup at exit. */
    public void delete() {
        EmbeddedKafka.deleteRecursively(path);
    }

    /**
     * Removes the scratch directories under {@code parent} left by processes that are gone, and returns them. Only
     * directories that this user owns and that carry a marker naming a process that is not alive are touched: a
     * directory without a (complete) marker may be one another process is creating right now, and a live process
     * id, even one reused by an unrelated process, keeps its directory.
     */
    public static List<Path> sweepStale(Path parent) {
        List<Path> removed = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(parent, PREFIX + "*")) {
            for (Path dir : dirs) {
                if (isStale(dir) && stopOrphanedPostgres(dir.resolve(POSTGRES))) {
                    EmbeddedKafka.deleteRecursively(dir);
                    removed.add(dir);
                }
            }
        } catch (IOException e) {
            // The temp dir cannot be listed: nothing to sweep this time.
        }
        return removed;
    }

    private static boolean isStale(Path dir) {
        try {
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)
                    || !Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS).getName()
                            .equals(System.getProperty("user.name"))) {
                return false;
            }
            Path marker = dir.resolve(MARKER);
            if (!Files.isRegularFile(marker, LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
            Optional<Long> pid = pid(Files.readString(marker));
            return pid.isPresent() && pid.get() != ProcessHandle.current().pid()
                    && !ProcessHandle.of(pid.get()).map(ProcessHandle::isAlive).orElse(false);
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /**
     * The database server of a killed JVM outlives it (it is a child process, not a thread). It is stopped only when
     * the process named in its {@code postmaster.pid} runs with this very data directory on its command line; true
     * when nothing uses the directory any more.
     */
    static boolean stopOrphanedPostgres(Path dataDir) {
        Path pidFile = dataDir.resolve("postmaster.pid");
        Optional<ProcessHandle> postmaster;
        try {
            if (!Files.isRegularFile(pidFile, LinkOption.NOFOLLOW_LINKS)) {
                return true;
            }
            postmaster = Files.readAllLines(pidFile).stream().findFirst().flatMap(line -> pid(line + "\n"))
                    .flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive);
        } catch (IOException e) {
            return false;
        }
        if (postmaster.isEmpty()) {
            return true;
        }
        String[] arguments = postmaster.get().info().arguments().orElse(new String[0]);
        if (!List.of(arguments).contains(dataDir.toString())) {
            // Another program got the id after the server died, or its command line cannot be read: leave it be.
            return false;
        }
        // SIGTERM is PostgreSQL's smart shutdown: with its clients gone with the JVM, it ends at once.
        postmaster.get().destroy();
        try {
            postmaster.get().onExit().get(10, TimeUnit.SECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    private static Optional<Long> pid(String marker) {
        if (!marker.endsWith("\n")) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(marker.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
