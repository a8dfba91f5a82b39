package dev.varflow.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Command-line arguments: a command, positional arguments, repeatable {@code --var NAME=VALUE}, and options. */
public record Args(String command, List<String> positional, Map<String, String> vars, Map<String, String> options) {

    /** Parses {@code args}; throws IllegalArgumentException with a usage hint on malformed input. */
    public static Args parse(String[] args) {
        if (args.length == 0) {
            return new Args("help", List.of(), Map.of(), Map.of());
        }
        List<String> positional = new ArrayList<>();
        Map<String, String> vars = new LinkedHashMap<>();
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--var") || arg.equals("-v")) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("--var needs NAME=VALUE");
                }
                String pair = args[++i];
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("--var needs NAME=VALUE, got '" + pair + "'");
                }
                vars.put(pair.substring(0, eq), pair.substring(eq + 1));
            } else if (arg.startsWith("--")) {
                int eq = arg.indexOf('=');
                if (eq > 0) {
                    options.put(arg.substring(2, eq), arg.substring(eq + 1));
                } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                    options.put(arg.substring(2), args[++i]);
                } else {
                    options.put(arg.substring(2), "true");
                }
            } else {
                positional.add(arg);
            }
        }
        return new Args(args[0], List.copyOf(positional), Map.copyOf(vars), Map.copyOf(options));
    }

    public String file() {
        if (positional.isEmpty()) {
            throw new IllegalArgumentException(command + " needs a workflow FILE");
        }
        return positional.get(0);
    }
}
