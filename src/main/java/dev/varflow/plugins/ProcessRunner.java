package dev.varflow.plugins;

import dev.varflow.spi.TaskResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a child process for a task: an environment of allow-listed worker variables plus the task's
 * ({@link ProcessEnvironment}), bounded stdout/stderr capture, {@code NAME=value}
 * stdout lines as outputs, exit code 0 as success, and a timeout that kills the whole process tree.
 */
public final class ProcessRunner {

    /** Bytes kept from the end of each of stdout and stderr. */
    public static final int TAIL_BYTES = 64 * 1024;
    static final String STDERR_SEPARATOR = "--- stderr ---\n";

    private static final Duration DEFAULT_KILL_GRACE = Duration.ofSeconds(5);
    // Background children may keep the pipes open after the main process exits; we stop waiting for them.
    private static final Duration READER_GRACE = Duration.ofSeconds(2);
    private static final ExecutorService PUMPS = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "varflow-process-io");
        thread.setDaemon(true);
        return thread;
    });

    private final Duration killGrace;
    private final ProcessEnvironment environment;

    /** A runner whose children inherit only the default allow-list of this process's environment. */
    public ProcessRunner() {
        this(ProcessEnvironment.defaults());
    }

    public ProcessRunner(ProcessEnvironment environment) {
        this(DEFAULT_KILL_GRACE, environment);
    }

    ProcessRunner(Duration killGrace) {
        this(killGrace, ProcessEnvironment.defaults());
    }

    ProcessRunner(Duration killGrace, ProcessEnvironment environment) {
        this.killGrace = killGrace;
        this.environment = environment;
    }

    /**
     * Runs the command (no shell involved) and waits for it, blocking the calling thread.
     *
     * @param command program and arguments
     * @param workingDirectory the child's current directory
     * @param variables the task's variables, added to the allow-listed part of this process's environment
     * @param timeout how long the process may run, or null for no limit
     */
    public TaskResult run(List<String> command, Path workingDirectory, Map<String, String> variables,
            Duration timeout) throws InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile());
        try {
            Map<String, String> child = environment.build(variables);
            // ProcessBuilder starts from a copy of the worker's whole environment: cleared, then only what is allowed.
            builder.environment().clear();
            builder.environment().putAll(child);
        } catch (IllegalArgumentException | NullPointerException e) {
            return TaskResult.failed("cannot pass variables as environment: " + e.getMessage());
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return TaskResult.failed("cannot start " + command.get(0) + ": " + e.getMessage());
        }
        closeQuietly(process);
        TailBuffer stdout = new TailBuffer(TAIL_BYTES);
        TailBuffer stderr = new TailBuffer(TAIL_BYTES);
        OutputLineParser parser = new OutputLineParser();
        Future<?> stdoutPump = PUMPS.submit(() -> pump(process.getInputStream(), stdout, parser));
        Future<?> stderrPump = PUMPS.submit(() -> pump(process.getErrorStream(), stderr, null));

        boolean finished;
        try {
            if (timeout == null) {
                process.waitFor();
                finished = true;
            } else {
                finished = process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            killTree(process);
            throw e;
        }
        if (!finished) {
            killTree(process);
        }
        awaitPumps(stdoutPump, stderrPump);
        String output = combine(stdout.text(), stderr.text());
        if (!finished) {
            return new TaskResult(TaskResult.Outcome.TIMED_OUT, Map.of(), null, output,
                    "command timed out after " + Seconds.format(timeout) + " s");
        }
        int exitCode = process.exitValue();
        if (exitCode != 0) {
            return new TaskResult(TaskResult.Outcome.FAILED, Map.of(), exitCode, output,
                    "command exited with code " + exitCode);
        }
        if (!parser.oversized().isEmpty()) {
            return new TaskResult(TaskResult.Outcome.FAILED, Map.of(), 0, output, "output "
                    + String.join(", ", parser.oversized()) + " is larger than the " + OutputLineParser.MAX_LINE_BYTES
                    + " bytes a command may print on one line");
        }
        return new TaskResult(TaskResult.Outcome.SUCCEEDED, parser.outputs(), 0, output, null);
    }

    private static void pump(InputStream stream, TailBuffer tail, OutputLineParser parser) {
        byte[] buffer = new byte[8192];
        try (stream) {
            int read;
            while ((read = stream.read(buffer)) >= 0) {
                tail.append(buffer, 0, read);
                if (parser != null) {
                    parser.accept(buffer, 0, read);
                }
            }
        } catch (IOException e) {
            // The pipe closed under us (process killed); what was read so far is all there is.
        }
        if (parser != null) {
            parser.finish();
        }
    }

    private static void awaitPumps(Future<?>... pumps) throws InterruptedException {
        long deadline = System.nanoTime() + READER_GRACE.toNanos();
        for (Future<?> pump : pumps) {
            try {
                pump.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ExecutionException e) {
                // A lingering background child still holds the pipe; keep the output captured so far.
            }
        }
    }

    /** SIGTERM to the process and all its descendants, then SIGKILL to whatever survives the grace period. */
    private void killTree(Process process) {
        // Descendants are collected before anything dies: orphans get reparented and drop out of the tree.
        Set<ProcessHandle> tree = new LinkedHashSet<>(process.descendants().toList());
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroy);
        boolean interrupted = false;
        long deadline = System.nanoTime() + killGrace.toNanos();
        while (System.nanoTime() < deadline) {
            if (process.isAlive()) {
                process.descendants().forEach(late -> {
                    if (tree.add(late)) {
                        late.destroy();
                    }
                });
            }
            if (tree.stream().noneMatch(ProcessHandle::isAlive)) {
                break;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                interrupted = true;
                break;
            }
        }
        List<ProcessHandle> survivors = new ArrayList<>();
        if (process.isAlive()) {
            survivors.addAll(process.descendants().toList());
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(survivors::add);
        survivors.forEach(ProcessHandle::destroyForcibly);
        try {
            process.waitFor(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            interrupted = true;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Process process) {
        // The child gets end-of-file on stdin instead of waiting for input nobody sends.
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // Nothing to release if the pipe is already gone.
        }
    }

    static String combine(String stdout, String stderr) {
        if (stderr.isEmpty()) {
            return stdout;
        }
        StringBuilder combined = new StringBuilder(stdout.length() + stderr.length() + 16).append(stdout);
        if (!stdout.isEmpty() && !stdout.endsWith("\n")) {
            combined.append('\n');
        }
        return combined.append(STDERR_SEPARATOR).append(stderr).toString();
    }
}
