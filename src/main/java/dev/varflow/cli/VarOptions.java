package dev.varflow.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** The repeatable {@code --var NAME=VALUE} of run, validate and replay; a later value of a NAME wins. */
final class VarOptions {

    @Option(names = { "--var", "-v" }, paramLabel = "NAME=VALUE", converter = VarConverter.class,
            description = "A start variable; repeat for several. The value may be empty and may contain '='.")
    private List<Var> vars = new ArrayList<>();

    /** The variables in the order given. */
    Map<String, String> asMap() {
        Map<String, String> map = new LinkedHashMap<>();
        vars.forEach(v -> map.put(v.name(), v.value()));
        return map;
    }

    /** One {@code NAME=VALUE}, split at the first '='. */
    record Var(String name, String value) {
    }

    /** Parses NAME=VALUE; NAME must not be empty. */
    static final class VarConverter implements ITypeConverter<Var> {

        @Override
        public Var convert(String pair) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new TypeConversionException("Expected NAME=VALUE with a non-empty NAME, but got '" + pair + "'");
            }
            return new Var(pair.substring(0, eq), pair.substring(eq + 1));
        }
    }
}
