package dev.varflow.workflow;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Typed reads of composed YAML nodes that report a located problem instead of throwing. */
final class YamlValues {

    static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private YamlValues() {
    }

    /**
     * The node as plain Java: scalars keep their source text as a string (so {@code 4} becomes {@code "4"}),
     * sequences become ArrayLists and mappings LinkedHashMaps, recursively.
     */
    static Object plain(Node node) {
        if (node instanceof ScalarNode scalar) {
            return scalar.getValue();
        }
        if (node instanceof SequenceNode sequence) {
            List<Object> list = new ArrayList<>();
            sequence.getValue().forEach(item -> list.add(plain(item)));
            return list;
        }
        Map<String, Object> map = new LinkedHashMap<>();
        for (NodeTuple tuple : ((MappingNode) node).getValue()) {
            map.put(String.valueOf(plain(tuple.getKeyNode())), plain(tuple.getValueNode()));
        }
        return map;
    }

    static boolean isNull(Node node) {
        return node instanceof ScalarNode && Tag.NULL.equals(node.getTag());
    }

    /** A non-empty scalar, or empty after reporting {@code what must be a string}. */
    static Optional<String> string(Node node, String what, ProblemCollector problems) {
        if (node instanceof ScalarNode scalar && !isNull(scalar) && !scalar.getValue().isBlank()) {
            return Optional.of(scalar.getValue());
        }
        String actual = isNull(node) || node instanceof ScalarNode ? "empty" : describe(node);
        problems.error(node, what + " must be a non-empty string, found " + actual, null);
        return Optional.empty();
    }

    static Optional<Boolean> bool(Node node, String what, ProblemCollector problems) {
        if (node instanceof ScalarNode scalar && Tag.BOOL.equals(scalar.getTag())) {
            return Optional.of(Boolean.valueOf(scalar.getValue().toLowerCase(java.util.Locale.ROOT)));
        }
        problems.error(node, what + " must be true or false, found " + describe(node), "write it unquoted");
        return Optional.empty();
    }

    /** A whole number from {@code min} to {@code max}, or empty after reporting. */
    static Optional<Integer> intBetween(Node node, String what, int min, int max, ProblemCollector problems) {
        if (node instanceof ScalarNode scalar && Tag.INT.equals(scalar.getTag())) {
            try {
                int value = Integer.parseInt(scalar.getValue());
                if (value >= min && value <= max) {
                    return Optional.of(value);
                }
                if (value > max) {
                    // Raised bounds only warn on stored versions, which may predate them.
                    problems.rule(node, what + " must be a whole number from " + min + " to " + max + ", found "
                            + describe(node), null);
                    return Optional.of(value);
                }
                problems.error(node, what + " must be a whole number from " + min + " to " + max + ", found "
                        + describe(node), null);
                return Optional.empty();
            } catch (NumberFormatException tooLargeOrOddRadix) {
                // Falls through to the common error below.
            }
        }
        problems.error(node, what + " must be a whole number from " + min + " to " + max + ", found "
                + describe(node), null);
        return Optional.empty();
    }

    static Optional<Double> number(Node node, String what, double min, double max, ProblemCollector problems) {
        if (node instanceof ScalarNode scalar
                && (Tag.INT.equals(scalar.getTag()) || Tag.FLOAT.equals(scalar.getTag()))) {
            try {
                double value = Double.parseDouble(scalar.getValue());
                if (value >= min && value <= max) {
                    return Optional.of(value);
                }
            } catch (NumberFormatException notDecimal) {
                // Falls through to the common error below.
            }
        }
        problems.error(node, what + " must be a number between " + format(min) + " and " + format(max)
                + ", found " + describe(node), null);
        return Optional.empty();
    }

    /** A duration from 1ms to {@link Durations#MAX}, or empty after reporting. */
    static Optional<Duration> duration(Node node, String what, ProblemCollector problems) {
        return duration(node, what, false, problems);
    }

    /** A duration up to {@link Durations#MAX}; zero only when {@code zeroAllowed}. */
    static Optional<Duration> duration(Node node, String what, boolean zeroAllowed, ProblemCollector problems) {
        Optional<Duration> duration = node instanceof ScalarNode scalar ? Durations.parse(scalar.getValue())
                : Optional.empty();
        if (duration.isEmpty()) {
            problems.error(node, what + " must be a duration, found " + describe(node),
                    "use seconds (300) or a number with a unit: 500ms, 30s, 5m, 2h, 1d");
            return duration;
        }
        String bounds = Durations.boundsProblem(what, ((ScalarNode) node).getValue(), duration.get(),
                zeroAllowed);
        if (bounds != null) {
            problems.rule(node, bounds, "durations are at most 365d" + (zeroAllowed ? "" : " and at least 1ms"));
        }
        return duration;
    }

    /** Scalars of a sequence, or empty after reporting; non-scalar entries are reported one by one. */
    static Optional<List<ScalarNode>> stringList(Node node, String what, ProblemCollector problems) {
        if (!(node instanceof SequenceNode sequence)) {
            String hint = node instanceof ScalarNode scalar && !isNull(scalar)
                    ? "write it as a list: [\"" + scalar.getValue() + "\"]" : null;
            problems.error(node, what + " must be a list of strings, found " + describe(node), hint);
            return Optional.empty();
        }
        List<ScalarNode> items = new ArrayList<>();
        for (Node item : sequence.getValue()) {
            if (item instanceof ScalarNode scalar && !isNull(scalar)) {
                items.add(scalar);
            } else {
                problems.error(item, "entries of " + what + " must be strings, found " + describe(item), null);
            }
        }
        return Optional.of(items);
    }

    static Optional<MappingNode> mapping(Node node, String what, ProblemCollector problems) {
        if (node instanceof MappingNode mapping) {
            return Optional.of(mapping);
        }
        problems.error(node, what + " must be a mapping, found " + describe(node), null);
        return Optional.empty();
    }

    static String describe(Node node) {
        if (node instanceof SequenceNode) {
            return "a list";
        }
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (isNull(node)) {
            return "nothing";
        }
        return "'" + ((ScalarNode) node).getValue() + "'";
    }

    private static String format(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
