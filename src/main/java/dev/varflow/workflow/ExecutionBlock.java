package dev.varflow.workflow;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

import dev.varflow.workflow.ParsedTask.Located;

/**
 * Reads an {@code execution:} block, a task's or the workflow's {@code defaults:}, into an {@link Execution},
 * reporting every value that does not fit its key.
 */
final class ExecutionBlock {

    /** Most attempts of one task, the first included: beyond this, a task fails for a reason retries cannot fix. */
    static final int MAX_ATTEMPTS = 100;
    /** Largest {@code execution.workers}. */
    static final int MAX_WORKERS = 1000;

    private final ProblemCollector problems;

    ExecutionBlock(ProblemCollector problems) {
        this.problems = problems;
    }

    /**
     * @param block what the problems call the block, e.g. {@code execution of task 'A'}
     * @param where prefix of the keys in problems, e.g. {@code task 'A': execution.}
     * @param dependsOn receives the {@code depends_on} entries with their positions; null where {@code depends_on}
     *     is accepted and ignored ({@code defaults})
     */
    Execution read(MappingNode mapping, String block, String where, List<Located> dependsOn) {
        Optional<Boolean> async = Optional.empty();
        OptionalInt workers = OptionalInt.empty();
        Optional<Duration> timeout = Optional.empty();
        Optional<Duration> deadline = Optional.empty();
        Optional<RetryPolicy> retries = Optional.empty();
        List<Located> located = new ArrayList<>();
        for (var entry : KeyCheck.entries(mapping, KeyCheck.EXECUTION_KEYS, block, problems).entrySet()) {
            String key = entry.getKey();
            Node node = entry.getValue().getValueNode();
            switch (key) {
                case "async" -> async = YamlValues.bool(node, where + key, problems);
                case "workers" -> workers = optionalInt(YamlValues.intBetween(node, where + key, 1, MAX_WORKERS,
                        problems));
                case "timeout" -> timeout = YamlValues.duration(node, where + key, problems);
                case "deadline" -> deadline = YamlValues.duration(node, where + key, problems);
                case "retries" -> retries = retries(node, where + key);
                case "depends_on" -> {
                    if (dependsOn != null) {
                        YamlValues.stringList(node, where + key, problems).ifPresent(items -> items.forEach(
                                item -> located.add(new Located(item.getValue(), problems.at(item)))));
                    }
                }
                default -> throw new IllegalStateException("key accepted but not handled: " + key);
            }
        }
        if (dependsOn != null) {
            dependsOn.addAll(located);
        }
        return new Execution(located.stream().map(Located::value).toList(), Optional.empty(), timeout, deadline,
                retries, Optional.empty(), OptionalInt.empty(), async, workers);
    }

    private Optional<RetryPolicy> retries(Node node, String what) {
        if (!(node instanceof MappingNode mapping)) {
            // A bare number is the short form for max_attempts.
            return YamlValues.intBetween(node, what, 1, MAX_ATTEMPTS, problems).map(RetryPolicy::attempts);
        }
        RetryPolicy defaults = RetryPolicy.MAPPING_DEFAULTS;
        int maxAttempts = defaults.maxAttempts();
        Duration initial = defaults.initial();
        double factor = defaults.factor();
        Duration max = defaults.max();
        double jitter = defaults.jitter();
        int before = problems.errorCount();
        for (var entry : KeyCheck.entries(mapping, KeyCheck.RETRY_KEYS, what, problems).entrySet()) {
            String key = entry.getKey();
            Node value = entry.getValue().getValueNode();
            String name = what + "." + key;
            switch (key) {
                case "max_attempts" -> maxAttempts = YamlValues.intBetween(value, name, 1, MAX_ATTEMPTS, problems)
                        .orElse(maxAttempts);
                case "initial" -> initial = YamlValues.duration(value, name, true, problems).orElse(initial);
                case "factor" -> factor = YamlValues.number(value, name, 1, 100, problems).orElse(factor);
                case "max" -> max = YamlValues.duration(value, name, true, problems).orElse(max);
                case "jitter" -> jitter = YamlValues.number(value, name, 0, 1, problems).orElse(jitter);
                default -> throw new IllegalStateException("key accepted but not handled: " + key);
            }
        }
        return problems.errorCount() == before
                ? Optional.of(new RetryPolicy(maxAttempts, initial, factor, max, jitter)) : Optional.empty();
    }

    private static OptionalInt optionalInt(Optional<Integer> value) {
        return value.map(OptionalInt::of).orElse(OptionalInt.empty());
    }
}
