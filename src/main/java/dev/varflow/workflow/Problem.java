package dev.varflow.workflow;

import java.util.Comparator;
import java.util.Locale;

/**
 * One validation finding in a workflow file.
 *
 * @param hint how to fix it, or null when there is nothing useful to add
 */
public record Problem(SourceLocation location, Severity severity, String message, String hint) {

    /** Orders problems the way a reader walks the file. */
    public static final Comparator<Problem> BY_LOCATION = Comparator
            .comparingInt((Problem p) -> p.location().line())
            .thenComparingInt(p -> p.location().column());

    /** How bad a problem is: errors reject the workflow, warnings do not. */
    public enum Severity { ERROR, WARNING }

    public Problem {
        location = location == null ? SourceLocation.UNKNOWN : location;
    }

    public static Problem error(SourceLocation location, String message, String hint) {
        return new Problem(location, Severity.ERROR, message, hint);
    }

    public static Problem warning(SourceLocation location, String message, String hint) {
        return new Problem(location, Severity.WARNING, message, hint);
    }

    /** This problem as an error (a warning under {@code validate --strict}). */
    public Problem asError() {
        return severity == Severity.ERROR ? this : new Problem(location, Severity.ERROR, message, hint);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** Compiler-style line, {@code FILE:LINE:COL: error: message (hint: ...)}, so editors can jump to it. */
    public String format() {
        String text = location + ": " + severity.name().toLowerCase(Locale.ROOT) + ": " + message;
        return hint == null || hint.isBlank() ? text : text + " (hint: " + hint + ")";
    }
}
