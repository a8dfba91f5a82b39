package dev.varflow.engine;

import dev.varflow.workflow.Execution;
import dev.varflow.workflow.SourceLocation;
import dev.varflow.workflow.TaskDefinition;
import dev.varflow.workflow.Workflow;
import java.util.List;
import java.util.Map;

/** Builds workflows in code so engine tests do not depend on the YAML loader. */
final class Workflows {

    private Workflows() {
    }

    static Workflow workflow(TaskDefinition... tasks) {
        return new Workflow("test", Map.of(), List.of(tasks), "");
    }

    static TaskDefinition task(String name, String plugin, List<String> inputs, List<String> outputs) {
        return new TaskDefinition(name, plugin, inputs, outputs, Map.of(), Execution.NONE, List.of(), false,
                SourceLocation.UNKNOWN);
    }

    static TaskDefinition task(String name, List<String> inputs, List<String> outputs) {
        return task(name, "cmd", inputs, outputs);
    }

    static TaskDefinition after(String name, List<String> dependsOn) {
        return new TaskDefinition(name, "cmd", List.of(), List.of(), Map.of(),
                Execution.NONE.withDependsOn(dependsOn), List.of(), false, SourceLocation.UNKNOWN);
    }
}
