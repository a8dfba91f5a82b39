package dev.varflow.engine;

/** Where a whole run stands; all but RUNNING and PAUSED are final (a replay starts a new attempt of the run). */
public enum RunStatus {
    RUNNING,
    /** No new task is activated until the run is resumed; running tasks finish. */
    PAUSED,
    SUCCEEDED,
    FAILED,
    STALLED,
    CANCELLED;

    public boolean isTerminal() {
        return this != RUNNING && this != PAUSED;
    }
}
