package dev.varflow.infra;

import java.nio.file.Path;

/**
 * Where a run's tasks run: a directory per run under the worker's base ({@code varflow.work-dir}, size-limited and
 * swept), or, in the one-process mode, the one directory the user ran {@code varflow run} for (never limited or
 * swept: it is the user's).
 *
 * @param shared whether every run uses {@code base} itself
 */
public record RunDirectories(Path base, boolean shared) {

    /** One directory per run under {@code base}. */
    public static RunDirectories perRun(Path base) {
        return new RunDirectories(base, false);
    }

    /** The run's directory. */
    public Path of(String runId) {
        return shared ? base : base.resolve(safe(runId));
    }

    /** Whether the size limit applies (only to directories Varflow made). */
    public boolean limited() {
        return !shared;
    }

    private static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
