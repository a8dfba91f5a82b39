package dev.varflow.plugins;

import dev.varflow.spi.PluginDescriptor;
import dev.varflow.spi.PluginDescriptor.Param;
import dev.varflow.spi.PluginDescriptor.ParamType;
import dev.varflow.spi.PluginDescriptor.Port;
import dev.varflow.spi.TaskContext;
import dev.varflow.spi.TaskPlugin;
import dev.varflow.spi.TaskResult;
import java.math.BigDecimal;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/** Waits until {@code params.file} is created or modified, for at most TIMEOUT seconds, without holding a thread. */
public final class TouchedPlugin implements TaskPlugin {

    public static final String NAME = "touched";
    static final String DEFAULT_TIMEOUT_SECONDS = "60";
    static final String TIMEOUT_INPUT = "TIMEOUT";

    private final FileWatchHub hub;

    public TouchedPlugin() {
        this(FileWatchHub.shared());
    }

    TouchedPlugin(FileWatchHub hub) {
        this.hub = hub;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public PluginDescriptor describe() {
        return new PluginDescriptor(NAME, "Waits until params.file is created or modified (TIMEOUT seconds, default "
                + DEFAULT_TIMEOUT_SECONDS + ")",
                java.util.List.of(
                        Param.required("file", ParamType.PATH, "the file to wait for; relative paths start at the "
                                + "run's working directory", "semaphore.txt"),
                        Param.optional("timeout", ParamType.DURATION, DEFAULT_TIMEOUT_SECONDS, "how long to wait "
                                + "before the task times out; the TIMEOUT input wins when the task reads it", "5m")),
                false,
                java.util.List.of(Port.of(TIMEOUT_INPUT, "how long to wait, overriding params.timeout (seconds or a "
                        + "duration like 5m)")),
                java.util.List.of(Port.of(PluginDescriptor.ANY, "each output the task declares, set to 1 once the "
                        + "file is touched; TRUE when it declares none")),
                "- name: TOUCHED\n  plugin: touched\n  inputs: [TRUE]\n  outputs: [TOUCHED]\n  params:\n"
                        + "    file: semaphore.txt\n    timeout: 5m\n");
    }

    @Override
    public CompletionStage<TaskResult> execute(TaskContext context) {
        String fileParam = context.param("file", "");
        if (fileParam.isBlank()) {
            return done(TaskResult.failed("params.file is required"));
        }
        Path file;
        try {
            file = context.workingDirectory().resolve(fileParam);
        } catch (InvalidPathException e) {
            return done(TaskResult.failed("invalid file path '" + fileParam + "': " + e.getMessage()));
        }
        String timeoutText = context.inputs().getOrDefault(TIMEOUT_INPUT, context.param("timeout", DEFAULT_TIMEOUT_SECONDS));
        BigDecimal seconds;
        try {
            seconds = Seconds.parse(timeoutText);
        } catch (NumberFormatException e) {
            return done(TaskResult.failed("TIMEOUT must be seconds or a duration like 5m, got '" + timeoutText + "'"));
        }
        Duration timeout = Seconds.toDuration(seconds);
        CompletableFuture<Boolean> wait = hub.awaitTouch(file, timeout);
        CompletableFuture<TaskResult> result = wait.handle((touched, error) -> {
            if (error != null) {
                Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                if (cause instanceof NoSuchFileException missing) {
                    return TaskResult.failed("cannot watch " + file + ": " + missing.getFile() + " "
                            + (missing.getReason() == null ? "does not exist" : missing.getReason()));
                }
                return TaskResult.failed("cannot watch " + file + ": " + cause);
            }
            if (touched) {
                return TaskResult.succeeded(Signals.onesOrTrue(context.declaredOutputs()));
            }
            return TaskResult.timedOut("file " + file + " not touched within "
                    + Seconds.format(seconds) + " s");
        });
        // A caller cancelling the task's stage ends the wait instead of leaving it registered until timeout.
        result.whenComplete((done, error) -> wait.cancel(false));
        return result;
    }

    private static CompletionStage<TaskResult> done(TaskResult result) {
        return CompletableFuture.completedFuture(result);
    }
}
