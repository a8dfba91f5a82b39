package dev.varflow.plugins;

import java.math.BigDecimal;
import java.time.Duration;

/** Parses and prints the decimal second counts used by timeouts. */
final class Seconds {

    private Seconds() {
    }

    /** Parses "60", "0.5" and the like; throws {@link NumberFormatException} for anything else. */
    static BigDecimal parse(String text) {
        return new BigDecimal(text.strip());
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
