package dev.varflow.spi;

import java.util.concurrent.CompletionStage;

/**
 * What a plugin implements. Plain Java, no framework types: third-party jars dropped in the plugins folder are
 * found with {@link java.util.ServiceLoader} (declare the class in
 * {@code META-INF/services/dev.varflow.spi.TaskPlugin}).
 *
 * <p>{@link #execute} may complete asynchronously and must not block the calling thread for long; plugins that
 * need to block extend {@link BlockingTaskPlugin}.
 */
public interface TaskPlugin {

    /** Name used in {@code plugin:} of a workflow task. */
    String name();

    /** Runs one activation of a task. A failed stage (or thrown exception) fails the task attempt. */
    CompletionStage<TaskResult> execute(TaskContext context);

    /** Permissions this plugin needs in every task that uses it; checked before {@link #execute}. */
    default java.util.Set<String> requiredPermissions() {
        return java.util.Set.of();
    }

    /** One-line description; the summary of {@link #describe()} unless that is overridden. */
    default String description() {
        return "";
    }

    /**
     * The plugin's params, inputs and outputs, which the loader checks tasks against and {@code varflow plugins}
     * shows. The default declares nothing, so any params are accepted unchecked: override it to get typed,
     * checked params (see docs/plugins.md). Called once when the plugin is loaded.
     */
    default PluginDescriptor describe() {
        return PluginDescriptor.undescribed(name(), description());
    }
}
