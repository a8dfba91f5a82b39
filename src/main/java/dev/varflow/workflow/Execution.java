package dev.varflow.workflow;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How a task runs, parsed once by the loader: its {@code execution:} block (with the workflow's
 * {@code defaults: execution:} filled in) and the task-level {@code when}/{@code run_if}, {@code foreach} and
 * {@code concurrency}. An empty value means the file did not set it.
 *
 * @param dependsOn {@code execution.depends_on}: this task fires only after each of these tasks succeeded
 * @param when the compiled {@code when:} condition
 * @param timeout {@code execution.timeout}, per attempt
 * @param deadline {@code execution.deadline}, for the whole run from its start
 * @param retries {@code execution.retries}
 * @param async {@code execution.async}, checked and kept; nothing acts on it yet
 * @param workers {@code execution.workers}, checked and kept; nothing acts on it yet
 */
public record Execution(List<String> dependsOn, Optional<Condition> when, Optional<Duration> timeout,
        Optional<Duration> deadline, Optional<RetryPolicy> retries, Optional<Foreach> foreach,
        OptionalInt concurrency, Optional<Boolean> async, OptionalInt workers) {

    /** Nothing set. */
    public static final Execution NONE = new Execution(List.of(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), OptionalInt.empty(), Optional.empty(),
            OptionalInt.empty());

    public Execution {
        dependsOn = List.copyOf(dependsOn);
    }

    /** The retry policy in force: {@link RetryPolicy#NONE} when {@code retries} is not set. */
    public RetryPolicy retryPolicy() {
        return retries.orElse(RetryPolicy.NONE);
    }

    /** Whether the task fans out. */
    public boolean fansOut() {
        return foreach.isPresent();
    }

    /** These settings, with every one this block leaves unset taken from {@code defaults}. */
    public Execution withDefaults(Execution defaults) {
        return new Execution(dependsOn, when.or(defaults::when), timeout.or(defaults::timeout),
                deadline.or(defaults::deadline), retries.or(defaults::retries), foreach.or(defaults::foreach),
                concurrency.isPresent() ? concurrency : defaults.concurrency, async.or(defaults::async),
                workers.isPresent() ? workers : defaults.workers);
    }

    public Execution withDependsOn(List<String> tasks) {
        return new Execution(tasks, when, timeout, deadline, retries, foreach, concurrency, async, workers);
    }

    public Execution withWhen(Condition condition) {
        return new Execution(dependsOn, Optional.of(condition), timeout, deadline, retries, foreach, concurrency,
                async, workers);
    }

    public Execution withForeach(Foreach items, OptionalInt limit) {
        return new Execution(dependsOn, when, timeout, deadline, retries, Optional.of(items), limit, async,
                workers);
    }
}
