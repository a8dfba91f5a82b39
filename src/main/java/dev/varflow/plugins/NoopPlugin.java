package dev.varflow.plugins;

import dev.varflow.spi.PluginDescriptor;
import dev.varflow.spi.PluginDescriptor.Param;
import dev.varflow.spi.PluginDescriptor.ParamType;
import dev.varflow.spi.PluginDescriptor.Port;
import dev.varflow.spi.TaskContext;
import dev.varflow.spi.TaskPlugin;
import dev.varflow.spi.TaskResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** Does nothing but emit each declared output as "1"; used by benchmarks, so it avoids allocating per call. */
public final class NoopPlugin implements TaskPlugin {

    public static final String NAME = "noop";

    // Benchmarks repeat the same few output lists, so results are cached per list; the cap keeps odd callers
    // with ever-changing lists from growing memory.
    private static final int CACHE_LIMIT = 1024;
    /** A day: longer is no benchmark; the descriptor bounds {@code delay_ms} with it. */
    static final long MAX_DELAY_MS = 86_400_000L;
    private static final CompletionStage<TaskResult> EMPTY = CompletableFuture.completedStage(TaskResult.succeeded(Map.of()));

    private final Map<List<String>, CompletionStage<TaskResult>> cache = new ConcurrentHashMap<>();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public PluginDescriptor describe() {
        return new PluginDescriptor(NAME, "Does nothing; sets each declared output to 1",
                List.of(Param.optional("delay_ms", ParamType.INTEGER, null, "completes after this many "
                        + "milliseconds, holding no thread (for benchmarks); at once when unset", "250")
                        .between(0L, MAX_DELAY_MS)),
                false, List.of(),
                List.of(Port.of(PluginDescriptor.ANY, "each output the task declares, set to 1")),
                "- name: WAIT\n  plugin: noop\n  inputs: [TRUE]\n  outputs: [WAITED]\n  params:\n    delay_ms: 250\n");
    }

    @Override
    public CompletionStage<TaskResult> execute(TaskContext context) {
        String delay = context.param("delay_ms", null);
        if (delay != null) {
            return delayed(context, delay);
        }
        return now(context);
    }

    /**
     * Completes after {@code delay_ms} on a timer: a latency-bound task that holds no thread and spawns no process,
     * so benchmarks can measure the orchestrator's scaling apart from the cost of starting commands.
     */
    private CompletionStage<TaskResult> delayed(TaskContext context, String delay) {
        long millis;
        try {
            millis = Long.parseLong(delay.trim());
        } catch (NumberFormatException e) {
            return CompletableFuture.completedStage(TaskResult.failed("params.delay_ms must be a whole number of "
                    + "milliseconds, got '" + delay + "'"));
        }
        if (millis < 0) {
            return CompletableFuture.completedStage(TaskResult.failed("params.delay_ms must not be negative"));
        }
        return new CompletableFuture<Void>().completeOnTimeout(null, millis, TimeUnit.MILLISECONDS)
                .thenCompose(ignored -> now(context));
    }

    private CompletionStage<TaskResult> now(TaskContext context) {
        List<String> declared = context.declaredOutputs();
        if (declared == null || declared.isEmpty()) {
            return EMPTY;
        }
        CompletionStage<TaskResult> cached = cache.get(declared);
        if (cached != null) {
            return cached;
        }
        // Completed minimal stages are immutable for callers, so sharing them is safe.
        CompletionStage<TaskResult> stage = CompletableFuture.completedStage(TaskResult.succeeded(Signals.ones(declared)));
        if (cache.size() < CACHE_LIMIT) {
            cache.putIfAbsent(Collections.unmodifiableList(new ArrayList<>(declared)), stage);
        }
        return stage;
    }
}
