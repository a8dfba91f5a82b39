package dev.varflow.engine;

import java.util.BitSet;
import java.util.List;

/** Parses one cron field into the set of values it matches. */
final class CronField {

    private CronField() {
    }

    /**
     * @param names value names in order (JAN..., SUN...), empty when the field has none
     * @param firstNameValue value of the first name (1 for JAN, 0 for SUN)
     */
    static BitSet parse(String what, String field, int min, int max, List<String> names, int firstNameValue) {
        BitSet bits = new BitSet(max + 1);
        for (String part : field.split(",", -1)) {
            if (part.isEmpty()) {
                throw new IllegalArgumentException(what + " field '" + field + "' has an empty list entry");
            }
            String range = part;
            int step = 1;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                range = part.substring(0, slash);
                step = number(what, part.substring(slash + 1), 1, max - min + 1, List.of(), 0);
            }
            int from;
            int to;
            if (range.equals("*") || range.equals("?")) {
                from = min;
                to = max;
            } else if (range.indexOf('-') > 0) {
                int dash = range.indexOf('-');
                from = number(what, range.substring(0, dash), min, max, names, firstNameValue);
                to = number(what, range.substring(dash + 1), min, max, names, firstNameValue);
                if (from > to) {
                    throw new IllegalArgumentException(what + " range '" + range + "' runs backwards");
                }
            } else {
                from = number(what, range, min, max, names, firstNameValue);
                to = slash >= 0 ? max : from;
            }
            for (int v = from; v <= to; v += step) {
                bits.set(v);
            }
        }
        return bits;
    }

    private static int number(String what, String text, int min, int max, List<String> names, int firstNameValue) {
        int named = names.indexOf(text);
        if (named >= 0) {
            return named + firstNameValue;
        }
        int value;
        try {
            value = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " value '" + text + "' is not a number"
                    + (names.isEmpty() ? "" : " or a name (" + names.get(0) + "-" + names.get(names.size() - 1) + ")"));
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException(what + " value " + value + " is outside " + min + "-" + max);
        }
        return value;
    }
}
