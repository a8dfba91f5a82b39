package dev.varflow.workflow;

import dev.varflow.workflow.ParsedTask.Located;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Checks that look across tasks: names, who emits what, inputs nobody sets, and tasks that wait on each other. */
final class DataflowChecks {

    private final List<ParsedTask> tasks;
    private final Set<String> external;
    private final boolean startVariablesKnown;
    private final Map<String, SourceLocation> envDeclared;
    private final ProblemCollector problems;
    private final Map<String, ParsedTask> byName = new LinkedHashMap<>();
    private final Map<String, List<ParsedTask>> namedProducers = new HashMap<>();
    private final List<ParsedTask> wildcardProducers = new ArrayList<>();

    DataflowChecks(List<ParsedTask> tasks, Map<String, SourceLocation> envDeclared, Set<String> startVariables,
            ProblemCollector problems) {
        this.tasks = tasks;
        this.envDeclared = envDeclared;
        this.startVariablesKnown = startVariables != null;
        this.external = startVariables == null ? new HashSet<>() : new HashSet<>(startVariables);
        this.external.addAll(envDeclared.keySet());
        this.problems = problems;
        for (ParsedTask task : tasks) {
            for (Located output : task.outputs()) {
                if (TaskDefinition.ANY_OUTPUT.equals(output.value())) {
                    wildcardProducers.add(task);
                } else {
                    List<ParsedTask> producers = namedProducers.computeIfAbsent(output.value(), k -> new ArrayList<>());
                    if (!producers.contains(task)) {
                        producers.add(task);
                    }
                }
            }
        }
    }

    void run() {
        uniqueNames();
        dependsOnKnownTasks();
        singleEmitters();
        inputsAreSet();
        noCycles();
    }

    private void uniqueNames() {
        for (ParsedTask task : tasks) {
            if (!task.named()) {
                continue;
            }
            ParsedTask first = byName.putIfAbsent(task.name(), task);
            if (first != null) {
                problems.error(task.nameLocation(), "duplicate task name '" + task.name() + "' (first defined on line "
                        + first.nameLocation().line() + ")", "task names must be unique; rename one of them");
            }
        }
    }

    private void dependsOnKnownTasks() {
        for (ParsedTask task : tasks) {
            for (Located dependency : task.dependsOn()) {
                if (!byName.containsKey(dependency.value())) {
                    List<String> names = List.copyOf(byName.keySet());
                    String hint = KeyCheck.nearest(dependency.value(), names)
                            .map(match -> "did you mean '" + match + "'?").orElse(null);
                    problems.error(dependency.location(), "task '" + task.name() + "' depends on unknown task '"
                            + dependency.value() + "'", hint);
                }
            }
        }
    }

    private void singleEmitters() {
        Map<String, ParsedTask> firstEmitter = new HashMap<>();
        for (ParsedTask task : tasks) {
            for (Located output : task.outputs()) {
                String variable = output.value();
                if (TaskDefinition.ANY_OUTPUT.equals(variable)) {
                    continue;
                }
                if (envDeclared.containsKey(variable)) {
                    problems.warning(output.location(), "variable '" + variable + "' is set in env (line "
                            + envDeclared.get(variable).line() + "), so the value task '" + task.name()
                            + "' emits is ignored: the first value wins", null);
                    continue;
                }
                ParsedTask first = firstEmitter.putIfAbsent(variable, task);
                if (first != null && first != task) {
                    problems.warning(output.location(), "variable '" + variable + "' is emitted by task '"
                            + first.name() + "' (line " + first.definition().location().line() + ") and by task '"
                            + task.name() + "': the first value set wins, later ones are ignored", null);
                }
            }
        }
    }

    private void inputsAreSet() {
        for (ParsedTask task : tasks) {
            for (Located input : task.inputs()) {
                if (!external.contains(input.value()) && producers(input.value()).isEmpty() && !startVariablesKnown) {
                    problems.warning(input.location(), "input '" + input.value() + "' of task '" + task.name()
                            + "' is set by no task and not in env: it must be passed when a run starts",
                            "pass it with --var " + input.value() + "=VALUE or add it to env");
                } else if (!external.contains(input.value()) && producers(input.value()).isEmpty()) {
                    // A task wired later (the seed's TOUCHED) must not stop the rest of the workflow from running:
                    // the run goes on and ends by the usual rules; validate --strict makes this an error.
                    problems.warning(input.location(), "task '" + task.name() + "' can never fire: its input '"
                            + input.value() + "' is never set (no task outputs it, it is not in env and not "
                            + "passed at the start)", "pass it with --var " + input.value()
                            + "=VALUE or add it to env");
                }
            }
        }
    }

    /**
     * Finds tasks that can never fire because each waits for something only another such task provides. Inputs
     * with no producer at all are already reported, so they count as available here to avoid a cascade.
     */
    private void noCycles() {
        Set<ParsedTask> fireable = fireableTasks();
        Map<ParsedTask, Set<ParsedTask>> successors = identityMap();
        Map<ParsedTask, Set<String>> edgeVariables = identityMap();
        for (ParsedTask consumer : tasks) {
            if (fireable.contains(consumer)) {
                continue;
            }
            for (Located input : consumer.inputs()) {
                if (!available(input.value(), fireable)) {
                    for (ParsedTask producer : producers(input.value())) {
                        successors.computeIfAbsent(producer, k -> new LinkedHashSet<>()).add(consumer);
                        edgeVariables.computeIfAbsent(producer, k -> new LinkedHashSet<>()).add(input.value());
                    }
                }
            }
            for (Located dependency : consumer.dependsOn()) {
                ParsedTask before = byName.get(dependency.value());
                if (before != null && !fireable.contains(before)) {
                    successors.computeIfAbsent(before, k -> new LinkedHashSet<>()).add(consumer);
                }
            }
        }
        for (List<ParsedTask> component : new StronglyConnected<>(tasks, successors).components()) {
            ParsedTask start = component.get(0);
            boolean selfLoop = successors.getOrDefault(start, Set.of()).contains(start);
            if (component.size() > 1 || selfLoop) {
                Set<ParsedTask> members = Collections.newSetFromMap(identityMap());
                members.addAll(component);
                reportCycle(cycleThrough(start, members, successors), edgeVariables);
            }
        }
    }

    private void reportCycle(List<ParsedTask> cycle, Map<ParsedTask, Set<String>> edgeVariables) {
        String path = cycle.stream().map(ParsedTask::name).collect(Collectors.joining(" -> "));
        Set<String> variables = new LinkedHashSet<>();
        cycle.forEach(task -> variables.addAll(edgeVariables.getOrDefault(task, Set.of())));
        String hint = variables.isEmpty() ? "break the loop in depends_on"
                : "each task waits for a variable only the loop emits (" + String.join(", ", variables)
                        + "); set one with --var or in env, or break the loop";
        problems.error(cycle.get(0).definition().location(), "dataflow cycle: " + path, hint);
    }

    /** Shortest path from start back to itself inside its component, start repeated at the end. */
    private static List<ParsedTask> cycleThrough(ParsedTask start, Set<ParsedTask> component,
            Map<ParsedTask, Set<ParsedTask>> successors) {
        Map<ParsedTask, ParsedTask> reachedFrom = identityMap();
        Deque<ParsedTask> queue = new ArrayDeque<>(List.of(start));
        while (!queue.isEmpty()) {
            ParsedTask current = queue.removeFirst();
            for (ParsedTask next : successors.getOrDefault(current, Set.of())) {
                if (next == start) {
                    List<ParsedTask> path = new ArrayList<>(List.of(start));
                    for (ParsedTask step = current; step != start; step = reachedFrom.get(step)) {
                        path.add(1, step);
                    }
                    path.add(start);
                    return path;
                }
                if (component.contains(next) && !reachedFrom.containsKey(next)) {
                    reachedFrom.put(next, current);
                    queue.addLast(next);
                }
            }
        }
        throw new IllegalStateException("no cycle through " + start.name());
    }

    private Set<ParsedTask> fireableTasks() {
        Set<ParsedTask> fireable = Collections.newSetFromMap(identityMap());
        boolean changed = true;
        while (changed) {
            changed = false;
            for (ParsedTask task : tasks) {
                if (!fireable.contains(task) && canFire(task, fireable)) {
                    fireable.add(task);
                    changed = true;
                }
            }
        }
        return fireable;
    }

    private boolean canFire(ParsedTask task, Set<ParsedTask> fireable) {
        boolean inputsReady = task.inputs().stream().allMatch(input -> available(input.value(), fireable));
        boolean dependenciesReady = task.dependsOn().stream()
                .map(dependency -> byName.get(dependency.value()))
                .allMatch(before -> before == null || fireable.contains(before));
        return inputsReady && dependenciesReady;
    }

    private boolean available(String variable, Set<ParsedTask> fireable) {
        if (external.contains(variable)) {
            return true;
        }
        List<ParsedTask> producers = producers(variable);
        return producers.isEmpty() || producers.stream().anyMatch(fireable::contains);
    }

    private List<ParsedTask> producers(String variable) {
        List<ParsedTask> named = namedProducers.getOrDefault(variable, List.of());
        if (wildcardProducers.isEmpty()) {
            return named;
        }
        List<ParsedTask> all = new ArrayList<>(named);
        wildcardProducers.stream().filter(task -> !named.contains(task)).forEach(all::add);
        return all;
    }

    private static <V> Map<ParsedTask, V> identityMap() {
        return new IdentityHashMap<>();
    }
}
