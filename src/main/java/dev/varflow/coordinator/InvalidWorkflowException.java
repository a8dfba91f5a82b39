package dev.varflow.coordinator;

import java.util.List;

import dev.varflow.workflow.Problem;

/** A workflow (or run request) that failed validation; carries every problem found. */
public class InvalidWorkflowException extends RuntimeException {

    private final transient List<Problem> problems;

    public InvalidWorkflowException(List<Problem> problems) {
        super(problems.stream().map(Problem::format).reduce((a, b) -> a + "\n" + b).orElse("invalid workflow"));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
