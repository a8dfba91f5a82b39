package dev.varflow.coordinator;

import java.util.Map;

import dev.varflow.coordinator.auth.PermissionGrant;
import dev.varflow.coordinator.store.WorkflowEntity;

/**
 * A checked start request: the run's id, its workflow version, permissions, seed variables, deadline and who
 * started it.
 *
 * @param deadlineMillis how long the run may take, or null
 */
record PreparedRun(String runId, WorkflowEntity workflow, PermissionGrant grant, String token,
        Map<String, String> seed, Long deadlineMillis, String startedBy) {
}
