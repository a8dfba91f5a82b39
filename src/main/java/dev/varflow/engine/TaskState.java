package dev.varflow.engine;

/** Where one task of a run stands; a task absent from a run's state map has not been activated yet. */
public enum TaskState {
    /** Not activated yet: what a view shows for a task absent from the state map; never stored. */
    PENDING,
    ACTIVATED,
    RUNNING,
    /** Failed with retries left; activated again when its backoff has passed. */
    RETRY_WAIT,
    SUCCEEDED,
    FAILED,
    TIMED_OUT,
    SKIPPED;

    public boolean isTerminal() {
        return this != PENDING && this != ACTIVATED && this != RUNNING && this != RETRY_WAIT;
    }
}
