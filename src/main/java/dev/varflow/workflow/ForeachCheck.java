package dev.varflow.workflow;

import java.util.Map;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Checks {@code foreach:}: the name of a variable the task lists in its inputs (it holds a JSON array at run time),
 * or a literal list of scalars or of parameter sets (mappings).
 */
final class ForeachCheck {

    private ForeachCheck() {
    }

    static boolean valid(Node node, String label, Map<String, NodeTuple> entries, int maxWidth,
            ProblemCollector problems) {
        if (node instanceof ScalarNode scalar && !YamlValues.isNull(scalar)) {
            String name = scalar.getValue();
            if (!YamlValues.VARIABLE_NAME.matcher(name).matches()) {
                problems.error(node, label + ": foreach must name a variable or be a list, found '" + name + "'",
                        "foreach: FILES (a variable holding a JSON array) or foreach: [{n: 1}, {n: 2}]");
                return false;
            }
            if (!listsInput(entries, name)) {
                problems.error(node, label + ": foreach variable " + name + " is not among the task's inputs",
                        "add " + name + " to inputs, so the task waits for the list");
                return false;
            }
            return true;
        }
        if (node instanceof SequenceNode sequence) {
            boolean valid = true;
            if (sequence.getValue().size() > maxWidth) {
                problems.rule(node, label + ": foreach lists " + sequence.getValue().size() + " items, above the "
                        + "fan-out width limit of " + maxWidth + " (varflow.max-fanout-width)",
                        "split the list over several tasks, or have a task emit it as a variable");
                valid = false;
            }
            for (Node item : sequence.getValue()) {
                if (!(item instanceof ScalarNode) && !(item instanceof MappingNode)) {
                    problems.error(item, label + ": foreach items must be values or parameter sets (mappings), found "
                            + YamlValues.describe(item), null);
                    valid = false;
                } else if (item instanceof MappingNode mapping) {
                    valid &= keysAllowed(mapping, label, problems);
                }
            }
            return valid;
        }
        problems.error(node, label + ": foreach must name a variable or be a list, found " + YamlValues.describe(node),
                "foreach: FILES (a variable holding a JSON array) or foreach: [{n: 1}, {n: 2}]");
        return false;
    }

    /** Keys of a parameter set become the item's environment, so they obey the variable name rule. */
    private static boolean keysAllowed(MappingNode mapping, String label, ProblemCollector problems) {
        boolean valid = true;
        for (NodeTuple tuple : mapping.getValue()) {
            if (tuple.getKeyNode() instanceof ScalarNode key && VariableNames.isValidSyntax(key.getValue())) {
                String problem = VariableNames.problem(key.getValue());
                if (problem != null) {
                    problems.error(key, label + ": foreach item key: " + problem, "rename the key");
                    valid = false;
                }
            }
        }
        return valid;
    }

    private static boolean listsInput(Map<String, NodeTuple> entries, String name) {
        NodeTuple inputs = entries.get("inputs");
        return inputs != null && inputs.getValueNode() instanceof SequenceNode sequence && sequence.getValue().stream()
                .anyMatch(item -> item instanceof ScalarNode scalar && name.equals(scalar.getValue()));
    }
}
