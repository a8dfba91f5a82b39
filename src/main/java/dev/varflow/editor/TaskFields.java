package dev.varflow.editor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * A task's fields as the property panel shows them, read from the text; values that are not plain scalars (a
 * mapping under {@code params}, a retry policy mapping) are given as their YAML text.
 *
 * @param params param name to value
 */
public record TaskFields(String name, String plugin, List<String> inputs, List<String> outputs,
        Map<String, String> params, String when, String retries, String timeout, List<String> permissions,
        int line) {

    static Map<String, TaskFields> read(YamlText yaml) {
        Map<String, TaskFields> all = new LinkedHashMap<>();
        for (MappingNode task : yaml.tasks()) {
            String name = YamlText.scalar(task, "name").orElse(null);
            if (name == null || all.containsKey(name)) {
                continue;
            }
            Map<String, String> params = new LinkedHashMap<>();
            YamlText.value(task, "params").filter(MappingNode.class::isInstance).ifPresent(block -> {
                for (NodeTuple entry : ((MappingNode) block).getValue()) {
                    if (entry.getKeyNode() instanceof ScalarNode key) {
                        params.put(key.getValue(), text(yaml, entry.getValueNode()));
                    }
                }
            });
            Node execution = YamlText.value(task, "execution").orElse(null);
            all.put(name, new TaskFields(name, YamlText.scalar(task, "plugin").orElse(""),
                    YamlText.strings(task, "inputs"), YamlText.strings(task, "outputs"), params,
                    YamlText.value(task, "when").map(n -> text(yaml, n)).orElse(null),
                    execution(yaml, execution, "retries"), execution(yaml, execution, "timeout"),
                    YamlText.value(task, "permissions").map(p -> YamlText.strings(p, "required")).orElse(List.of()),
                    yaml.lineOf(task.getStartMark().getIndex())));
        }
        return all;
    }

    private static String execution(YamlText yaml, Node execution, String key) {
        return execution == null ? null : YamlText.value(execution, key).map(n -> text(yaml, n)).orElse(null);
    }

    private static String text(YamlText yaml, Node node) {
        if (node instanceof ScalarNode scalar) {
            return scalar.getValue();
        }
        return yaml.text().substring(node.getStartMark().getIndex(), yaml.contentEnd(node));
    }
}
