package dev.varflow.workflow;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/**
 * The workflow's {@code defaults: execution:} block: settings (retries, timeout, ...) every task gets unless it
 * sets its own. Its values are checked like a task's; {@code depends_on} is accepted there and ignored.
 */
final class WorkflowDefaults {

    private WorkflowDefaults() {
    }

    /** Reads and checks the block; returns the default execution settings. */
    static Execution read(Node node, ProblemCollector problems) {
        MappingNode block = YamlValues.mapping(node, "workflow defaults", problems).orElse(null);
        if (block == null) {
            return Execution.NONE;
        }
        var entries = KeyCheck.entries(block, KeyCheck.DEFAULTS_KEYS, "defaults", problems);
        if (!entries.containsKey("execution")) {
            return Execution.NONE;
        }
        return YamlValues.mapping(entries.get("execution").getValueNode(), "defaults.execution", problems)
                .map(execution -> new ExecutionBlock(problems).read(execution, "defaults.execution",
                        "defaults.execution.", null))
                .orElse(Execution.NONE);
    }

    static TaskDefinition apply(Execution defaults, TaskDefinition task) {
        return task.withExecution(task.execution().withDefaults(defaults));
    }
}
