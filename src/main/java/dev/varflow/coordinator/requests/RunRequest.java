package dev.varflow.coordinator.requests;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAlias;

import dev.varflow.coordinator.StartRunRequest;
import dev.varflow.workflow.StorableText;

/**
 * A run request read from Kafka: {@code {"requestId": "...", "workflow": "...", "vars": {...}}}. The token, if any,
 * travels in {@code authToken} and is never stored.
 */
public record RunRequest(
        @JsonAlias("request_id") String requestId,
        String workflow,
        Integer version,
        Map<String, String> vars,
        @JsonAlias("auth_token") String authToken) {

    /** What makes the request unusable, or null. */
    String problem() {
        if (requestId == null || requestId.isBlank()) {
            return "requestId is required";
        }
        if (workflow == null || workflow.isBlank()) {
            return "workflow is required";
        }
        // Read before anything else: a NUL in either would reach PostgreSQL and make this record fail forever.
        String problem = StorableText.nameProblem("requestId", requestId);
        return problem != null ? problem : StorableText.nameProblem("workflow", workflow);
    }

    StartRunRequest toStartRequest() {
        return new StartRunRequest(workflow, version, vars == null ? Map.of() : vars, authToken);
    }
}
