package dev.varflow.spi;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;

/**
 * Base for plugins whose work blocks a thread; runs it off the worker's event threads. Cancelling the returned
 * future (a run cancelled, an attempt over its timeout) interrupts that thread, so blocking work can stop: the
 * built-in command runner then terminates the whole process tree.
 */
public abstract class BlockingTaskPlugin implements TaskPlugin {

    private static final ExecutorService BLOCKING = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "varflow-plugin");
        thread.setDaemon(true);
        return thread;
    });

    @Override
    public final CompletionStage<TaskResult> execute(TaskContext context) {
        CompletableFuture<TaskResult> result = new CompletableFuture<>();
        FutureTask<Void> work = new FutureTask<>(() -> {
            try {
                result.complete(run(context));
            } catch (Exception | Error e) {
                result.completeExceptionally(e);
            }
            return null;
        });
        result.whenComplete((value, error) -> {
            if (result.isCancelled()) {
                work.cancel(true);
            }
        });
        BLOCKING.execute(work);
        return result;
    }

    /** Does the work on a thread that may block; an interrupt means stop now. */
    protected abstract TaskResult run(TaskContext context) throws Exception;
}
