package dev.varflow.workflow;

import java.util.List;

/**
 * Outcome of loading a workflow file.
 *
 * @param workflow the parsed workflow, or null when any problem is an error
 * @param problems every error and warning found, ordered by position in the file
 */
public record LoadResult(Workflow workflow, List<Problem> problems) {

    public LoadResult {
        problems = List.copyOf(problems);
    }

    public boolean hasErrors() {
        return problems.stream().anyMatch(Problem::isError);
    }

    public List<Problem> errors() {
        return problems.stream().filter(Problem::isError).toList();
    }

    public List<Problem> warnings() {
        return problems.stream().filter(p -> !p.isError()).toList();
    }
}
