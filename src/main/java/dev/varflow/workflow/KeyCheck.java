package dev.varflow.workflow;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** Checks the keys of a mapping against the ones a block accepts, with typo suggestions. */
final class KeyCheck {

    static final List<String> ROOT_KEYS = WorkflowKeys.names(WorkflowKeys.ROOT);
    static final List<String> WORKFLOW_KEYS = WorkflowKeys.names(WorkflowKeys.WORKFLOW);
    static final List<String> TASK_KEYS = WorkflowKeys.names(WorkflowKeys.TASK);
    static final List<String> EXECUTION_KEYS = WorkflowKeys.names(WorkflowKeys.EXECUTION);
    static final List<String> RETRY_KEYS = WorkflowKeys.names(WorkflowKeys.RETRY);
    static final List<String> PERMISSION_KEYS = WorkflowKeys.names(WorkflowKeys.PERMISSIONS);
    static final List<String> SCHEDULE_KEYS = WorkflowKeys.names(WorkflowKeys.SCHEDULE);
    static final List<String> DEFAULTS_KEYS = WorkflowKeys.names(WorkflowKeys.DEFAULTS);

    private static final int MAX_SUGGESTION_DISTANCE = 3;

    private KeyCheck() {
    }

    /**
     * The accepted entries of a mapping by key, in file order. Unknown, duplicate and non-string keys are reported
     * and left out, so callers only see what they can interpret.
     */
    static Map<String, NodeTuple> entries(MappingNode mapping, List<String> allowed, String block,
            ProblemCollector problems) {
        Map<String, NodeTuple> entries = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (!(keyNode instanceof ScalarNode scalar)) {
                problems.error(keyNode, "keys in " + block + " must be plain names", null);
                continue;
            }
            String key = scalar.getValue();
            if (!allowed.contains(key)) {
                problems.error(keyNode, "unknown key '" + key + "' in " + block, hint(key, allowed));
            } else if (entries.containsKey(key)) {
                int firstLine = problems.at(entries.get(key).getKeyNode()).line();
                problems.error(keyNode, "duplicate key '" + key + "' in " + block + " (first set on line "
                        + firstLine + ")", "remove one of them");
            } else {
                entries.put(key, tuple);
            }
        }
        return entries;
    }

    private static String hint(String key, List<String> allowed) {
        return nearest(key, allowed)
                .map(match -> "did you mean '" + match + "'?")
                .orElse("valid keys are " + String.join(", ", allowed));
    }

    /** The closest candidate within a small edit distance; ties go to the earlier candidate. */
    static Optional<String> nearest(String word, List<String> candidates) {
        String best = null;
        int bestDistance = MAX_SUGGESTION_DISTANCE + 1;
        for (String candidate : candidates) {
            int distance = levenshtein(word.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return Optional.ofNullable(best);
    }

    static int levenshtein(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
