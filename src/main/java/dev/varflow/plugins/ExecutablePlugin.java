package dev.varflow.plugins;

import dev.varflow.spi.BlockingTaskPlugin;
import dev.varflow.spi.PluginDescriptor;
import dev.varflow.spi.TaskContext;
import dev.varflow.spi.TaskResult;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** A plugin written in any language: a program described by a {@code plugin.yaml}, run without a shell. */
public final class ExecutablePlugin extends BlockingTaskPlugin {

    /** Environment variable holding the plugin directory, for programs that need files shipped beside them. */
    public static final String PLUGIN_DIR_VARIABLE = "VARFLOW_PLUGIN_DIR";
    public static final String PARAM_PREFIX = "PARAM_";

    private final ExecutablePluginManifest manifest;
    private final ProcessRunner runner;

    public ExecutablePlugin(ExecutablePluginManifest manifest) {
        this(manifest, new ProcessRunner());
    }

    ExecutablePlugin(ExecutablePluginManifest manifest, ProcessRunner runner) {
        this.manifest = manifest;
        this.runner = runner;
    }

    public ExecutablePluginManifest manifest() {
        return manifest;
    }

    @Override
    public String name() {
        return manifest.name();
    }

    @Override
    public String description() {
        return manifest.description();
    }

    @Override
    public PluginDescriptor describe() {
        return manifest.descriptor();
    }

    @Override
    public Set<String> requiredPermissions() {
        return manifest.permissions();
    }

    @Override
    protected TaskResult run(TaskContext context) throws InterruptedException {
        return runner.run(manifest.command(), context.workingDirectory(), environment(context), null);
    }

    private Map<String, String> environment(TaskContext context) {
        Map<String, String> environment = new LinkedHashMap<>(context.inputs());
        // A declared default reaches the program like a value the task set, so the descriptor tells the truth.
        manifest.descriptor().params().stream().filter(param -> param.defaultValue() != null)
                .forEach(param -> environment.put(paramVariable(param.name()), param.defaultValue()));
        context.params().forEach((name, value) -> {
            if (value != null) {
                environment.put(paramVariable(name), value.toString());
            }
        });
        environment.put(PLUGIN_DIR_VARIABLE, manifest.directory().toAbsolutePath().toString());
        return environment;
    }

    /** {@code min-length} becomes {@code PARAM_MIN_LENGTH}. */
    static String paramVariable(String param) {
        return PARAM_PREFIX + param.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9_]", "_");
    }
}
