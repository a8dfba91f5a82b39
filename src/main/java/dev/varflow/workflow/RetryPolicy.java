package dev.varflow.workflow;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How often a failed task is tried again and how long to wait in between: exponential backoff from
 * {@code initial}, multiplied by {@code factor} per attempt, capped at {@code max}, with +/- {@code jitter} spread.
 *
 * @param maxAttempts attempts in all, the first included (1 = no retry)
 */
public record RetryPolicy(int maxAttempts, Duration initial, double factor, Duration max, double jitter) {

    /** No retry: what a task without {@code execution.retries} gets. */
    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ofSeconds(1), 2, Duration.ofMinutes(5), 0);
    /** The settings a {@code retries:} mapping leaves out take these values. */
    static final RetryPolicy MAPPING_DEFAULTS = new RetryPolicy(3, Duration.ofSeconds(1), 2, Duration.ofMinutes(5),
            0.2);

    /** The short form {@code retries: N}: N attempts with the default backoff. */
    public static RetryPolicy attempts(int maxAttempts) {
        return new RetryPolicy(maxAttempts, MAPPING_DEFAULTS.initial, MAPPING_DEFAULTS.factor, MAPPING_DEFAULTS.max,
                MAPPING_DEFAULTS.jitter);
    }

    /** Whether an attempt numbered {@code attempt} (1-based) that failed may be followed by another. */
    public boolean allowsRetryAfter(int attempt) {
        return attempt < maxAttempts;
    }

    /** Wait before the attempt after {@code attempt}; {@code random} supplies the jitter. */
    public Duration backoffAfter(int attempt, RandomGenerator random) {
        double base = initial.toMillis() * Math.pow(factor, Math.max(0, attempt - 1));
        double capped = Math.min(base, max.toMillis());
        double spread = jitter == 0 ? 1 : 1 + jitter * (2 * random.nextDouble() - 1);
        return Duration.ofMillis(Math.max(0, Math.round(capped * spread)));
    }
}
