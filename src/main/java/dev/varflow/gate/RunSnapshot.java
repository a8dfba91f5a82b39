package dev.varflow.gate;

import java.util.Map;
import java.util.Set;

import dev.varflow.engine.RunStatus;
import dev.varflow.engine.TaskState;

/**
 * What the gate knows of one run inside a batch transaction, after the batch's events were applied.
 *
 * @param permissions run permission set as stored (JSON array), null when the run has no token
 * @param undispatched tasks claimed a while ago whose activation was never confirmed sent (a crashed gate)
 * @param attempts attempt number last handed out, per claimed task
 * @param runAttempt 1, plus one per replay of the run
 */
public record RunSnapshot(
        String runId,
        long workflowId,
        RunStatus status,
        String permissions,
        String permissionError,
        Map<String, String> variables,
        Map<String, TaskState> taskStates,
        Set<String> undispatched,
        Map<String, Integer> attempts,
        int runAttempt) {
}
