package dev.varflow.workflow;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Rejects node trees that aliases make recursive or huge. The composer shares aliased nodes, so a tree can loop
 * back on itself or expand exponentially once converted to plain maps and lists.
 */
final class AliasCheck {

    /** Far beyond any real workflow, small enough to convert without trouble. */
    static final long MAX_EXPANDED_NODES = 200_000;

    private final Map<Node, Long> sizes = new IdentityHashMap<>();
    private final Set<Node> path = Collections.newSetFromMap(new IdentityHashMap<>());
    private final ProblemCollector problems;

    private AliasCheck(ProblemCollector problems) {
        this.problems = problems;
    }

    /** Whether the tree is safe to walk; reports a problem when it is not. */
    static boolean check(Node root, ProblemCollector problems) {
        AliasCheck check = new AliasCheck(problems);
        long size = check.size(root);
        if (size < 0) {
            return false;
        }
        if (size > MAX_EXPANDED_NODES) {
            problems.error(root, "YAML aliases expand this file to more than " + MAX_EXPANDED_NODES + " values",
                    "use fewer nested aliases");
            return false;
        }
        return true;
    }

    /** Expanded node count (saturating), or -1 once a recursive alias has been reported. */
    private long size(Node node) {
        Long known = sizes.get(node);
        if (known != null) {
            return known;
        }
        if (!path.add(node)) {
            problems.error(node, "YAML alias refers to a node that contains it", "aliases must not be recursive");
            return -1;
        }
        long total = 1;
        for (Node child : children(node)) {
            long childSize = size(child);
            if (childSize < 0) {
                return -1;
            }
            total = Math.min(total + childSize, MAX_EXPANDED_NODES + 1);
        }
        path.remove(node);
        sizes.put(node, total);
        return total;
    }

    private static List<Node> children(Node node) {
        if (node instanceof SequenceNode sequence) {
            return sequence.getValue();
        }
        if (node instanceof MappingNode mapping) {
            return mapping.getValue().stream()
                    .flatMap(tuple -> Stream.of(tuple.getKeyNode(), tuple.getValueNode()))
                    .toList();
        }
        return List.of();
    }
}
