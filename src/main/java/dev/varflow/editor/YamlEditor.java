package dev.varflow.editor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import dev.varflow.spi.PluginDescriptor;

/**
 * Applies {@link EditIntent}s to a workflow's YAML text with the smallest text change that does it: only the lines
 * of the key concerned change; comments, blank lines, quoting and ordering elsewhere stay as they were.
 */
public final class YamlEditor {

    private final Map<String, PluginDescriptor> descriptors;

    public YamlEditor(Map<String, PluginDescriptor> descriptors) {
        this.descriptors = Map.copyOf(descriptors);
    }

    /** The text with the edit applied. */
    public String apply(String text, EditIntent edit) {
        if (edit == null || edit.kind() == null) {
            throw new EditException("Expected an edit with a kind (" + List.of(EditIntent.Kind.values())
                    + "), but there was none");
        }
        YamlText yaml = YamlText.parse(text).orElseThrow(() -> new EditException(
                "Expected YAML text to edit, but it does not parse; fix the YAML view first"));
        return switch (edit.kind()) {
            case SET -> set(yaml, required(edit.task(), "task"), edit.path(), edit.value());
            case ADD_TASK -> new TaskInserter(yaml, descriptors).add(required(edit.plugin(), "plugin"), edit.name());
            case LINK -> link(yaml, required(edit.from(), "from"), required(edit.to(), "to"),
                    required(edit.variable(), "variable"));
            case RENAME -> rename(yaml, required(edit.task(), "task"), required(edit.name(), "name"));
            case DELETE -> delete(yaml, required(edit.task(), "task"));
        };
    }

    private static String required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new EditException("Expected field '" + field + "' in the edit, but it is missing");
        }
        return value;
    }

    private static MappingNode task(YamlText yaml, String name) {
        return yaml.task(name).orElseThrow(() -> new EditException(
                "Expected a task named '" + name + "', but the workflow has none"));
    }

    static String set(YamlText yaml, String taskName, List<String> path, Object value) {
        if (path.isEmpty()) {
            throw new EditException("Expected field 'path' (e.g. [\"params\", \"command\"]), but it is empty");
        }
        if (value != null && !(value instanceof String || value instanceof List<?> || value instanceof Number
                || value instanceof Boolean)) {
            throw new EditException("Expected 'value' to be a string, a number, a boolean or a list, but it is "
                    + value.getClass().getSimpleName());
        }
        List<MappingNode> parents = new ArrayList<>();
        Node container = task(yaml, taskName);
        for (int i = 0; i < path.size(); i++) {
            MappingNode mapping = (MappingNode) container;
            Optional<NodeTuple> entry = YamlText.entry(mapping, path.get(i));
            boolean last = i == path.size() - 1;
            if (entry.isEmpty()) {
                return value == null ? yaml.text() : insert(yaml, mapping, path.subList(i, path.size()), value);
            }
            if (last) {
                return value == null ? remove(yaml, parents, mapping, entry.get()) : replace(yaml, entry.get(), value);
            }
            Node next = entry.get().getValueNode();
            if (next instanceof ScalarNode scalar && scalar.getValue().isEmpty()) {
                return value == null ? yaml.text()
                        : replace(yaml, entry.get(), nested(path.subList(i + 1, path.size()), value));
            }
            if (!(next instanceof MappingNode) || yaml.isFlow(next)) {
                throw new EditException("Expected '" + String.join(".", path.subList(0, i + 1)) + "' of task '"
                        + taskName + "' to be a block mapping, but it is not; edit it in the YAML view");
            }
            parents.add(mapping);
            container = next;
        }
        return yaml.text();
    }

    /** A value for keys that do not exist yet: {@code [a, b] = v} becomes {@code {a: {b: v}}}. */
    private static Object nested(List<String> keys, Object value) {
        Object result = value;
        for (int i = keys.size() - 1; i >= 0; i--) {
            result = Map.of(keys.get(i), result);
        }
        return result;
    }

    private static String replace(YamlText yaml, NodeTuple entry, Object value) {
        Node key = entry.getKeyNode();
        Node old = entry.getValueNode();
        int indent = key.getStartMark().getColumn() + 2;
        int end = yaml.contentEnd(old);
        boolean emptyScalar = old instanceof ScalarNode s && s.getValue().isEmpty()
                && old.getStartMark().getIndex() == old.getEndMark().getIndex();
        boolean sameLine = !emptyScalar && yaml.lineOf(old.getStartMark().getIndex())
                == yaml.lineOf(key.getStartMark().getIndex());
        String rendered = value instanceof Map<?, ?> map ? mappingLines(map, indent)
                : YamlRender.value(value, old, yaml.isFlow(old), indent);
        if (sameLine && !(value instanceof Map)) {
            return splice(yaml.text(), old.getStartMark().getIndex(), end, rendered.substring(1));
        }
        int colon = yaml.text().indexOf(':', key.getEndMark().getIndex());
        return splice(yaml.text(), colon + 1, Math.max(end, colon + 1), rendered);
    }

    private static String insert(YamlText yaml, MappingNode mapping, List<String> keys, Object value) {
        if (yaml.isFlow(mapping) || mapping.getValue().isEmpty()) {
            throw new EditException("Expected a block mapping to add '" + keys.get(0)
                    + "' to, but it is written in flow style; edit it in the YAML view");
        }
        int indent = mapping.getValue().get(0).getKeyNode().getStartMark().getColumn();
        int at = yaml.nextLineStart(yaml.contentEnd(mapping));
        String lead = at == yaml.text().length() && !yaml.text().endsWith("\n") ? "\n" : "";
        Map<?, ?> entry = (Map<?, ?>) nested(keys, value);
        return splice(yaml.text(), at, at, lead + mappingLines(entry, indent).substring(1) + "\n");
    }

    /** Block mapping lines, each starting with a line break, for a value built by {@link #nested}. */
    private static String mappingLines(Map<?, ?> map, int indent) {
        StringBuilder out = new StringBuilder();
        map.forEach((k, v) -> {
            out.append('\n').append(" ".repeat(indent)).append(k).append(':');
            out.append(v instanceof Map<?, ?> inner ? mappingLines(inner, indent + 2)
                    : YamlRender.value(v, null, false, indent + 2));
        });
        return out.toString();
    }

    private static String remove(YamlText yaml, List<MappingNode> parents, MappingNode mapping, NodeTuple entry) {
        if (mapping.getValue().size() == 1 && !parents.isEmpty()) {
            MappingNode parent = parents.get(parents.size() - 1);
            NodeTuple holder = parent.getValue().stream().filter(t -> t.getValueNode() == mapping).findFirst()
                    .orElseThrow();
            return remove(yaml, parents.subList(0, parents.size() - 1), parent, holder);
        }
        int keyStart = entry.getKeyNode().getStartMark().getIndex();
        int lineStart = yaml.lineStart(keyStart);
        if (!yaml.text().substring(lineStart, keyStart).isBlank()) {
            throw new EditException("Expected '" + ((ScalarNode) entry.getKeyNode()).getValue()
                    + "' on a line of its own, but it shares its line; edit it in the YAML view");
        }
        int end = yaml.nextLineStart(yaml.contentEnd(entry.getValueNode()));
        return splice(yaml.text(), lineStart, end, "");
    }

    private static String link(YamlText yaml, String from, String to, String variable) {
        if (from.equals(to)) {
            throw new EditException("Expected a link between two tasks, but both ends are '" + from + "'");
        }
        MappingNode producer = task(yaml, from);
        task(yaml, to);
        String text = yaml.text();
        List<String> outputs = YamlText.strings(producer, "outputs");
        if (!outputs.contains(variable) && !outputs.contains("*")) {
            text = set(yaml, from, List.of("outputs"), append(outputs, variable));
        }
        YamlText after = YamlText.parse(text).orElseThrow();
        List<String> inputs = YamlText.strings(task(after, to), "inputs");
        return inputs.contains(variable) ? text : set(after, to, List.of("inputs"), append(inputs, variable));
    }

    private static List<String> append(List<String> list, String item) {
        List<String> result = new ArrayList<>(list);
        result.add(item);
        return result;
    }

    private static String rename(YamlText yaml, String from, String to) {
        if (yaml.task(to).isPresent()) {
            throw new EditException("Expected a new task name, but a task named '" + to + "' exists already");
        }
        List<Node> scalars = new ArrayList<>();
        YamlText.value(task(yaml, from), "name").ifPresent(scalars::add);
        for (MappingNode task : yaml.tasks()) {
            YamlText.value(task, "execution").flatMap(execution -> YamlText.value(execution, "depends_on"))
                    .filter(SequenceNode.class::isInstance)
                    .ifPresent(list -> ((SequenceNode) list).getValue().stream()
                            .filter(n -> n instanceof ScalarNode s && s.getValue().equals(from)).forEach(scalars::add));
        }
        String text = yaml.text();
        scalars.sort(Comparator.comparingInt((Node n) -> n.getStartMark().getIndex()).reversed());
        for (Node scalar : scalars) {
            text = splice(text, scalar.getStartMark().getIndex(), scalar.getEndMark().getIndex(),
                    YamlRender.value(to, scalar, false, 0).substring(1));
        }
        return text;
    }

    private static String delete(YamlText yaml, String name) {
        MappingNode task = task(yaml, name);
        String text = yaml.text();
        int start = yaml.lineStart(task.getStartMark().getIndex());
        int end = yaml.nextLineStart(yaml.contentEnd(task));
        boolean blankBefore = start > 1 && text.charAt(start - 1) == '\n' && text.charAt(start - 2) == '\n';
        boolean first = yaml.tasks().get(0) == task;
        if (blankBefore) {
            start--;
        } else if (first && end < text.length() && text.charAt(end) == '\n') {
            end++;
        }
        return splice(text, start, end, "");
    }

    static String splice(String text, int start, int end, String replacement) {
        return text.substring(0, start) + replacement + text.substring(end);
    }
}
