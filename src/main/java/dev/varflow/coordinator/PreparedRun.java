package dev.varflow.coordinator;

import java.util.Map;

/** A checked start request: the run's id, its workflow version, permissions and seed variables. */
record PreparedRun(String runId, WorkflowEntity workflow, PermissionGrant grant, String token,
        Map<String, String> seed) {
}
