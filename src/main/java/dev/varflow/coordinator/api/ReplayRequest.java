package dev.varflow.coordinator.api;

import java.util.Map;

/**
 * Body of a replay.
 *
 * @param vars variables to set before the run continues (optional)
 * @param authToken a fresh token traded for the run's permission set like a start's; never stored or echoed. Needed
 *        to replay a token-authenticated run whose permissions are older than {@code varflow.attica.cache-ttl}
 */
public record ReplayRequest(Map<String, String> vars, String authToken) {

    @Override
    public String toString() {
        // Records print every component; the token must never reach a log.
        return "ReplayRequest[vars=" + vars + ", authToken=" + (authToken == null ? null : "***") + "]";
    }
}
