package dev.varflow.workflow;

import java.io.StringReader;
import java.util.Optional;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * A workflow's {@code workdir:}: the directory {@code varflow run FILE} runs its tasks in, relative to the file's
 * directory. Server runs ignore it: each run gets its own directory under {@code varflow.work-dir} on the worker.
 */
public final class WorkDirSetting {

    private WorkDirSetting() {
    }

    /** Checks the value: one line of text naming a directory. */
    static void read(Node node, ProblemCollector problems) {
        YamlValues.string(node, "workflow workdir", problems).ifPresent(dir -> {
            String problem = StorableText.problem("workflow workdir", dir);
            if (problem != null || dir.contains("\n")) {
                problems.error(node, problem != null ? problem : "workflow workdir must be one line",
                        "name a directory, relative to the workflow file's directory or absolute");
            }
        });
    }

    /** The {@code workdir:} of a valid workflow source, if it has one. */
    public static Optional<String> of(String source) {
        Node root = new Yaml(new LoaderOptions()).compose(new StringReader(source));
        if (root instanceof MappingNode top && child(top, "workflow") instanceof MappingNode workflow
                && child(workflow, "workdir") instanceof ScalarNode dir && !dir.getValue().isBlank()) {
            return Optional.of(dir.getValue());
        }
        return Optional.empty();
    }

    private static Node child(MappingNode mapping, String key) {
        for (NodeTuple tuple : mapping.getValue()) {
            if (tuple.getKeyNode() instanceof ScalarNode scalar && key.equals(scalar.getValue())) {
                return tuple.getValueNode();
            }
        }
        return null;
    }
}
