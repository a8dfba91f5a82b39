package dev.varflow.engine;

/** Where a whole run stands; every status but RUNNING is final (a replay starts a new attempt of the run). */
public enum RunStatus {
    RUNNING,
    SUCCEEDED,
    FAILED,
    STALLED,
    CANCELLED;

    public boolean isTerminal() {
        return this != RUNNING;
    }
}
