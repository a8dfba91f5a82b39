package dev.varflow.plugins;

import dev.varflow.spi.PluginDescriptor;
import dev.varflow.spi.PluginDescriptor.Port;
import dev.varflow.spi.TaskContext;
import dev.varflow.spi.TaskPlugin;
import dev.varflow.spi.TaskResult;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Entry point of a workflow: emits each declared output (or {@code TRUE}) as "1". */
public final class StartPlugin implements TaskPlugin {

    public static final String NAME = "start";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public PluginDescriptor describe() {
        return new PluginDescriptor(NAME, "Starts a workflow: sets each declared output (default TRUE) to 1",
                java.util.List.of(), false, java.util.List.of(),
                java.util.List.of(Port.of(PluginDescriptor.ANY, "each output the task declares, set to 1; TRUE when it "
                        + "declares none")),
                "- name: START\n  plugin: start\n  outputs: [TRUE]\n");
    }

    @Override
    public CompletionStage<TaskResult> execute(TaskContext context) {
        return CompletableFuture.completedStage(TaskResult.succeeded(Signals.onesOrTrue(context.declaredOutputs())));
    }
}
