package dev.varflow.gate;

/** Identifies one task of one run. */
public record TaskKey(String runId, String task) {
}
