package dev.varflow.gate;

import dev.varflow.engine.RunStatus;

/**
 * A run row as the gate locked it at the start of a transaction.
 *
 * @param permissions run permission set as stored (JSON array), null when the run has no token
 * @param attempt 1, plus one per replay of the run
 * @param started whether the run's RUN_STARTED record arrived (only then is it evaluated)
 */
public record LockedRun(String id, long workflowId, RunStatus status, String permissions, String permissionError,
        int attempt, boolean started) {

    /** This row once its RUN_STARTED was applied. */
    LockedRun asStarted() {
        return new LockedRun(id, workflowId, status, permissions, permissionError, attempt, true);
    }
}
