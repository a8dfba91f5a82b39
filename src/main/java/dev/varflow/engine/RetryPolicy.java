package dev.varflow.engine;

import java.time.Duration;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * How often a failed task is tried again and how long to wait in between: exponential backoff from
 * {@code initial}, multiplied by {@code factor} per attempt, capped at {@code max}, with +/- {@code jitter} spread.
 *
 * @param maxAttempts attempts in all, the first included (1 = no retry)
 */
public record RetryPolicy(int maxAttempts, Duration initial, double factor, Duration max, double jitter) {

    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ofSeconds(1), 2, Duration.ofMinutes(5), 0);

    /** Reads {@code execution.retries}: a number (max attempts) or a map; absent means no retry. */
    public static RetryPolicy of(Map<String, Object> execution) {
        Object retries = execution.get("retries");
        if (retries == null) {
            return NONE;
        }
        if (!(retries instanceof Map<?, ?> settings)) {
            return new RetryPolicy(Integer.parseInt(retries.toString()), Duration.ofSeconds(1), 2,
                    Duration.ofMinutes(5), 0.2);
        }
        return new RetryPolicy(
                Integer.parseInt(String.valueOf(settings.containsKey("max_attempts") ? settings.get("max_attempts") : 3)),
                settings.containsKey("initial") ? Durations.parse(settings.get("initial").toString())
                        : Duration.ofSeconds(1),
                settings.containsKey("factor") ? Double.parseDouble(settings.get("factor").toString()) : 2,
                settings.containsKey("max") ? Durations.parse(settings.get("max").toString()) : Duration.ofMinutes(5),
                settings.containsKey("jitter") ? Double.parseDouble(settings.get("jitter").toString()) : 0.2);
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
