package dev.varflow.coordinator;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import dev.varflow.engine.RunStatus;
import dev.varflow.engine.TaskState;

/**
 * A run as the API shows it: status, variables, and every task of its workflow with state and timings.
 *
 * @param waiting for a stalled run: task -> inputs it still waits for
 * @param startedBy who started the run: a principal name, or local, kafka, schedule:&lt;workflow&gt;
 * @param workDir the directory the run's tasks run in, on each worker that ran one (the one-process mode: the
 *     directory of {@code varflow run})
 */
public record RunView(String id, String workflow, int version, RunStatus status, int attempt, String error,
        OffsetDateTime createdAt, OffsetDateTime finishedAt, Map<String, String> variables, List<TaskView> tasks,
        Map<String, List<String>> waiting, boolean authenticated, String permissionError,
        String startedBy, String workDir) {

    /**
     * One task of the run; PENDING when it never fired.
     *
     * @param attempts executions started (a retry or a redelivery after a worker crash adds one)
     * @param history every finished attempt, oldest first
     * @param items for a fan-out task ({@code foreach:}), its claimed items in order; empty otherwise
     */
    public record TaskView(String name, String plugin, TaskState state, int attempts, String worker,
            OffsetDateTime activatedAt, OffsetDateTime startedAt, OffsetDateTime finishedAt, Long durationMs,
            Integer exitCode, String output, String error, OffsetDateTime nextAttemptAt, List<String> waitingFor,
            List<AttemptView> history, List<ItemView> items) {
    }

    /**
     * One item of a fan-out task, named {@code task#index}.
     *
     * @param outputs what the item emitted, before the join gathers it into the task's outputs
     */
    public record ItemView(String name, int index, TaskState state, int attempts, String worker,
            OffsetDateTime startedAt, OffsetDateTime finishedAt, Long durationMs, Integer exitCode, String error,
            Map<String, String> outputs, List<AttemptView> history) {
    }

    /** A finished attempt. */
    public record AttemptView(int runAttempt, int attempt, TaskState state, String worker, OffsetDateTime startedAt,
            OffsetDateTime finishedAt, Integer exitCode, String error) {
    }
}
