package dev.varflow.workflow;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * The {@code env:} block: values as strings after {@code {{ENV:NAME}}} substitution.
 *
 * @param values variables that seed every run
 * @param declared every name the block declares, including ones left unset because the process lacks a value
 */
record EnvBlock(Map<String, String> values, Map<String, SourceLocation> declared) {

    private static final Pattern REFERENCE = Pattern.compile("\\{\\{ENV:([^}]*)}}");

    static EnvBlock empty() {
        return new EnvBlock(Map.of(), Map.of());
    }

    static EnvBlock read(MappingNode block, Function<String, String> processEnv, ProblemCollector problems) {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, SourceLocation> declared = new LinkedHashMap<>();
        for (NodeTuple tuple : block.getValue()) {
            Node keyNode = tuple.getKeyNode();
            String name = keyNode instanceof ScalarNode scalar ? scalar.getValue() : null;
            if (name == null || !YamlValues.VARIABLE_NAME.matcher(name).matches()) {
                problems.error(keyNode, "invalid variable name " + (name == null ? YamlValues.describe(keyNode)
                        : "'" + name + "'") + " in env", "names are letters, digits and _, not starting with a digit");
                continue;
            }
            if (declared.containsKey(name)) {
                problems.error(keyNode, "env variable '" + name + "' is set twice (first on line "
                        + declared.get(name).line() + ")", "remove one of them");
                continue;
            }
            declared.put(name, problems.at(keyNode));
            Node valueNode = tuple.getValueNode();
            if (!(valueNode instanceof ScalarNode scalar)) {
                problems.error(valueNode, "env variable '" + name + "' must be a single value, found "
                        + YamlValues.describe(valueNode), "quote it to keep it as text");
                continue;
            }
            String resolved = substitute(name, scalar, processEnv, problems);
            if (resolved != null) {
                values.put(name, resolved);
            }
        }
        return new EnvBlock(values, declared);
    }

    /** The value with references replaced, or null when a referenced process variable is not set. */
    private static String substitute(String name, ScalarNode value, Function<String, String> processEnv,
            ProblemCollector problems) {
        Matcher matcher = REFERENCE.matcher(value.getValue());
        StringBuilder result = new StringBuilder();
        boolean complete = true;
        while (matcher.find()) {
            String reference = matcher.group(1);
            String replacement = null;
            if (!YamlValues.VARIABLE_NAME.matcher(reference).matches()) {
                problems.error(value, "env variable '" + name + "': invalid process variable name '" + reference
                        + "' in {{ENV:...}}", "write {{ENV:NAME}} with letters, digits and _");
            } else {
                replacement = processEnv.apply(reference);
                if (replacement == null) {
                    problems.warning(problems.at(value), "env variable '" + name + "' is left unset: process "
                            + "environment variable '" + reference + "' is not set",
                            "export " + reference + " before loading the workflow");
                }
            }
            complete &= replacement != null;
            matcher.appendReplacement(result, Matcher.quoteReplacement(replacement == null ? "" : replacement));
        }
        matcher.appendTail(result);
        return complete ? result.toString() : null;
    }
}
