package com.example.varflow;

import dev.varflow.spi.TaskContext;
import dev.varflow.spi.TaskPlugin;
import dev.varflow.spi.TaskResult;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Example third-party plugin "greet": reads input NAME and emits GREETING="Hello, NAME!". */
public class GreetPlugin implements TaskPlugin {

    @Override
    public String name() {
        return "greet";
    }

    @Override
    public String description() {
        return "Greets the input NAME as GREETING";
    }

    @Override
    public CompletionStage<TaskResult> execute(TaskContext context) {
        String name = context.inputs().get("NAME");
        if (name == null || name.isBlank()) {
            return CompletableFuture.completedFuture(TaskResult.failed("input NAME is missing"));
        }
        return CompletableFuture.completedFuture(TaskResult.succeeded(Map.of("GREETING", "Hello, " + name + "!")));
    }
}
