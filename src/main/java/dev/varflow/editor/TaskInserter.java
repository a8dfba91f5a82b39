package dev.varflow.editor;

import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;

import dev.varflow.spi.PluginDescriptor;

/**
 * Appends a task to the {@code tasks:} list in the list's own indentation and spacing, with the plugin's required
 * params (set to the descriptor's example) and its fixed outputs, so a dropped task starts close to valid.
 */
final class TaskInserter {

    private final YamlText yaml;
    private final Map<String, PluginDescriptor> descriptors;

    TaskInserter(YamlText yaml, Map<String, PluginDescriptor> descriptors) {
        this.yaml = yaml;
        this.descriptors = descriptors;
    }

    String add(String plugin, String requestedName) {
        String name = requestedName == null || requestedName.isBlank() ? freeName(plugin) : requestedName;
        if (yaml.task(name).isPresent()) {
            throw new EditException("Expected a new task name, but a task named '" + name + "' exists already");
        }
        NodeTuple entry = yaml.tasksEntry().orElseThrow(() -> new EditException(
                "Expected 'workflow.tasks' to add a task to, but the file has none; add 'tasks:' under 'workflow:'"));
        Node list = entry.getValueNode();
        String text = yaml.text();
        if (list instanceof SequenceNode seq && !seq.getValue().isEmpty() && !yaml.isFlow(seq)) {
            Node lastItem = seq.getValue().get(seq.getValue().size() - 1);
            int dash = dashColumn(lastItem);
            int at = yaml.nextLineStart(yaml.contentEnd(lastItem));
            String lead = at == text.length() && !text.endsWith("\n") ? "\n" : "";
            String gap = blankLineBetweenItems(seq) ? "\n" : "";
            return YamlEditor.splice(text, at, at, lead + gap + taskLines(name, plugin, dash) + "\n");
        }
        boolean empty = list instanceof SequenceNode seq ? seq.getValue().isEmpty()
                : list instanceof org.yaml.snakeyaml.nodes.ScalarNode s && s.getValue().isEmpty();
        if (!empty) {
            throw new EditException("Expected 'workflow.tasks' to be a list, but it is not; fix the YAML view first");
        }
        int dash = entry.getKeyNode().getStartMark().getColumn() + 2;
        int colon = text.indexOf(':', entry.getKeyNode().getEndMark().getIndex());
        int end = Math.max(colon + 1, yaml.contentEnd(list));
        return YamlEditor.splice(text, colon + 1, end, "\n" + taskLines(name, plugin, dash));
    }

    private String taskLines(String name, String plugin, int dash) {
        String indent = " ".repeat(dash + 2);
        StringBuilder out = new StringBuilder(" ".repeat(dash)).append("- name: ")
                .append(YamlRender.doubleQuoted(name)).append('\n').append(indent).append("plugin: ")
                .append(YamlRender.doubleQuoted(plugin));
        PluginDescriptor descriptor = descriptors.get(plugin);
        if (descriptor != null) {
            List<String> outputs = descriptor.outputs().stream().map(PluginDescriptor.Port::name)
                    .filter(port -> !PluginDescriptor.ANY.equals(port)).toList();
            if (!outputs.isEmpty()) {
                out.append('\n').append(indent).append("outputs: ").append(YamlRender.flowList(outputs));
            }
            List<PluginDescriptor.Param> required = descriptor.params().stream()
                    .filter(PluginDescriptor.Param::required).toList();
            if (!required.isEmpty()) {
                out.append('\n').append(indent).append("params:");
                required.forEach(param -> out.append('\n').append(indent).append("  ").append(param.name())
                        .append(':').append(YamlRender.value(param.example(), null, false, dash + 6)));
            }
        }
        return out.toString();
    }

    /** The plugin's name in capitals, numbered when taken: {@code cmd} gives CMD, then CMD_2. */
    private String freeName(String plugin) {
        String base = plugin.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9_]", "_");
        String name = base;
        for (int n = 2; yaml.task(name).isPresent(); n++) {
            name = base + "_" + n;
        }
        return name;
    }

    private int dashColumn(Node item) {
        int start = item.getStartMark().getIndex();
        int lineStart = yaml.lineStart(start);
        int dash = yaml.text().lastIndexOf('-', start);
        return dash >= lineStart ? dash - lineStart : Math.max(0, item.getStartMark().getColumn() - 2);
    }

    private boolean blankLineBetweenItems(SequenceNode seq) {
        if (seq.getValue().size() < 2) {
            return false;
        }
        List<Node> items = seq.getValue();
        Node previous = items.get(items.size() - 2);
        int from = yaml.contentEnd(previous);
        int to = yaml.lineStart(items.get(items.size() - 1).getStartMark().getIndex());
        return yaml.text().substring(from, Math.max(from, to)).contains("\n\n")
                || yaml.text().substring(from, Math.max(from, to)).matches("(?s).*\n[ \t]*\n.*");
    }

    /** Kept for symmetry with the other readers: the mapping of a task item. */
    static boolean isTask(Node node) {
        return node instanceof MappingNode;
    }
}
