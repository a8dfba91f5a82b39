package dev.varflow.spi.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.varflow.plugins.ExecutablePlugin;
import dev.varflow.plugins.ExecutablePluginManifest;
import dev.varflow.spi.PermissionDeniedException;
import dev.varflow.spi.TaskPlugin;
import dev.varflow.spi.TaskResult;

/**
 * Runs one task of a plugin with given inputs and params, as a worker would, without Kafka or a database: the
 * params are checked against the plugin's descriptor first (as the loader checks a workflow), scalar params reach
 * the plugin as text, the required permissions are checked, and only the declared outputs are kept.
 *
 * <pre>{@code
 * PluginTestKit.of(new HelloPlugin()).input("WHO", "Ada").param("greeting", "Bonjour").run()
 *         .assertSucceeded().assertOutput("MESSAGE", "Bonjour, Ada!");
 * PluginTestKit.executable(Path.of("plugins/word-count")).input("FILE", "README.md").run().assertSucceeded();
 * }</pre>
 *
 * Each with-method returns a changed copy, so one kit can be the base of several runs.
 */
public final class PluginTestKit {

    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private final TaskPlugin plugin;
    private final Map<String, Object> params;
    private final Map<String, String> inputs;
    private final List<String> outputs;
    private final Set<String> permissions;
    private final Path workingDirectory;
    private final Duration timeout;

    private PluginTestKit(TaskPlugin plugin, Map<String, Object> params, Map<String, String> inputs,
            List<String> outputs, Set<String> permissions, Path workingDirectory, Duration timeout) {
        this.plugin = plugin;
        this.params = params;
        this.inputs = inputs;
        this.outputs = outputs;
        this.permissions = permissions;
        this.workingDirectory = workingDirectory;
        this.timeout = timeout;
    }

    /** A kit for a Java plugin; outputs default to {@code *} (keep all). */
    public static PluginTestKit of(TaskPlugin plugin) {
        return new PluginTestKit(plugin, Map.of(), Map.of(), List.of("*"), Set.of(), null, DEFAULT_TIMEOUT);
    }

    /**
     * A kit for the executable plugin in {@code directory} (its {@code plugin.yaml} and program), run like the
     * worker runs it: without a shell, inputs as environment variables, params as {@code PARAM_<NAME>}.
     *
     * @throws IllegalArgumentException naming each problem of the {@code plugin.yaml}
     */
    public static PluginTestKit executable(Path directory) {
        return of(new ExecutablePlugin(ExecutablePluginManifest.load(directory)));
    }

    /** With a param as the task's {@code params:} would set it (numbers and booleans become their text). */
    public PluginTestKit param(String name, Object value) {
        Map<String, Object> changed = new LinkedHashMap<>(params);
        changed.put(name, value);
        return new PluginTestKit(plugin, changed, inputs, outputs, permissions, workingDirectory, timeout);
    }

    /** With an input variable set. */
    public PluginTestKit input(String name, String value) {
        Map<String, String> changed = new LinkedHashMap<>(inputs);
        changed.put(name, value);
        return new PluginTestKit(plugin, params, changed, outputs, permissions, workingDirectory, timeout);
    }

    /** With the task's declared {@code outputs:} (default {@code *}); others the plugin emits are dropped. */
    public PluginTestKit outputs(String... names) {
        return new PluginTestKit(plugin, params, inputs, List.of(names), permissions, workingDirectory, timeout);
    }

    /** With the permissions the run's token grants. */
    public PluginTestKit permissions(String... names) {
        return new PluginTestKit(plugin, params, inputs, outputs, Set.of(names), workingDirectory, timeout);
    }

    /** In this working directory (default: a new temporary directory per run). */
    public PluginTestKit workingDirectory(Path directory) {
        return new PluginTestKit(plugin, params, inputs, outputs, permissions, directory, timeout);
    }

    /** With a limit on the run (default 60 s); beyond it the run is cancelled and reported as timed out. */
    public PluginTestKit timeout(Duration limit) {
        return new PluginTestKit(plugin, params, inputs, outputs, permissions, workingDirectory, limit);
    }

    /**
     * Runs the task once and returns how it ended.
     *
     * @throws IllegalArgumentException when the params are ones no valid workflow could give the plugin
     */
    public PluginRun run() {
        List<String> problems = ParamProblems.of(plugin.describe(), params);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Expected params a workflow could set, but: "
                    + String.join("; ", problems));
        }
        KitContext context = new KitContext(plugin.name(), ParamProblems.asText(params), Map.copyOf(inputs),
                outputs, permissions, directory());
        TaskResult result = execute(context);
        return new PluginRun(kept(result), List.copyOf(context.logLines()));
    }

    private TaskResult execute(KitContext context) {
        for (String permission : plugin.requiredPermissions()) {
            if (!permissions.contains(permission)) {
                return TaskResult.failed("missing permission " + permission);
            }
        }
        CompletableFuture<TaskResult> future;
        try {
            future = plugin.execute(context).toCompletableFuture();
        } catch (RuntimeException e) {
            return failure(e);
        }
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            return TaskResult.timedOut("the plugin did not finish within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            return failure(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            return TaskResult.failed("interrupted");
        }
    }

    /** As the worker reports a thrown exception or failed stage. */
    private static TaskResult failure(Throwable cause) {
        return TaskResult.failed(cause instanceof PermissionDeniedException ? cause.getMessage()
                : cause.getClass().getSimpleName() + ": " + cause.getMessage());
    }

    private TaskResult kept(TaskResult result) {
        if (outputs.contains("*")) {
            return result;
        }
        Map<String, String> kept = new LinkedHashMap<>();
        result.outputs().forEach((name, value) -> {
            if (outputs.contains(name)) {
                kept.put(name, value);
            }
        });
        return new TaskResult(result.outcome(), kept, result.exitCode(), result.output(), result.error());
    }

    private Path directory() {
        if (workingDirectory != null) {
            return workingDirectory;
        }
        try {
            return Files.createTempDirectory("varflow-testkit-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
