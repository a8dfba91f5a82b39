package dev.varflow.spi;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Base for plugins whose work blocks a thread; runs it off the worker's event threads. */
public abstract class BlockingTaskPlugin implements TaskPlugin {

    private static final ExecutorService BLOCKING = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "varflow-plugin");
        thread.setDaemon(true);
        return thread;
    });

    @Override
    public final CompletionStage<TaskResult> execute(TaskContext context) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return run(context);
            } catch (Exception e) {
                if (e instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new IllegalStateException(e.getMessage(), e);
            }
        }, BLOCKING);
    }

    /** Does the work on a thread that may block. */
    protected abstract TaskResult run(TaskContext context) throws Exception;
}
