package dev.varflow.infra;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntFunction;

import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Turns rows into one array per column, the parameters of a set-based statement ({@code unnest($1::text[], ...)}):
 * a whole batch travels in one statement instead of one statement per row.
 */
public final class ColumnArrays {

    private ColumnArrays() {
    }

    /** A column: how to read it from a row, and the array type PostgreSQL expects for it. */
    public record Column<T>(Function<T, ?> value, IntFunction<Object[]> array) {
    }

    public static <T> Column<T> text(Function<T, String> value) {
        return new Column<>(value, String[]::new);
    }

    public static <T> Column<T> int4(Function<T, Integer> value) {
        return new Column<>(value, Integer[]::new);
    }

    public static <T> Column<T> int8(Function<T, Long> value) {
        return new Column<>(value, Long[]::new);
    }

    /** The statement's parameters: column arrays in the given order. */
    @SafeVarargs
    public static <T> Tuple of(Collection<T> rows, Column<T>... columns) {
        List<Object> arrays = new ArrayList<>(columns.length);
        for (Column<T> column : columns) {
            Object[] array = column.array().apply(rows.size());
            int i = 0;
            for (T row : rows) {
                array[i++] = column.value().apply(row);
            }
            arrays.add(array);
        }
        return Tuple.tuple(arrays);
    }
}
