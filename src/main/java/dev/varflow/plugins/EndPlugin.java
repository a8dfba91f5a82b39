package dev.varflow.plugins;

import dev.varflow.spi.PluginDescriptor;
import dev.varflow.spi.PluginDescriptor.Port;
import dev.varflow.spi.TaskContext;
import dev.varflow.spi.TaskPlugin;
import dev.varflow.spi.TaskResult;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Marks that a workflow reached an end; succeeds without outputs. */
public final class EndPlugin implements TaskPlugin {

    public static final String NAME = "end";

    // A minimal stage cannot be completed or obtruded by callers, so one instance can serve every call.
    private static final CompletionStage<TaskResult> DONE = CompletableFuture.completedStage(TaskResult.succeeded(Map.of()));

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public PluginDescriptor describe() {
        return new PluginDescriptor(NAME, "Marks that the workflow reached an end", java.util.List.of(), false,
                java.util.List.of(Port.of(PluginDescriptor.ANY, "the variables whose arrival means this end is "
                        + "reached")),
                java.util.List.of(), "- name: END\n  plugin: end\n  inputs: [DONE]\n");
    }

    @Override
    public CompletionStage<TaskResult> execute(TaskContext context) {
        return DONE;
    }
}
