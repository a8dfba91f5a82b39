package dev.varflow.engine;

import java.time.Duration;
import java.util.Optional;

import dev.varflow.workflow.TaskDefinition;
import dev.varflow.workflow.Workflow;

/**
 * A run's deadline: the smallest {@code execution.deadline} of its tasks (set for all of them with
 * {@code defaults: execution: deadline:}), counted from the run's start.
 */
public final class RunDeadline {

    private RunDeadline() {
    }

    public static Optional<Duration> of(Workflow workflow) {
        return workflow.tasks().stream().map(TaskDefinition::execution).flatMap(e -> e.deadline().stream())
                .min(Duration::compareTo);
    }
}
