package dev.varflow.gate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.varflow.engine.FanOutItems;
import dev.varflow.messages.Activation;
import dev.varflow.messages.Json;
import dev.varflow.workflow.TaskDefinition;
import dev.varflow.workflow.Workflow;

/** Builds the activation records of tasks and of fan-out items from a run's snapshot. */
final class Activations {

    private Activations() {
    }

    /** The activation of a claimed task or item ({@code task#i}); empty when the name fits neither. */
    static Optional<Activation> of(RunSnapshot run, Workflow workflow, String name, int attempt, int maxWidth) {
        return of(run, workflow, name, attempt, maxWidth, System.currentTimeMillis());
    }

    /** {@link #of(RunSnapshot, Workflow, String, int, int)} activated at {@code now} (epoch milliseconds). */
    static Optional<Activation> of(RunSnapshot run, Workflow workflow, String name, int attempt, int maxWidth,
            long now) {
        int index = FanOutItems.indexOf(name);
        Optional<TaskDefinition> task = workflow.task(FanOutItems.parentOf(name));
        if (index < 0 || task.isEmpty() || !FanOutItems.isFanOut(task.get())) {
            return workflow.task(name).map(t -> of(run, t, attempt, now));
        }
        List<JsonNode> items = FanOutItems.resolve(task.get(), run.variables(), maxWidth).items();
        return index < items.size() ? Optional.of(item(run, task.get(), index, items.get(index), attempt, now))
                : Optional.empty();
    }

    /** The activation of one item of a fan-out task. */
    static Activation item(RunSnapshot run, TaskDefinition task, int index, JsonNode item, int attempt) {
        return item(run, task, index, item, attempt, System.currentTimeMillis());
    }

    private static Activation item(RunSnapshot run, TaskDefinition task, int index, JsonNode item, int attempt,
            long now) {
        Activation base = of(run, task, attempt, now);
        return new Activation(base.runId(), FanOutItems.itemTask(task.name(), index), base.plugin(), base.params(),
                FanOutItems.inputs(base.inputs(), item, index), base.outputs(), base.permissions(),
                base.permissionError(), base.requiredPermissions(), base.requiresAuth(), base.activatedAt(),
                base.attempt(), base.timeoutMillis(), base.runAttempt());
    }

    /** The activation of a task, carrying the values of its inputs. */
    static Activation of(RunSnapshot run, TaskDefinition task, int attempt) {
        return of(run, task, attempt, System.currentTimeMillis());
    }

    /** {@link #of(RunSnapshot, TaskDefinition, int)} activated at {@code now} (epoch milliseconds). */
    static Activation of(RunSnapshot run, TaskDefinition task, int attempt, long now) {
        Map<String, String> inputs = new HashMap<>();
        for (String input : task.inputs()) {
            String value = run.variables().get(input);
            if (value != null) {
                inputs.put(input, value);
            }
        }
        Set<String> permissions = run.permissions() == null ? null : Set.of(Json.read(
                run.permissions().getBytes(StandardCharsets.UTF_8), String[].class));
        Long timeoutMillis = task.execution().timeout().map(Duration::toMillis).orElse(null);
        return new Activation(run.runId(), task.name(), task.plugin(), task.params(), inputs, task.outputs(),
                permissions, run.permissionError(), task.requiredPermissions(), task.requiresAuth(),
                now, attempt, timeoutMillis, run.runAttempt());
    }
}
