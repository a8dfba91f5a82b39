package dev.varflow.coordinator;

import java.util.Map;

/**
 * Body of a run start.
 *
 * @param workflow registered workflow name
 * @param version workflow version; latest when absent
 * @param vars variables set at start (they take precedence over the workflow's env)
 * @param authToken token traded for the run's permission set; never stored or echoed
 */
public record StartRunRequest(String workflow, Integer version, Map<String, String> vars, String authToken) {
}
