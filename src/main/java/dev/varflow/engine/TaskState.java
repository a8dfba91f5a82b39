package dev.varflow.engine;

/** Where one task of a run stands; a task absent from a run's state map has not been activated yet. */
public enum TaskState {
    ACTIVATED,
    RUNNING,
    SUCCEEDED,
    FAILED,
    TIMED_OUT,
    SKIPPED;

    public boolean isTerminal() {
        return this != ACTIVATED && this != RUNNING;
    }
}
