package dev.varflow.engine;

import static dev.varflow.engine.Workflows.after;
import static dev.varflow.engine.Workflows.task;
import static dev.varflow.engine.Workflows.workflow;
import static org.assertj.core.api.Assertions.assertThat;

import dev.varflow.workflow.TaskDefinition;
import dev.varflow.workflow.Workflow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FiringRuleTest {

    @Test
    void shouldFireTaskWithoutInputsAtRunStart() {
        // given
        Workflow wf = workflow(task("start", "start", List.of(), List.of("TRUE")), task("next", List.of("TRUE"),
                List.of()));

        // when
        List<TaskDefinition> ready = FiringRule.readyTasks(wf, Set.of(), Map.of());

        // then
        assertThat(ready).extracting(TaskDefinition::name).containsExactly("start");
    }

    @Test
    void shouldFireEveryConsumerOfSplit() {
        // given
        Workflow wf = workflow(task("P", List.of(), List.of("X")), task("C1", List.of("X"), List.of()),
                task("C2", List.of("X"), List.of()), task("C3", List.of("X"), List.of()));

        // when
        List<TaskDefinition> ready = FiringRule.readyTasks(wf, Set.of("X"), Map.of("P", TaskState.SUCCEEDED));

        // then
        assertThat(ready).extracting(TaskDefinition::name).containsExactly("C1", "C2", "C3");
    }

    @Test
    void shouldFireJoinOnlyWhenAllInputsSet() {
        // given
        Workflow wf = workflow(task("J", List.of("A", "B"), List.of()));

        // when
        List<TaskDefinition> halfReady = FiringRule.readyTasks(wf, Set.of("A"), Map.of());
        Map<String, List<String>> waiting = FiringRule.missingInputs(wf, Set.of("A"), Map.of());
        List<TaskDefinition> ready = FiringRule.readyTasks(wf, Set.of("A", "B"), Map.of());

        // then
        assertThat(halfReady).isEmpty();
        assertThat(waiting).containsExactly(Map.entry("J", List.of("B")));
        assertThat(ready).extracting(TaskDefinition::name).containsExactly("J");
    }

    @Test
    void shouldNeverFireTaskTwice() {
        // given
        Workflow wf = workflow(task("J", List.of("A"), List.of()));

        // when
        List<TaskDefinition> whileRunning = FiringRule.readyTasks(wf, Set.of("A"), Map.of("J", TaskState.RUNNING));
        List<TaskDefinition> afterSuccess = FiringRule.readyTasks(wf, Set.of("A"), Map.of("J", TaskState.SUCCEEDED));
        Map<String, List<String>> waiting = FiringRule.missingInputs(wf, Set.of(), Map.of("J", TaskState.FAILED));

        // then
        assertThat(whileRunning).isEmpty();
        assertThat(afterSuccess).isEmpty();
        assertThat(waiting).isEmpty();
    }

    @Test
    void shouldFireFiftyWideSplitAndThenJoinOnce() {
        // given
        List<TaskDefinition> tasks = new ArrayList<>();
        tasks.add(task("split", List.of(), List.of("X")));
        IntStream.range(0, 50).forEach(i -> tasks.add(task("w" + i, List.of("X"), List.of("Y" + i))));
        tasks.add(task("join", IntStream.range(0, 50).mapToObj(i -> "Y" + i).toList(), List.of()));
        Workflow wf = workflow(tasks.toArray(TaskDefinition[]::new));
        Set<String> variables = new HashSet<>(Set.of("X"));
        Map<String, TaskState> states = new HashMap<>(Map.of("split", TaskState.SUCCEEDED));

        // when
        List<TaskDefinition> workers = FiringRule.readyTasks(wf, variables, states);
        for (int i = 0; i < 49; i++) {
            states.put("w" + i, TaskState.SUCCEEDED);
            variables.add("Y" + i);
        }
        List<TaskDefinition> beforeLast = FiringRule.readyTasks(wf, variables, states);
        Map<String, List<String>> joinWaits = FiringRule.missingInputs(wf, variables, states);
        states.put("w49", TaskState.SUCCEEDED);
        variables.add("Y49");
        List<TaskDefinition> afterLast = FiringRule.readyTasks(wf, variables, states);

        // then
        assertThat(workers).hasSize(50).extracting(TaskDefinition::name).doesNotContain("split", "join");
        assertThat(beforeLast).extracting(TaskDefinition::name).containsExactly("w49");
        assertThat(joinWaits).containsExactly(Map.entry("join", List.of("Y49")));
        assertThat(afterLast).extracting(TaskDefinition::name).containsExactly("join");
    }

    @Test
    void shouldWaitForDependsOnToSucceed() {
        // given
        Workflow wf = workflow(task("A", List.of(), List.of()), after("B", List.of("A")));

        // when
        List<TaskDefinition> whileRunning = FiringRule.readyTasks(wf, Set.of(), Map.of("A", TaskState.RUNNING));
        Map<String, List<String>> waiting = FiringRule.missingInputs(wf, Set.of(), Map.of("A", TaskState.RUNNING));
        List<TaskDefinition> afterFailure = FiringRule.readyTasks(wf, Set.of(), Map.of("A", TaskState.FAILED));
        List<TaskDefinition> afterSuccess = FiringRule.readyTasks(wf, Set.of(), Map.of("A", TaskState.SUCCEEDED));

        // then
        assertThat(whileRunning).isEmpty();
        assertThat(waiting).containsExactly(Map.entry("B", List.of("task A")));
        assertThat(afterFailure).isEmpty();
        assertThat(afterSuccess).extracting(TaskDefinition::name).containsExactly("B");
    }
}
