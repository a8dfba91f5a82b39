package dev.varflow.workflow;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;

/**
 * A schedule's cron expression, parsed by cron-utils: five Unix fields (minute hour day-of-month month day-of-week)
 * or six with seconds first. Each field takes {@code *}, numbers, ranges {@code a-b}, lists {@code a,b}, steps
 * {@code * /n} and {@code a-b/n}, and names (JAN-DEC, SUN-SAT; 0 and 7 are Sunday). As in Vixie cron, when both day
 * fields are restricted a day matching either one fires. Ticks follow the wall clock of the zone asked for: a local
 * time a DST change skips fires at the shifted instant.
 */
public final class CronExpression {

    private static final CronParser FIVE_FIELDS = new CronParser(
            CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private static final CronParser SIX_FIELDS = new CronParser(unixWithSeconds());
    private static final List<String> FIELDS = List.of("minute", "hour", "day of month", "month", "day of week");
    private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");
    private static final Pattern DAY_NAME = Pattern.compile("\\b(" + String.join("|", DAYS) + ")\\b");
    private static final Pattern OUT_OF_RANGE = Pattern.compile("Value (\\d+) not in range \\[(\\d+), (\\d+)]");
    private static final Pattern BAD_STEP = Pattern.compile("Period (\\d+) not in range \\[(\\d+), (\\d+)]");
    private static final Pattern INVALID_CHARS = Pattern.compile("Invalid chars: (.*)$");
    private static final String LIBRARY_PREFIX = "Failed to parse cron expression. ";
    private static final ZonedDateTime PROBE_START = ZonedDateTime.of(2000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

    private final String text;
    private final boolean hasSeconds;
    // Ticks are computed on the local wall clock (UTC has no DST) and then placed in the zone asked for.
    private final ExecutionTime times;

    private CronExpression(String text, boolean hasSeconds, ExecutionTime times) {
        this.text = text;
        this.hasSeconds = hasSeconds;
        this.times = times;
    }

    /** Parses an expression; throws IllegalArgumentException saying which field is wrong and why. */
    public static CronExpression parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("cron expression is empty");
        }
        String[] fields = normalized(text.trim().toUpperCase(Locale.ROOT).split("\\s+"));
        if (fields.length != 5 && fields.length != 6) {
            throw new IllegalArgumentException("cron expression '" + text + "' has " + fields.length
                    + " fields; expected 5 (minute hour day-of-month month day-of-week) or 6 (seconds first)");
        }
        CronParser parser = fields.length == 6 ? SIX_FIELDS : FIVE_FIELDS;
        ExecutionTime times;
        try {
            times = ExecutionTime.forCron(parser.parse(String.join(" ", fields)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(explain(parser, fields), e);
        }
        CronExpression cron = new CronExpression(text.trim(), fields.length == 6, times);
        if (times.nextExecution(PROBE_START).isEmpty()) {
            throw new IllegalArgumentException("cron expression '" + text + "' never fires");
        }
        return cron;
    }

    /** The first tick strictly after {@code after}, in after's zone; null if it never fires again. */
    public ZonedDateTime next(ZonedDateTime after) {
        LocalDateTime local = after.toLocalDateTime();
        while (true) {
            Optional<ZonedDateTime> tick = times.nextExecution(local.atZone(ZoneOffset.UTC));
            if (tick.isEmpty()) {
                return null;
            }
            local = tick.get().toLocalDateTime();
            // A time in a DST gap moves to the shifted instant; in an overlap the earlier instant counts, once.
            ZonedDateTime candidate = ZonedDateTime.ofLocal(local, after.getZone(), null);
            if (candidate.isAfter(after)) {
                return candidate;
            }
        }
    }

    /** The last tick strictly before {@code before}, in before's zone; null if there is none. */
    public ZonedDateTime previous(ZonedDateTime before) {
        LocalDateTime local = before.toLocalDateTime();
        while (true) {
            Optional<ZonedDateTime> tick = times.lastExecution(local.atZone(ZoneOffset.UTC));
            if (tick.isEmpty()) {
                return null;
            }
            local = tick.get().toLocalDateTime();
            ZonedDateTime candidate = ZonedDateTime.ofLocal(local, before.getZone(), null);
            if (candidate.isBefore(before)) {
                return candidate;
            }
        }
    }

    /** Whether the expression has a seconds field. */
    public boolean hasSeconds() {
        return hasSeconds;
    }

    @Override
    public String toString() {
        return text;
    }

    /**
     * The fields as cron-utils should read them: {@code ?} means {@code *} in any field (as it always did here), and
     * day names become numbers because cron-utils' Unix definition counts SUN as 7, which would turn SUN-SAT into a
     * backwards range.
     */
    private static String[] normalized(String[] fields) {
        String[] copy = fields.clone();
        for (int i = 0; i < copy.length; i++) {
            if (copy[i].equals("?")) {
                copy[i] = "*";
            }
        }
        if (copy.length == 5 || copy.length == 6) {
            int dayOfWeek = copy.length - 1;
            Matcher names = DAY_NAME.matcher(copy[dayOfWeek]);
            copy[dayOfWeek] = names.replaceAll(match -> String.valueOf(DAYS.indexOf(match.group(1))));
        }
        return copy;
    }

    /** Which field cron-utils rejects and why, in this project's words; it names neither itself. */
    private static String explain(CronParser parser, String[] fields) {
        int offset = fields.length == 6 ? 1 : 0;
        for (int i = 0; i < fields.length; i++) {
            String[] probe = new String[fields.length];
            Arrays.fill(probe, "*");
            probe[i] = fields[i];
            try {
                parser.parse(String.join(" ", probe));
            } catch (IllegalArgumentException e) {
                String what = i < offset ? "second" : FIELDS.get(i - offset);
                return explain(what, fields[i], e.getMessage());
            }
        }
        return "cron expression '" + String.join(" ", fields) + "' is not valid";
    }

    private static String explain(String what, String field, String libraryMessage) {
        String message = libraryMessage == null ? "" : libraryMessage.replace(LIBRARY_PREFIX, "");
        Matcher outOfRange = OUT_OF_RANGE.matcher(message);
        if (outOfRange.find()) {
            return what + " value " + outOfRange.group(1) + " is outside " + outOfRange.group(2) + "-"
                    + outOfRange.group(3);
        }
        Matcher badStep = BAD_STEP.matcher(message);
        if (badStep.find()) {
            return what + " step " + badStep.group(1) + " is outside 1-" + badStep.group(3);
        }
        if (message.startsWith("Invalid range!")) {
            return what + " range '" + field + "' runs backwards";
        }
        Matcher invalid = INVALID_CHARS.matcher(message);
        if (invalid.find()) {
            String value = invalid.group(1).trim();
            return value.isEmpty() ? what + " field '" + field + "' has an empty list entry"
                    : what + " value '" + value + "' is not a number" + names(what);
        }
        return what + " field '" + field + "': " + message;
    }

    private static String names(String what) {
        return switch (what) {
            case "month" -> " or a name (JAN-DEC)";
            case "day of week" -> " or a name (SUN-SAT)";
            default -> "";
        };
    }

    /** The Unix definition with a seconds field in front. */
    private static CronDefinition unixWithSeconds() {
        return CronDefinitionBuilder.defineCron()
                .withSeconds().withStrictRange().and()
                .withMinutes().withStrictRange().and()
                .withHours().withStrictRange().and()
                .withDayOfMonth().withStrictRange().and()
                .withMonth().withStrictRange().and()
                .withDayOfWeek().withValidRange(0, 7).withMondayDoWValue(1).withIntMapping(7, 0).withStrictRange()
                .and()
                .instance();
    }
}
