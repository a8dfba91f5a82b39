package dev.varflow.workflow;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed workflow: immutable, so it can be cached by version and shared between threads.
 *
 * @param env the {@code env:} block after {@code {{ENV:NAME}}} substitution; seeds every run's variables
 * @param tasks tasks in file order
 * @param source the YAML text it was parsed from (stored as the workflow version)
 */
public record Workflow(String name, Map<String, String> env, List<TaskDefinition> tasks, String source) {

    public Workflow {
        env = Map.copyOf(env);
        tasks = List.copyOf(tasks);
    }

    public Optional<TaskDefinition> task(String taskName) {
        return tasks.stream().filter(t -> t.name().equals(taskName)).findFirst();
    }
}
