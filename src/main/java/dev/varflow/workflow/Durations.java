package dev.varflow.workflow;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one grammar of workflow durations: seconds ({@code 300}, {@code 0.5}) or a number with a unit ({@code 500ms},
 * {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}), without spaces or sign. Values beyond {@link #MAX} are refused
 * by the loader, so nothing downstream adds a duration to a clock and overflows.
 */
public final class Durations {

    /** Longest duration a workflow may write anywhere (timeouts, deadlines, backoff, plugin params). */
    public static final Duration MAX = Duration.ofDays(365);

    private static final Pattern DURATION = Pattern.compile("(\\d{1,20}(?:\\.\\d{1,9})?)(ms|s|m|h|d)?");

    private Durations() {
    }

    /** The duration the text spells (saturating at {@code Long.MAX_VALUE} ms), or empty when it is not one. */
    public static Optional<Duration> parse(String text) {
        Matcher matcher = DURATION.matcher(text);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        double amount = Double.parseDouble(matcher.group(1));
        String unit = matcher.group(2) == null ? "s" : matcher.group(2);
        double millis = switch (unit) {
            case "ms" -> amount;
            case "s" -> amount * 1000;
            case "m" -> amount * 60_000;
            case "h" -> amount * 3_600_000;
            default -> amount * 86_400_000;
        };
        return Optional.of(Duration.ofMillis(Math.round(millis)));
    }

    /**
     * Why the duration is out of bounds ({@code what} names it, {@code text} is how the file wrote it), or null;
     * {@code zeroAllowed} for waits only.
     */
    static String boundsProblem(String what, String text, Duration duration, boolean zeroAllowed) {
        if (duration.compareTo(MAX) > 0) {
            return what + " must be at most 365d, found " + text;
        }
        if (!zeroAllowed && duration.isZero()) {
            return what + " must be at least 1ms, found " + text;
        }
        return null;
    }

}
