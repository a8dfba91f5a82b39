package dev.varflow.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The token -> permissions table of {@code varflow attica-dev}, read from YAML: {@code tokens:} maps each token to
 * a list of granted names or to a map of name: true/false (answered in the same form).
 */
final class AtticaDevPermissions {

    private final Map<String, Object> byToken;

    private AtticaDevPermissions(Map<String, Object> byToken) {
        this.byToken = byToken;
    }

    static AtticaDevPermissions load(Path file) throws IOException {
        Object root;
        try (Reader reader = Files.newBufferedReader(file)) {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
        }
        if (!(root instanceof Map<?, ?> top) || !(top.get("tokens") instanceof Map<?, ?> tokens)) {
            throw new IOException(file + ": expected a 'tokens:' map (token: [permissions] or token: {name: bool})");
        }
        Map<String, Object> table = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : tokens.entrySet()) {
            Object value = entry.getValue();
            boolean list = value instanceof List<?> names && names.stream().allMatch(String.class::isInstance);
            boolean map = value instanceof Map<?, ?> flags && flags.keySet().stream().allMatch(String.class::isInstance)
                    && flags.values().stream().allMatch(Boolean.class::isInstance);
            if (!list && !map) {
                throw new IOException(file + ": the permissions of token #" + (table.size() + 1)
                        + " must be a list of names or a map of name: true/false");
            }
            table.put(String.valueOf(entry.getKey()), value);
        }
        return new AtticaDevPermissions(table);
    }

    /** The permissions of a token as Attica would answer them; an empty list for an unknown token. */
    Object permissions(String token) {
        return byToken.getOrDefault(token, List.of());
    }

    boolean knows(String token) {
        return byToken.containsKey(token);
    }

    int size() {
        return byToken.size();
    }
}
