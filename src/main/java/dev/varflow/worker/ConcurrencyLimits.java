package dev.varflow.worker;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * How many attempts of each plugin a worker runs at once: {@code varflow.worker.plugin-concurrency.<plugin>},
 * else a built-in default ({@link #BUILT_IN}), else {@code varflow.worker.concurrency}. Looked up by activation
 * topic, since that is what the worker pauses and resumes.
 */
final class ConcurrencyLimits {

    /**
     * Plugins whose attempts cost next to nothing while they run: a {@code touched} wait is an entry in the
     * file-watch hub and a timer, no thread and no process, so thousands may wait at once.
     */
    static final Map<String, Integer> BUILT_IN = Map.of("touched", 100_000);

    private final int defaultLimit;
    private final Map<String, Integer> byTopic = new HashMap<>();
    private final Map<String, Integer> byPlugin = new TreeMap<>();

    /**
     * @param topicOf the activation topic of a plugin
     * @throws IllegalArgumentException when a limit is below 1
     */
    ConcurrencyLimits(int defaultLimit, Map<String, Integer> overrides, UnaryOperator<String> topicOf) {
        this.defaultLimit = check("varflow.worker.concurrency", defaultLimit);
        Map<String, Integer> limits = new HashMap<>(BUILT_IN);
        limits.putAll(overrides);
        limits.forEach((plugin, limit) -> byTopic.put(topicOf.apply(plugin),
                check("varflow.worker.plugin-concurrency." + plugin, limit)));
        byPlugin.putAll(limits);
    }

    /** The limit of the plugin whose activations arrive on this topic. */
    int ofTopic(String topic) {
        return byTopic.getOrDefault(topic, defaultLimit);
    }

    /** The plugins with their own limit, e.g. {@code touched=100000}. */
    @Override
    public String toString() {
        return byPlugin.toString();
    }

    private static int check(String name, Integer limit) {
        if (limit == null || limit < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, got " + limit);
        }
        return limit;
    }
}
