package dev.varflow.coordinator;

import java.util.Map;

/** Body of a replay: variables to set before the run continues (optional). */
public record ReplayRequest(Map<String, String> vars) {
}
