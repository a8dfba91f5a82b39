package dev.varflow.workflow;

import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;

/** Gathers problems for one file and turns SnakeYAML's 0-based marks into 1-based locations. */
final class ProblemCollector {

    private final String file;
    private final boolean strict;
    private final List<Problem> problems = new ArrayList<>();

    ProblemCollector(String file) {
        this(file, true);
    }

    /** {@code strict} false: the bounds and grammar rules report warnings (re-reading versions stored before them). */
    ProblemCollector(String file, boolean strict) {
        this.file = file;
        this.strict = strict;
    }

    SourceLocation at(Node node) {
        return node == null ? fileStart() : at(node.getStartMark());
    }

    SourceLocation at(Mark mark) {
        return mark == null ? fileStart() : new SourceLocation(file, mark.getLine() + 1, mark.getColumn() + 1);
    }

    SourceLocation fileStart() {
        return new SourceLocation(file, 1, 1);
    }

    void error(Node node, String message, String hint) {
        error(at(node), message, hint);
    }

    void error(SourceLocation location, String message, String hint) {
        problems.add(Problem.error(location, message, hint));
    }

    /**
     * A broken bound or name rule: an error, except when re-reading a stored version, which may predate the rule
     * and must keep running its in-flight runs.
     */
    void rule(Node node, String message, String hint) {
        if (strict) {
            error(node, message, hint);
        } else {
            warning(at(node), message, hint);
        }
    }

    void warning(SourceLocation location, String message, String hint) {
        problems.add(Problem.warning(location, message, hint));
    }

    boolean hasErrors() {
        return errorCount() > 0;
    }

    int errorCount() {
        return (int) problems.stream().filter(Problem::isError).count();
    }

    List<Problem> sorted() {
        return problems.stream().sorted(Problem.BY_LOCATION).toList();
    }
}
