package dev.varflow.workflow;

import java.util.List;

/**
 * The keys of each block of a workflow file, with what they mean: the one list the loader accepts (anything else is
 * an "unknown key" error) and the JSON Schema ({@link WorkflowSchema}) describes, so the two cannot drift apart.
 */
public final class WorkflowKeys {

    /** The top level of the file. */
    public static final List<Key> ROOT = List.of(
            new Key("workflow", "The workflow: its name, tasks and settings. The file's only top-level key."));

    /** The {@code workflow:} block. */
    public static final List<Key> WORKFLOW = List.of(
            new Key("name", "Required. The workflow's name: letters, digits, _, - and ., single spaces between "
                    + "words, up to " + Names.MAX_LENGTH + " characters. Registering a changed file under the same "
                    + "name makes a new version."),
            new Key("description", "Free text describing the workflow."),
            new Key("env", "Variables set at the start of every run: NAME: value. {{ENV:VARFLOW_WF_X}} in a value "
                    + "copies a process environment variable when the file is loaded."),
            new Key("tasks", "Required. The tasks, 1 to " + WorkflowLoader.MAX_TASKS + "; the order of runs follows "
                    + "the variables, not the list."),
            new Key("schedule", "Starts runs at each tick: a cron string (\"*/5 * * * *\"), or a mapping with cron, "
                    + "timezone, vars and missed."),
            new Key("defaults", "Settings every task gets unless it sets them itself: an execution block."),
            new Key("workdir", "The directory 'varflow run FILE' runs the tasks in, relative to the workflow file's "
                    + "directory or absolute. Server runs ignore it."));

    /** One entry of {@code tasks:}. */
    public static final List<Key> TASK = List.of(
            new Key("name", "Required, unique in the workflow: letters, digits, _, - and . (no spaces), up to "
                    + Names.MAX_LENGTH + " characters."),
            new Key("description", "Free text describing the task (documentation only)."),
            new Key("plugin", "Required. The plugin that runs the task (varflow plugins lists them)."),
            new Key("inputs", "Variables the task reads; it fires once all of them are set."),
            new Key("outputs", "Variables the task may set; others it emits are dropped. [\"*\"] accepts any name. "
                    + "A start task without outputs gets [\"TRUE\"]."),
            new Key("params", "Parameters handed to the plugin, checked against its descriptor."),
            new Key("execution", "How the task runs: depends_on, retries, timeout, deadline (async and workers are "
                    + "checked, not acted upon)."),
            new Key("permissions", "Permissions the run must hold for this task: required: [names]."),
            new Key("requires_auth", "Whether the run must carry a token with a usable permission set."),
            new Key("when", "A CEL condition over the run's variables; false skips the task (SKIPPED)."),
            new Key("run_if", "Another spelling of when; a task may have only one of the two."),
            new Key("foreach", "Fan-out: the name of an input holding a JSON array, or a literal list of values or "
                    + "parameter sets; the task runs once per item."),
            new Key("concurrency", "Most items of a foreach task running at once (default: no limit)."));

    /** A task's {@code execution:} and the workflow's {@code defaults.execution:}. */
    public static final List<Key> EXECUTION = List.of(
            new Key("async", "Checked and kept, not acted upon yet."),
            new Key("workers", "Checked and kept, not acted upon yet (1.." + ExecutionBlock.MAX_WORKERS + ")."),
            new Key("timeout", "Longest time of one attempt; the process tree is ended and the attempt fails. "
                    + "A duration: seconds (300, 0.5) or a number with a unit ms, s, m, h, d (500ms, 1.5h); 1ms..365d."),
            new Key("retries", "Attempts in all, the first included (1.." + ExecutionBlock.MAX_ATTEMPTS
                    + "), or a mapping max_attempts, initial, factor, max, jitter for the backoff."),
            new Key("depends_on", "Task names that must have SUCCEEDED before this task fires (ignored in defaults)."),
            new Key("deadline", "The run must finish within this time from its start, else it FAILS; a duration, "
                    + "1ms..365d."));

    /** The mapping form of {@code execution.retries}. */
    public static final List<Key> RETRY = List.of(
            new Key("max_attempts", "Attempts in all, the first included (1.." + ExecutionBlock.MAX_ATTEMPTS
                    + "; default " + RetryPolicy.MAPPING_DEFAULTS.maxAttempts() + ")."),
            new Key("initial", "Wait before the first retry, a duration 0..365d (default 1s)."),
            new Key("factor", "Multiplies the wait after each attempt, 1..100 (default 2)."),
            new Key("max", "Longest wait between attempts, a duration 0..365d (default 5m)."),
            new Key("jitter", "Random spread of each wait, 0..1 (default 0.2)."));

    /** A task's {@code permissions:}. */
    public static final List<Key> PERMISSIONS = List.of(
            new Key("required", "Permission names the run's token must grant; checked by the worker."));

    /** The mapping form of {@code schedule:}. */
    public static final List<Key> SCHEDULE = List.of(
            new Key("cron", "Required. Five fields (minute hour day-of-month month day-of-week), or six with "
                    + "seconds first, e.g. \"*/5 * * * *\"."),
            new Key("timezone", "The time zone of the cron fields, a region id such as Europe/Berlin (default UTC)."),
            new Key("vars", "Variables each scheduled run starts with: NAME: value."),
            new Key("missed", "Ticks missed while no coordinator ran: skip them, or run_once for the latest."));

    /** The workflow's {@code defaults:}. */
    public static final List<Key> DEFAULTS = List.of(
            new Key("execution", "Execution settings every task gets unless it sets the key itself."));

    private WorkflowKeys() {
    }

    /** The names of the keys, in order. */
    public static List<String> names(List<Key> keys) {
        return keys.stream().map(Key::name).toList();
    }

    /** One key a block accepts, and what it means (the description editors show). */
    public record Key(String name, String description) {
    }
}
