package dev.varflow.cli;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A duration option: seconds ({@code 30}, {@code 0.5}), with a unit ({@code 500ms}, {@code 30s}, {@code 2m},
 * {@code 1h}) or ISO-8601 ({@code PT30S}).
 */
final class DurationConverter implements ITypeConverter<Duration> {

    private static final Pattern AMOUNT = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)?");

    @Override
    public Duration convert(String text) {
        Matcher matcher = AMOUNT.matcher(text.trim());
        if (matcher.matches()) {
            BigDecimal amount = new BigDecimal(matcher.group(1));
            String unit = matcher.group(2) == null ? "s" : matcher.group(2);
            BigDecimal millis = amount.multiply(BigDecimal.valueOf(switch (unit) {
                case "ms" -> 1L;
                case "m" -> 60_000L;
                case "h" -> 3_600_000L;
                default -> 1_000L;
            }));
            return Duration.ofMillis(millis.longValue());
        }
        try {
            return Duration.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new TypeConversionException("Expected a duration such as 30, 0.5, 500ms, 30s, 2m, 1h or PT30S, "
                    + "but got '" + text + "'");
        }
    }

    /** Seconds as the user would write them: {@code 30}, {@code 0.5}. */
    static String seconds(Duration duration) {
        return BigDecimal.valueOf(duration.toMillis(), 3).stripTrailingZeros().toPlainString();
    }
}
