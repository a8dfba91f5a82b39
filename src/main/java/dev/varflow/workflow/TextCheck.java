package dev.varflow.workflow;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Rejects every scalar of the file (keys included) that cannot be stored: a double-quoted {@code "\0"} or a lone
 * surrogate escape parses fine, but the text would stop the gate's partition once it reached the state store.
 */
final class TextCheck {

    private TextCheck() {
    }

    /** Reports each unstorable scalar at its line; runs after {@link AliasCheck}, so the tree is finite. */
    static void check(Node root, ProblemCollector problems) {
        Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Node> pending = new ArrayDeque<>();
        pending.push(root);
        while (!pending.isEmpty()) {
            Node node = pending.pop();
            if (!seen.add(node)) {
                continue;
            }
            if (node instanceof ScalarNode scalar) {
                String problem = StorableText.problem("this value", scalar.getValue());
                if (problem != null) {
                    problems.error(node, problem, "remove the character; escapes like \\0 are not allowed either");
                }
            } else if (node instanceof SequenceNode sequence) {
                sequence.getValue().forEach(pending::push);
            } else if (node instanceof MappingNode mapping) {
                for (NodeTuple tuple : mapping.getValue()) {
                    pending.push(tuple.getKeyNode());
                    pending.push(tuple.getValueNode());
                }
            }
        }
    }
}
