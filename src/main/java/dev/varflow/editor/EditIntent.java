package dev.varflow.editor;

import java.util.List;

/**
 * One change a person made in the editor, sent by the browser and applied by the server to the YAML text.
 *
 * @param kind what to do
 * @param task the task it concerns (SET, RENAME, DELETE)
 * @param path for SET: keys under the task, e.g. {@code ["params", "command"]} or {@code ["execution", "timeout"]}
 * @param value for SET: a string, a list of strings, or null to remove the key
 * @param plugin for ADD_TASK: the plugin of the new task
 * @param name for ADD_TASK: the new task's name (derived from the plugin when absent); for RENAME: the new name
 * @param from for LINK: the producing task
 * @param to for LINK: the consuming task
 * @param variable for LINK: the variable the link carries
 */
public record EditIntent(Kind kind, String task, List<String> path, Object value, String plugin, String name,
        String from, String to, String variable) {

    /** The edits the editor knows. */
    public enum Kind {
        /** Append a task running a plugin. */
        ADD_TASK,
        /** Make {@code from} emit {@code variable} and {@code to} read it. */
        LINK,
        /** Set or remove one key of a task. */
        SET,
        /** Rename a task and the {@code depends_on} entries naming it. */
        RENAME,
        /** Remove a task. */
        DELETE
    }

    public EditIntent {
        path = path == null ? List.of() : List.copyOf(path);
    }

    public static EditIntent set(String task, List<String> path, Object value) {
        return new EditIntent(Kind.SET, task, path, value, null, null, null, null, null);
    }

    public static EditIntent addTask(String plugin, String name) {
        return new EditIntent(Kind.ADD_TASK, null, null, null, plugin, name, null, null, null);
    }

    public static EditIntent link(String from, String to, String variable) {
        return new EditIntent(Kind.LINK, null, null, null, null, null, from, to, variable);
    }

    public static EditIntent rename(String task, String name) {
        return new EditIntent(Kind.RENAME, task, null, null, null, name, null, null, null);
    }

    public static EditIntent delete(String task) {
        return new EditIntent(Kind.DELETE, task, null, null, null, null, null, null, null);
    }
}
