package dev.varflow.workflow;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import dev.varflow.spi.PluginDescriptor;
import dev.varflow.spi.PluginDescriptor.Param;

/**
 * Checks a task's {@code params:} against its plugin's {@link PluginDescriptor}: unknown names (with the nearest
 * known one as hint), missing required ones, and each value against its type. Params have no template syntax: every
 * value is checked as written ({@code "{{X}}"} is no duration).
 */
public final class ParamCheck {

    /** Longest path a PATH param may hold (Linux's PATH_MAX). */
    static final int MAX_PATH_LENGTH = 4096;

    private static final Pattern INTEGER = Pattern.compile("[-+]?\\d{1,19}");

    private final ProblemCollector problems;

    ParamCheck(ProblemCollector problems) {
        this.problems = problems;
    }

    /**
     * @param params the task's {@code params:} mapping, or null when it has none
     * @param pluginNode where the task names its plugin, for problems about params it lacks
     */
    void check(PluginDescriptor plugin, MappingNode params, Node pluginNode, String label) {
        Set<String> seen = new HashSet<>();
        List<String> known = plugin.params().stream().map(Param::name).toList();
        for (NodeTuple tuple : params == null ? List.<NodeTuple>of() : params.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                problems.error(tuple.getKeyNode(), label + ": param names must be plain names", null);
                continue;
            }
            seen.add(key.getValue());
            Optional<Param> param = plugin.param(key.getValue());
            if (param.isPresent()) {
                String problem = problem(param.get(), tuple.getValueNode());
                if (problem != null) {
                    problems.rule(tuple.getValueNode(), label + ": params." + key.getValue() + " " + problem,
                            "e.g. " + key.getValue() + ": " + param.get().example());
                }
            } else if (!plugin.additionalParams()) {
                problems.rule(key, label + ": unknown param '" + key.getValue() + "' for plugin " + plugin.name(),
                        known.isEmpty() ? plugin.name() + " takes no params"
                                : KeyCheck.nearest(key.getValue(), known).map(m -> "did you mean '" + m + "'?")
                                        .orElse(plugin.name() + " takes " + String.join(", ", known)));
            }
        }
        for (Param param : plugin.params()) {
            if (param.required() && !seen.contains(param.name())) {
                problems.rule(params == null ? pluginNode : params, label + ": plugin " + plugin.name()
                        + " needs params." + param.name() + " (" + param.description() + ")",
                        "add params: {" + param.name() + ": " + param.example() + "}");
            }
        }
    }

    /** What is wrong with the value for its type (a phrase after the param's name), or null. */
    static String problem(Param param, Node value) {
        if (YamlValues.isNull(value)) {
            return "must have a value, found nothing";
        }
        return switch (param.type()) {
            case LIST -> value instanceof SequenceNode ? null : "must be a list, found " + YamlValues.describe(value);
            case MAP -> value instanceof MappingNode ? null : "must be a mapping, found " + YamlValues.describe(value);
            default -> value instanceof ScalarNode scalar ? scalarProblem(param, scalar)
                    : "must be a single " + param.type().name().toLowerCase(java.util.Locale.ROOT) + " value, found "
                            + YamlValues.describe(value);
        };
    }

    private static String scalarProblem(Param param, ScalarNode scalar) {
        String text = scalar.getValue();
        return switch (param.type()) {
            case STRING -> param.required() && text.isBlank() ? "must not be empty" : null;
            case PATH -> pathProblem(text);
            case BOOLEAN -> Tag.BOOL.equals(scalar.getTag()) || text.equals("true") || text.equals("false") ? null
                    : "must be true or false, found '" + text + "'";
            case INTEGER -> integerProblem(param, text);
            case DURATION -> durationProblem(text);
            default -> throw new IllegalStateException("not a scalar type: " + param.type());
        };
    }

    /** Why the text is no value of the type (for defaults in plugin manifests), or null. */
    public static String textProblem(Param param, String text) {
        return switch (param.type()) {
            case LIST, MAP -> null;
            case INTEGER -> integerProblem(param, text);
            case DURATION -> durationProblem(text);
            case PATH -> pathProblem(text);
            case BOOLEAN -> text.equals("true") || text.equals("false") ? null
                    : "must be true or false, found '" + text + "'";
            case STRING -> null;
        };
    }

    private static String pathProblem(String text) {
        if (text.isBlank()) {
            return "must be a path, found nothing";
        }
        if (text.length() > MAX_PATH_LENGTH) {
            return "is " + text.length() + " characters long, more than the limit of " + MAX_PATH_LENGTH;
        }
        return StorableText.nameProblem("the path", text) == null ? null
                : "must be a path without control characters";
    }

    private static String integerProblem(Param param, String text) {
        long min = param.min() == null ? Long.MIN_VALUE : param.min();
        long max = param.max() == null ? Long.MAX_VALUE : param.max();
        String range = param.min() == null && param.max() == null ? ""
                : " between " + (param.min() == null ? "any" : min) + " and " + (param.max() == null ? "any" : max);
        if (!INTEGER.matcher(text).matches()) {
            return "must be a whole number" + range + ", found '" + text + "'";
        }
        try {
            long value = Long.parseLong(text);
            return value >= min && value <= max ? null : "must be a whole number" + range + ", found " + text;
        } catch (NumberFormatException tooLarge) {
            return "must be a whole number" + range + ", found " + text;
        }
    }

    private static String durationProblem(String text) {
        Optional<Duration> duration = Durations.parse(text);
        if (duration.isEmpty()) {
            return "must be a duration (seconds like 30, or 500ms, 5m, 2h, 1d), found '" + text + "'";
        }
        String bounds = Durations.boundsProblem("", text, duration.get(), false);
        return bounds == null ? null : bounds.strip();
    }
}
