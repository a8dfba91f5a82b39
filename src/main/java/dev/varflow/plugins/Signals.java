package dev.varflow.plugins;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the "1" signal outputs emitted by the marker plugins. */
final class Signals {

    static final String ANY = "*";
    static final String DEFAULT_OUTPUT = "TRUE";
    static final String ON = "1";

    private Signals() {
    }

    /** Each declared output (except {@code *}) set to "1"; {@code TRUE} when that leaves none. */
    static Map<String, String> onesOrTrue(List<String> declared) {
        Map<String, String> outputs = ones(declared);
        return outputs.isEmpty() ? Map.of(DEFAULT_OUTPUT, ON) : outputs;
    }

    /** Each declared output (except {@code *}) set to "1". */
    static Map<String, String> ones(List<String> declared) {
        if (declared == null || declared.isEmpty()) {
            return Map.of();
        }
        Map<String, String> outputs = new LinkedHashMap<>();
        for (String name : declared) {
            if (name != null && !ANY.equals(name)) {
                outputs.put(name, ON);
            }
        }
        return outputs;
    }
}
