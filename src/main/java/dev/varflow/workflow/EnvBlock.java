package dev.varflow.workflow;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
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

    static EnvBlock read(MappingNode block, LoadOptions options, ProblemCollector problems) {
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
            // AUTH_TOKEN itself is the documented way to give runs of the workflow a token; other spellings are not.
            String reserved = VariableNames.AUTH_TOKEN.equals(name) ? null : VariableNames.problem(name);
            if (reserved != null) {
                problems.error(keyNode, reserved + " in env", VariableNames.isAuthToken(name)
                        ? "write AUTH_TOKEN in upper case to give runs a token" : "rename the variable");
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
            String resolved = substitute(name, scalar, options, problems);
            int bytes = resolved == null ? 0 : resolved.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > options.limits().maxVariableBytes()) {
                // The run start refuses such a value too: better here, with the line, than at every start.
                problems.rule(valueNode, "env variable '" + name + "' is " + bytes + " bytes, above the limit of "
                        + options.limits().maxVariableBytes() + " (varflow.max-variable-bytes)",
                        "pass large data as a file path, not a value");
            } else if (resolved != null) {
                values.put(name, resolved);
            }
        }
        return new EnvBlock(values, declared);
    }

    /** The value with references replaced, or null when a referenced process variable is not set. */
    private static String substitute(String name, ScalarNode value, LoadOptions options,
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
            } else if (!options.envReadable(reference)) {
                // The worker's and coordinator's own secrets live in the same environment; only names the
                // operator set aside for workflows may be copied into variables that viewers can read.
                String prefix = options.envPrefixes().isEmpty() ? LoadOptions.DEFAULT_ENV_PREFIX
                        : options.envPrefixes().get(0);
                problems.error(problems.at(value), "env variable '" + name + "': {{ENV:" + reference + "}} reads a "
                        + "process variable outside the allowed prefixes " + options.envPrefixes(), "export it as "
                        + prefix + reference + " and write {{ENV:" + prefix + reference + "}} (operators set the "
                        + "prefixes with varflow.workflows.env-prefix)");
            } else {
                replacement = options.processEnv().apply(reference);
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
