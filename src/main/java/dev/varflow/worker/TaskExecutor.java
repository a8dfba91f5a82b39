package dev.varflow.worker;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.varflow.infra.RunDirectories;
import dev.varflow.engine.TaskState;
import dev.varflow.messages.Activation;
import dev.varflow.messages.RunEvent;
import dev.varflow.plugins.PluginRegistry;
import dev.varflow.spi.PermissionDeniedException;
import dev.varflow.spi.TaskPlugin;
import dev.varflow.spi.TaskResult;
import dev.varflow.workflow.TaskDefinition;
import dev.varflow.workflow.VariableNames;

/**
 * Runs one activation: checks permissions (fail closed), runs the plugin, and turns its result into the records
 * to emit: one VARIABLE per declared output, then TASK_FINISHED. Holds no state between activations.
 */
public final class TaskExecutor {

    /** Characters of output kept in the TASK_FINISHED record and the task row. */
    static final int OUTPUT_TAIL = 4000;
    /**
     * Most bytes of variable names and values a TASK_FINISHED record carries; a bigger emission goes out as one
     * VARIABLE record per output. Well under Kafka's default 1 MiB record limit, with room for the output tail.
     */
    static final int MAX_FOLDED_OUTPUT_BYTES = 256 * 1024;
    /** Starts the line added to a task's output naming the outputs dropped for their reserved names. */
    static final String IGNORED_NOTE = "[varflow] outputs ignored, their names are reserved: ";

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "varflow-attempt-timeouts");
        thread.setDaemon(true);
        return thread;
    });

    private final PluginRegistry plugins;
    private final RunDirectories directories;
    private final String workerId;
    private final int maxVariableBytes;
    private final PermissionCheck permissionCheck;
    private final InFlight inFlight = new InFlight();
    private final WorkDirLimit workDirLimit;

    public TaskExecutor(PluginRegistry plugins, Path workRoot, String workerId, int maxVariableBytes,
            PermissionCheck permissionCheck) {
        this(plugins, RunDirectories.perRun(workRoot), workerId, maxVariableBytes, permissionCheck, WorkDirLimit.NONE);
    }

    TaskExecutor(PluginRegistry plugins, RunDirectories directories, String workerId, int maxVariableBytes,
            PermissionCheck permissionCheck, WorkDirLimit workDirLimit) {
        this.workDirLimit = workDirLimit;
        this.plugins = plugins;
        this.permissionCheck = permissionCheck;
        this.directories = directories;
        this.workerId = workerId;
        this.maxVariableBytes = maxVariableBytes;
    }

    public String workerId() {
        return workerId;
    }

    /** Stops the run's attempts running here (their outcome is "run cancelled") and skips its later ones. */
    public void cancelRun(String runId) {
        inFlight.cancelRun(runId);
    }

    /** Never fails: every problem becomes a FAILED task outcome. */
    public CompletionStage<List<RunEvent>> execute(Activation activation) {
        long startedAt = dev.varflow.messages.EpochClock.micros();
        if (inFlight.isCancelled(activation.runId())) {
            return done(activation, startedAt, TaskResult.failed("run cancelled"));
        }
        try {
            TaskPlugin plugin = plugins.find(activation.plugin()).orElse(null);
            if (plugin == null) {
                return done(activation, startedAt, TaskResult.failed(
                        "plugin '" + activation.plugin() + "' is not installed on worker " + workerId));
            }
            String denied = permissionCheck.denial(activation, plugin);
            if (denied != null) {
                return done(activation, startedAt, TaskResult.failed(denied));
            }
            // One directory per run, shared by its tasks on this worker, so tasks can hand files to each other;
            // created by the first task that asks for it. The one-process mode's directory is the user's: no limit.
            Path workDir = directories.of(activation.runId());
            WorkDirLimit limit = directories.limited() ? workDirLimit : WorkDirLimit.NONE;
            String full = limit.check(workDir);
            if (full != null) {
                return done(activation, startedAt, TaskResult.failed(full));
            }
            CompletableFuture<TaskResult> attempt = plugin.execute(new AttemptContext(activation, workDir))
                    .toCompletableFuture();
            inFlight.add(activation.runId(), attempt);
            var stoppedForSize = limit.watch(activation.runId(), workDir, attempt);
            AtomicBoolean timedOut = new AtomicBoolean();
            if (activation.timeoutMillis() != null) {
                var timer = TIMER.schedule(() -> {
                    if (!attempt.isDone()) {
                        timedOut.set(true);
                        attempt.cancel(true);
                    }
                }, activation.timeoutMillis(), TimeUnit.MILLISECONDS);
                attempt.whenComplete((r, e) -> timer.cancel(false));
            }
            return attempt.handle((result, error) -> {
                // Stopped by the size watcher, or grown past the limit since its last measurement: fails either way.
                String tooLarge = stoppedForSize.get() != null ? stoppedForSize.get() : limit.check(workDir);
                if (tooLarge != null) {
                    result = new TaskResult(TaskResult.Outcome.FAILED, Map.of(),
                            result == null ? null : result.exitCode(), result == null ? null : result.output(),
                            tooLarge);
                    error = null;
                } else if (error instanceof CancellationException) {
                    // A timed-out attempt fails (and may be retried); a cancelled run's attempt just stops.
                    result = TaskResult.failed(timedOut.get()
                            ? "attempt timed out after " + activation.timeoutMillis() / 1000.0 + " s"
                            : "run cancelled");
                    error = null;
                }
                return finish(activation, startedAt, result, error);
            });
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(finish(activation, startedAt, null, e));
        }
    }

    private CompletionStage<List<RunEvent>> done(Activation activation, long startedAt, TaskResult result) {
        return CompletableFuture.completedFuture(finish(activation, startedAt, result, null));
    }

    private List<RunEvent> finish(Activation activation, long startedAt, TaskResult result, Throwable error) {
        if (error != null) {
            Throwable cause = error instanceof CompletionException && error.getCause() != null
                    ? error.getCause() : error;
            String message = cause instanceof PermissionDeniedException ? cause.getMessage()
                    : cause.getClass().getSimpleName() + ": " + cause.getMessage();
            result = TaskResult.failed(message);
        }
        Map<String, String> emitted = new LinkedHashMap<>();
        long emittedBytes = 0;
        String tooBig = null;
        List<String> ignored = new ArrayList<>();
        if (result.outcome() == TaskResult.Outcome.SUCCEEDED) {
            List<String> declared = activation.outputs() == null ? List.of() : activation.outputs();
            boolean any = declared.contains(TaskDefinition.ANY_OUTPUT);
            for (Map.Entry<String, String> output : result.outputs().entrySet()) {
                if (!any && !declared.contains(output.getKey())) {
                    continue;
                }
                if (VariableNames.problem(output.getKey()) != null) {
                    // Validation refuses such names as declared outputs; with '*' a task could still emit
                    // PATH=... or AUTH_TOKEN=... and hand it to the next task's process. Dropped, and said so.
                    ignored.add(output.getKey());
                    continue;
                }
                int bytes = output.getValue().getBytes(StandardCharsets.UTF_8).length;
                if (bytes > maxVariableBytes) {
                    tooBig = "variable " + output.getKey() + " is " + bytes + " bytes, above the limit of "
                            + maxVariableBytes;
                    break;
                }
                emitted.put(output.getKey(), output.getValue());
                emittedBytes += bytes + output.getKey().length();
            }
        }
        TaskState state = stateOf(result.outcome());
        String message = result.error();
        if (tooBig != null) {
            emitted.clear();
            state = TaskState.FAILED;
            message = tooBig;
        }
        String output = result.output();
        if (!ignored.isEmpty()) {
            output = (output == null || output.isEmpty() ? "" : output.endsWith("\n") ? output : output + "\n")
                    + IGNORED_NOTE + String.join(", ", ignored) + "\n";
        }
        RunEvent.TaskFinished finished = RunEvent.taskFinished(activation.runId(), activation.task(), state, workerId,
                result.exitCode(), tail(output), message, startedAt, activation.attempt(), activation.runAttempt());
        if (emittedBytes <= MAX_FOLDED_OUTPUT_BYTES) {
            // One record for the whole emission: the gate applies the variables and the outcome together.
            return List.of(emitted.isEmpty() ? finished : finished.withOutputs(emitted));
        }
        // Too much for one Kafka record (1 MiB by default): one record per variable, then the outcome.
        List<RunEvent> events = new ArrayList<>();
        emitted.forEach((name, value) -> events.add(RunEvent.variable(activation.runId(), activation.task(), name,
                value)));
        events.add(finished);
        return events;
    }

    private static TaskState stateOf(TaskResult.Outcome outcome) {
        return switch (outcome) {
            case SUCCEEDED -> TaskState.SUCCEEDED;
            case FAILED -> TaskState.FAILED;
            case TIMED_OUT -> TaskState.TIMED_OUT;
        };
    }

    static String tail(String output) {
        if (output == null || output.length() <= OUTPUT_TAIL) {
            return output;
        }
        return "..." + output.substring(output.length() - OUTPUT_TAIL);
    }
}
