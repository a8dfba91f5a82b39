package dev.varflow.cli;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Shows API timestamps in local time, to the second. */
final class Times {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private Times() {
    }

    /** A timestamp as {@code yyyy-MM-dd HH:mm:ss} local time; "-" when absent. */
    static String short_(String iso) {
        if (iso == null || iso.equals("-") || iso.equals("null")) {
            return "-";
        }
        try {
            return OffsetDateTime.parse(iso).atZoneSameInstant(ZoneId.systemDefault()).format(FORMAT);
        } catch (DateTimeParseException e) {
            return iso;
        }
    }
}
