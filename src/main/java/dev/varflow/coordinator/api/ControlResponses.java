package dev.varflow.coordinator.api;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.core.Response;

import dev.varflow.coordinator.ControlAnswer;

/**
 * The API's answers to pause, resume, cancel and replay: 200 with the run's status once its gate answered, 202 with
 * {@code pending: true} when no gate answered within {@code varflow.api.control-wait}.
 */
final class ControlResponses {

    private ControlResponses() {
    }

    /** {@code {"id", "<done>": applied, "status"}}, or 202 {@code {"id", "<done>": false, "pending": true}}. */
    static Response of(String runId, String done, ControlAnswer answer) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", runId);
        body.put(done, answer.applied());
        return finish(body, answer);
    }

    /** {@code {"id", "attempt", "status"}} of the replayed run, or 202 pending (a rejected replay is a 409). */
    static Response replay(String runId, ControlAnswer answer) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", runId);
        if (answer.attempt() != null) {
            body.put("attempt", answer.attempt());
        }
        return finish(body, answer);
    }

    private static Response finish(Map<String, Object> body, ControlAnswer answer) {
        if (answer.outcome() == ControlAnswer.Outcome.PENDING) {
            body.put("pending", true);
            return Response.accepted(body).build();
        }
        body.put("status", answer.status());
        return Response.ok(body).build();
    }
}
