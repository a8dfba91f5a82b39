package dev.varflow.engine;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;

/**
 * A cron expression: five fields (minute hour day-of-month month day-of-week) or six with seconds first. Each
 * field takes {@code *}, numbers, ranges {@code a-b}, lists {@code a,b}, steps {@code * /n} and {@code a-b/n}, and
 * names (JAN-DEC, SUN-SAT; 7 is Sunday too). As in Vixie cron, when both day fields are restricted a day matching
 * either one fires.
 */
public final class CronExpression {

    private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG",
            "SEP", "OCT", "NOV", "DEC");
    private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");
    /** Searching further than this for a match means the expression never fires (e.g. 30 February). */
    private static final int MAX_YEARS = 5;

    private final String text;
    private final boolean hasSeconds;
    private final BitSet seconds;
    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet daysOfMonth;
    private final BitSet months;
    private final BitSet daysOfWeek;
    private final boolean dayOfMonthRestricted;
    private final boolean dayOfWeekRestricted;

    private CronExpression(String text, String[] fields) {
        this.text = text;
        this.hasSeconds = fields.length == 6;
        int f = hasSeconds ? 1 : 0;
        this.seconds = hasSeconds ? CronField.parse("second", fields[0], 0, 59, List.of(), 0) : single(0);
        this.minutes = CronField.parse("minute", fields[f], 0, 59, List.of(), 0);
        this.hours = CronField.parse("hour", fields[f + 1], 0, 23, List.of(), 0);
        this.daysOfMonth = CronField.parse("day of month", fields[f + 2], 1, 31, List.of(), 0);
        this.months = CronField.parse("month", fields[f + 3], 1, 12, MONTHS, 1);
        BitSet dow = CronField.parse("day of week", fields[f + 4], 0, 7, DAYS, 0);
        if (dow.get(7)) {
            dow.set(0);
            dow.clear(7);
        }
        this.daysOfWeek = dow;
        this.dayOfMonthRestricted = !isStar(fields[f + 2]);
        this.dayOfWeekRestricted = !isStar(fields[f + 4]);
    }

    /** Parses an expression; throws IllegalArgumentException saying which field is wrong and why. */
    public static CronExpression parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("cron expression is empty");
        }
        String[] fields = text.trim().toUpperCase(Locale.ROOT).split("\\s+");
        if (fields.length != 5 && fields.length != 6) {
            throw new IllegalArgumentException("cron expression '" + text + "' has " + fields.length
                    + " fields; expected 5 (minute hour day-of-month month day-of-week) or 6 (seconds first)");
        }
        CronExpression cron = new CronExpression(text.trim(), fields);
        if (cron.next(ZonedDateTime.of(2000, 1, 1, 0, 0, 0, 0, ZoneId.of("UTC"))) == null) {
            throw new IllegalArgumentException("cron expression '" + text + "' never fires");
        }
        return cron;
    }

    /** The first time strictly after {@code after} that matches, in after's zone; null if none within 5 years. */
    public ZonedDateTime next(ZonedDateTime after) {
        ZoneId zone = after.getZone();
        LocalDateTime t = after.toLocalDateTime().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        if (!hasSeconds && t.getSecond() != 0) {
            t = t.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        }
        LocalDateTime limit = t.plusYears(MAX_YEARS);
        while (t.isBefore(limit)) {
            if (!months.get(t.getMonthValue())) {
                t = t.withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS).plusMonths(1);
            } else if (!dayMatches(t)) {
                t = t.truncatedTo(ChronoUnit.DAYS).plusDays(1);
            } else if (!hours.get(t.getHour())) {
                t = t.truncatedTo(ChronoUnit.HOURS).plusHours(1);
            } else if (!minutes.get(t.getMinute())) {
                t = t.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
            } else if (!seconds.get(t.getSecond())) {
                t = t.plusSeconds(1);
            } else {
                // A local time skipped by a DST change fires at the shifted instant; never before 'after'.
                ZonedDateTime candidate = ZonedDateTime.ofLocal(t, zone, null);
                if (candidate.isAfter(after)) {
                    return candidate;
                }
                t = t.plusSeconds(1);
            }
        }
        return null;
    }

    /** Whether the expression has a seconds field. */
    public boolean hasSeconds() {
        return hasSeconds;
    }

    private boolean dayMatches(LocalDateTime t) {
        boolean dom = daysOfMonth.get(t.getDayOfMonth());
        boolean dow = daysOfWeek.get(t.getDayOfWeek().getValue() % 7);
        if (dayOfMonthRestricted && dayOfWeekRestricted) {
            return dom || dow;
        }
        return dom && dow;
    }

    private static boolean isStar(String field) {
        return field.equals("*") || field.equals("?");
    }

    private static BitSet single(int value) {
        BitSet bits = new BitSet();
        bits.set(value);
        return bits;
    }

    @Override
    public String toString() {
        return text;
    }
}
