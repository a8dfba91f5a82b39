package dev.varflow.coordinator;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * A run as the API shows it: status, variables, and every task of its workflow with state and timings.
 *
 * @param waiting for a stalled run: task -> inputs it still waits for
 */
public record RunView(String id, String workflow, int version, String status, int attempt, String error,
        OffsetDateTime createdAt, OffsetDateTime finishedAt, Map<String, String> variables, List<TaskView> tasks,
        Map<String, List<String>> waiting, boolean authenticated, String permissionError) {

    /**
     * One task of the run; PENDING when it never fired.
     *
     * @param attempts executions started (a retry or a redelivery after a worker crash adds one)
     * @param history every finished attempt, oldest first
     */
    public record TaskView(String name, String plugin, String state, int attempts, String worker,
            OffsetDateTime activatedAt, OffsetDateTime startedAt, OffsetDateTime finishedAt, Long durationMs,
            Integer exitCode, String output, String error, OffsetDateTime nextAttemptAt, List<String> waitingFor,
            List<AttemptView> history) {
    }

    /** A finished attempt. */
    public record AttemptView(int runAttempt, int attempt, String state, String worker, OffsetDateTime startedAt,
            OffsetDateTime finishedAt, Integer exitCode, String error) {
    }
}
