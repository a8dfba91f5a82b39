package dev.varflow.workflow;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Compiles every task's {@code when:} condition, once, against the variables the workflow can have. */
final class ConditionChecks {

    private ConditionChecks() {
    }

    /** The compiled condition of each task that has one; a condition that does not compile is reported. */
    static Map<ParsedTask, Condition> compile(List<ParsedTask> tasks, Set<String> envNames,
            Set<String> startVariables, ProblemCollector problems) {
        Set<String> names = new HashSet<>(envNames);
        if (startVariables != null) {
            names.addAll(startVariables);
        }
        for (ParsedTask task : tasks) {
            task.inputs().forEach(input -> names.add(input.value()));
            task.outputs().forEach(output -> names.add(output.value()));
        }
        names.remove(TaskDefinition.ANY_OUTPUT);
        Map<ParsedTask, Condition> compiled = new HashMap<>();
        for (ParsedTask task : tasks) {
            if (task.when() == null) {
                continue;
            }
            try {
                compiled.put(task, Condition.compile(task.when(), names));
            } catch (IllegalArgumentException e) {
                // A name passed at start is unknown until then: only then is it surely an error.
                boolean warning = startVariables == null && e.getMessage().contains("undeclared reference");
                report(problems, warning, task.definition().location(), "task '" + task.name()
                        + "': condition does not compile: " + e.getMessage(),
                        "conditions are CEL expressions over variables, e.g. FREE_BYTES > 1000 && MODE == \"fast\"; "
                                + "vars[\"NAME\"] reaches any variable");
                if (warning) {
                    compiled.put(task, Condition.compileDeclaringUnknown(task.when(), names));
                }
            }
        }
        return compiled;
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
