package dev.varflow.workflow;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Where the items of a fan-out task ({@code foreach:}) come from: a variable, or a list in the file. */
public sealed interface Foreach {

    /** {@code foreach: NAME}: the variable holds a JSON array, known only at run time. */
    record Variable(String name) implements Foreach {
    }

    /**
     * {@code foreach: [...]}: the items as written; scalars are strings, parameter sets are maps in file order.
     */
    record Literal(List<Object> items) implements Foreach {

        public Literal {
            items = frozen(items);
        }

        @SuppressWarnings("unchecked")
        private static <T> T frozen(T value) {
            // Deep and order-keeping: a parameter set's key order is the order of its ITEM JSON text.
            if (value instanceof List<?> list) {
                List<Object> copy = new ArrayList<>(list.size());
                list.forEach(item -> copy.add(frozen(item)));
                return (T) Collections.unmodifiableList(copy);
            }
            if (value instanceof Map<?, ?> map) {
                Map<Object, Object> copy = new LinkedHashMap<>();
                map.forEach((key, item) -> copy.put(key, frozen(item)));
                return (T) Collections.unmodifiableMap(copy);
            }
            return value;
        }
    }
}
