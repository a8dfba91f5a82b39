package dev.varflow.workflow;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.varflow.engine.Condition;

/** Compiles every task's {@code when:} condition against the variables the workflow can have. */
final class ConditionChecks {

    private ConditionChecks() {
    }

    static void check(List<ParsedTask> tasks, Set<String> envNames, Set<String> startVariables,
            ProblemCollector problems) {
        Set<String> names = new HashSet<>(envNames);
        if (startVariables != null) {
            names.addAll(startVariables);
        }
        for (ParsedTask task : tasks) {
            task.inputs().forEach(input -> names.add(input.value()));
            task.outputs().forEach(output -> names.add(output.value()));
        }
        names.remove(TaskDefinition.ANY_OUTPUT);
        for (ParsedTask task : tasks) {
            Object when = task.definition().execution().get("when");
            if (when != null) {
                Condition.problem(when.toString(), names).ifPresent(problem -> report(problems,
                        // A name passed at start is unknown until then: only then is it surely an error.
                        startVariables == null && problem.contains("undeclared reference"),
                        task.definition().location(), "task '" + task.name() + "': condition does not compile: "
                                + problem,
                        "conditions are CEL expressions over variables, e.g. FREE_BYTES > 1000 && MODE == \"fast\"; "
                                + "vars[\"NAME\"] reaches any variable"));
            }
        }
    }

    private static void report(ProblemCollector problems, boolean warning, SourceLocation location, String message,
            String hint) {
        if (warning) {
            problems.warning(location, message, hint);
        } else {
            problems.error(location, message, hint);
        }
    }
}
