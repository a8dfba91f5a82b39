package dev.varflow.plugins;

import java.math.BigDecimal;
import java.time.Duration;

import dev.varflow.workflow.Durations;

/** Parses and prints the second counts and durations used by timeouts. */
final class Seconds {

    private Seconds() {
    }

    /**
     * Parses "60", "0.5" (seconds) and the workflow durations "500ms", "5m", "2h"...; throws
     * {@link NumberFormatException} for anything else.
     */
    static BigDecimal parse(String text) {
        String stripped = text.strip();
        try {
            return new BigDecimal(stripped);
        } catch (NumberFormatException notPlainSeconds) {
            // Params are typed DURATION in the plugins' descriptors, so the loader accepts "5m": accept it here too.
            return Durations.parse(stripped).map(d -> BigDecimal.valueOf(d.toMillis(), 3))
                    .orElseThrow(() -> new NumberFormatException("not seconds or a duration: " + text));
        }
    }

    /** Negative counts become zero; anything beyond ~292 years is clamped, which is forever for a wait. */
    static Duration toDuration(BigDecimal seconds) {
        if (seconds.signum() <= 0) {
            return Duration.ZERO;
        }
        BigDecimal nanos = seconds.movePointRight(9);
        return nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) >= 0
                ? Duration.ofNanos(Long.MAX_VALUE)
                : Duration.ofNanos(nanos.longValue());
    }

    static String format(BigDecimal seconds) {
        return seconds.stripTrailingZeros().toPlainString();
    }

    static String format(Duration duration) {
        return format(BigDecimal.valueOf(duration.toNanos(), 9));
    }
}
