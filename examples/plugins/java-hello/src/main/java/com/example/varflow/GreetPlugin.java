package com.example.varflow;

import dev.varflow.spi.PluginDescriptor;
import dev.varflow.spi.PluginDescriptor.Param;
import dev.varflow.spi.PluginDescriptor.ParamType;
import dev.varflow.spi.PluginDescriptor.Port;
import dev.varflow.spi.TaskContext;
import dev.varflow.spi.TaskPlugin;
import dev.varflow.spi.TaskResult;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Example third-party plugin "greet": reads input NAME and emits GREETING="Hello, NAME!". */
public class GreetPlugin implements TaskPlugin {

    private static final String DEFAULT_SALUTATION = "Hello";

    @Override
    public String name() {
        return "greet";
    }

    @Override
    public PluginDescriptor describe() {
        return new PluginDescriptor(name(), "Greets the input NAME as GREETING",
                List.of(Param.optional("salutation", ParamType.STRING, DEFAULT_SALUTATION,
                        "the word before the name", "Bonjour")),
                false,
                List.of(new Port("NAME", "who to greet", true)),
                List.of(Port.of("GREETING", "the greeting, e.g. Hello, Ada!")),
                "- name: HELLO\n  plugin: greet\n  inputs: [NAME]\n  outputs: [GREETING]\n"
                        + "  params:\n    salutation: Bonjour\n");
    }

    @Override
    public CompletionStage<TaskResult> execute(TaskContext context) {
        String name = context.inputs().get("NAME");
        if (name == null || name.isBlank()) {
            return CompletableFuture.completedFuture(TaskResult.failed("input NAME is missing"));
        }
        String salutation = context.param("salutation", DEFAULT_SALUTATION);
        return CompletableFuture.completedFuture(TaskResult.succeeded(Map.of("GREETING",
                salutation + ", " + name + "!")));
    }
}
