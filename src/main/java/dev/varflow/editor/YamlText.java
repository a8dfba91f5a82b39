package dev.varflow.editor;

import java.io.StringReader;
import java.util.List;
import java.util.Optional;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A workflow file as text plus the YAML node tree composed from it, with the positions edits need. Reading is
 * lenient (a file the loader rejects still has tasks to draw); the loader stays the only validator.
 */
final class YamlText {

    /** The loader's limits (docs/workflow-format.md), so composing here cannot cost more than loading does. */
    private static final int MAX_DEPTH = 64;
    private static final int MAX_CHARACTERS = 4 * 1024 * 1024;
    private static final int MAX_ALIASES = 1000;

    private final String text;
    private final Node root;

    private YamlText(String text, Node root) {
        this.text = text;
        this.root = root;
    }

    /** The text composed; empty when it is not YAML (the loader's problems then say why). */
    static Optional<YamlText> parse(String text) {
        LoaderOptions options = new LoaderOptions();
        options.setNestingDepthLimit(MAX_DEPTH);
        options.setCodePointLimit(MAX_CHARACTERS);
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setAllowRecursiveKeys(false);
        try {
            Node root = new Yaml(options).compose(new StringReader(text));
            return root == null ? Optional.empty() : Optional.of(new YamlText(text, root));
        } catch (YAMLException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    String text() {
        return text;
    }

    /** The {@code workflow:} mapping. */
    Optional<MappingNode> workflow() {
        return value(root, "workflow").filter(MappingNode.class::isInstance).map(MappingNode.class::cast);
    }

    /** The {@code workflow.tasks} entry (key and value), when present. */
    Optional<NodeTuple> tasksEntry() {
        return workflow().flatMap(block -> entry(block, "tasks"));
    }

    /** The task mappings, in file order (entries that are not mappings are skipped). */
    List<MappingNode> tasks() {
        return tasksEntry().map(NodeTuple::getValueNode).filter(SequenceNode.class::isInstance)
                .map(node -> ((SequenceNode) node).getValue().stream().filter(MappingNode.class::isInstance)
                        .map(MappingNode.class::cast).toList())
                .orElse(List.of());
    }

    /** The task of that name. */
    Optional<MappingNode> task(String name) {
        return tasks().stream().filter(task -> scalar(task, "name").filter(name::equals).isPresent()).findFirst();
    }

    static Optional<NodeTuple> entry(Node mapping, String key) {
        if (!(mapping instanceof MappingNode map)) {
            return Optional.empty();
        }
        return map.getValue().stream()
                .filter(t -> t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)).findFirst();
    }

    static Optional<Node> value(Node mapping, String key) {
        return entry(mapping, key).map(NodeTuple::getValueNode);
    }

    static Optional<String> scalar(Node mapping, String key) {
        return value(mapping, key).filter(ScalarNode.class::isInstance).map(n -> ((ScalarNode) n).getValue());
    }

    /** A list of strings (flow or block), or a single scalar as a one-item list. */
    static List<String> strings(Node mapping, String key) {
        return value(mapping, key).map(node -> {
            if (node instanceof SequenceNode seq) {
                return seq.getValue().stream().filter(ScalarNode.class::isInstance)
                        .map(n -> ((ScalarNode) n).getValue()).toList();
            }
            if (node instanceof ScalarNode s && !s.getValue().isEmpty() && !"null".equals(s.getValue())) {
                return List.of(s.getValue());
            }
            return List.<String>of();
        }).orElse(List.of());
    }

    /**
     * Where a node's content ends: its end mark, except that block collections and block scalars are cut back to
     * their last content character, so blank lines and comments after them (which belong to what follows) stay put.
     */
    int contentEnd(Node node) {
        if (node instanceof MappingNode map && !map.getValue().isEmpty() && !isFlow(node)) {
            return contentEnd(map.getValue().get(map.getValue().size() - 1).getValueNode());
        }
        if (node instanceof SequenceNode seq && !seq.getValue().isEmpty() && !isFlow(node)) {
            return contentEnd(seq.getValue().get(seq.getValue().size() - 1));
        }
        int end = node.getEndMark().getIndex();
        int start = node.getStartMark().getIndex();
        while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        return end;
    }

    boolean isFlow(Node node) {
        int start = node.getStartMark().getIndex();
        return start < text.length() && (text.charAt(start) == '[' || text.charAt(start) == '{');
    }

    /** Index just after the line break ending the line that holds {@code index} (or the text's end). */
    int nextLineStart(int index) {
        int newline = text.indexOf('\n', index);
        return newline < 0 ? text.length() : newline + 1;
    }

    /** Index of the first character of the line that holds {@code index}. */
    int lineStart(int index) {
        return text.lastIndexOf('\n', Math.max(0, index - 1)) + 1;
    }

    /** 1-based line of a character index. */
    int lineOf(int index) {
        int line = 1;
        for (int i = 0; i < Math.min(index, text.length()); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
