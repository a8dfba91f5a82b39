package dev.varflow.infra;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Run statuses and task states as SQL literals, so a statement names a state only through its enum. Literals, not
 * parameters: the planner matches them against the partial indexes whose predicates name states.
 */
public final class StateSql {

    private StateSql() {
    }

    /** {@code 'NAME'}. */
    public static String literal(Enum<?> state) {
        return "'" + state.name() + "'";
    }

    /** {@code 'A', 'B'}, for an {@code IN (...)} list. */
    public static String literals(Enum<?>... states) {
        return Arrays.stream(states).map(StateSql::literal).collect(Collectors.joining(", "));
    }

    /** The column value of a state; null stays null. */
    public static String name(Enum<?> state) {
        return state == null ? null : state.name();
    }
}
