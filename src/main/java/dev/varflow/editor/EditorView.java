package dev.varflow.editor;

import java.util.List;

/**
 * What the editor shows for a text: the text itself, its problems as {@code validate} reports them, and its graph.
 *
 * @param valid whether the loader accepted it (no errors; warnings allowed)
 * @param graph the laid-out graph; null when the text is not YAML at all
 * @param variables every variable name the workflow mentions, for the link dialog's suggestions
 * @param tasks each task's fields for the property panel, by name
 */
public record EditorView(String yaml, boolean valid, List<ProblemView> problems, GraphView graph,
        List<String> variables, java.util.Map<String, TaskFields> tasks) {

    /**
     * One problem.
     *
     * @param text the problem as {@code varflow validate} prints it ({@code FILE:LINE:COL: error: ...})
     * @param task the task whose lines hold it, or null
     */
    public record ProblemView(String severity, int line, int column, String message, String hint, String text,
            String task) {
    }
}
