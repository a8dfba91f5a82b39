package dev.varflow.messages;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import dev.varflow.engine.RunStatus;
import dev.varflow.engine.TaskState;

/**
 * A record on the events topic, keyed by run id: a variable emission, a task starting or finishing, a run starting,
 * pausing, resuming or finishing, and the commands that change a run after it started ({@link ControlRequested}),
 * which only the run's gate applies. Gates consume them; coordinators watch them for live views. On the wire each
 * is a JSON object whose {@code type} property names its kind ({@link Type}); fields that are null are left out.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = RunEvent.RunStarted.class, name = "RUN_STARTED"),
        @JsonSubTypes.Type(value = RunEvent.Variable.class, name = "VARIABLE"),
        @JsonSubTypes.Type(value = RunEvent.TaskStarted.class, name = "TASK_STARTED"),
        @JsonSubTypes.Type(value = RunEvent.TaskFinished.class, name = "TASK_FINISHED"),
        @JsonSubTypes.Type(value = RunEvent.RunFinished.class, name = "RUN_FINISHED"),
        @JsonSubTypes.Type(value = RunEvent.RunPaused.class, name = "RUN_PAUSED"),
        @JsonSubTypes.Type(value = RunEvent.RunResumed.class, name = "RUN_RESUMED"),
        @JsonSubTypes.Type(value = RunEvent.ControlRequested.class, name = "CONTROL_REQUESTED"),
        @JsonSubTypes.Type(value = RunEvent.ControlRejected.class, name = "CONTROL_REJECTED")})
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface RunEvent {

    /** What happened; each name is the {@code type} of one kind of record on the wire. */
    enum Type {
        RUN_STARTED, VARIABLE, TASK_STARTED, TASK_FINISHED, RUN_FINISHED, RUN_PAUSED, RUN_RESUMED, CONTROL_REQUESTED,
        CONTROL_REJECTED
    }

    /** What a {@link ControlRequested} asks of a run. */
    enum Control { PAUSE, RESUME, CANCEL, REPLAY }

    String runId();

    /** Epoch milliseconds when the event happened. */
    long at();

    /** The kind of this record (written as its {@code type} property by the polymorphic codec). */
    @JsonIgnore
    Type type();

    /** True when this event counts as the start of a task attempt. */
    @JsonIgnore
    default boolean startsAttempt() {
        return false;
    }

    /**
     * A run started (or, with detail {@code replay}, started its next attempt); the gate evaluates it from then on.
     *
     * @param detail why it started, when not by a start request; kept as {@code error} on the wire
     * @param requestId for a replay, the {@link ControlRequested} the gate applied
     */
    record RunStarted(String runId, @JsonProperty("error") String detail, long at, String requestId)
            implements RunEvent {
        @Override
        public Type type() {
            return Type.RUN_STARTED;
        }
    }

    /**
     * A variable set in a run.
     *
     * @param task the task that emitted it; null for a start or replay variable
     */
    record Variable(String runId, String task, String name, String value, long at) implements RunEvent {
        @Override
        public Type type() {
            return Type.VARIABLE;
        }
    }

    /** A worker's report on one attempt of a task: its start or its finish. */
    sealed interface TaskEvent extends RunEvent {

        String task();

        String worker();

        /** The task attempt (1, then one more per retry); null from producers older than attempts. */
        Integer attempt();

        /** The run attempt (1, plus one per replay) whose activation this reports; null from older producers. */
        Integer runAttempt();

        /** The attempt this event belongs to; events written before attempts existed count as the first. */
        default int attemptOrFirst() {
            return attempt() == null ? 1 : attempt();
        }
    }

    /**
     * A worker started an attempt of a task.
     *
     * @param attempt the task attempt (1, then one more per retry); null from producers older than attempts
     * @param atMicros {@code at} in epoch microseconds, for sub-millisecond latency figures
     * @param runAttempt the run attempt the activation belonged to; null from producers older than replays
     */
    record TaskStarted(String runId, String task, String worker, long at, Integer attempt, Long atMicros,
            Integer runAttempt) implements TaskEvent {
        @Override
        public Type type() {
            return Type.TASK_STARTED;
        }

        @Override
        public boolean startsAttempt() {
            return true;
        }
    }

    /**
     * An attempt of a task finished.
     *
     * @param startedAt epoch milliseconds when the attempt started
     * @param attempt the task attempt (1, then one more per retry); null from producers older than attempts
     * @param atMicros {@code at} in epoch microseconds
     * @param startedAtMicros {@code startedAt} in epoch microseconds
     * @param reportsStart true when the attempt finished before its TASK_STARTED was sent: this record then also
     *     reports the start (the attempt is counted), saving a record and a gate update per short task
     * @param runAttempt the run attempt the activation belonged to; null from producers older than replays
     * @param outputs the variables this attempt emitted, by name, in emission order: one record carries a task's
     *     whole emission (its variables and its outcome); null from producers older than that, and when a task
     *     emitted more than fits one record, which then comes after one {@link Variable} record per output
     */
    record TaskFinished(String runId, String task, TaskState state, String worker, Integer exitCode, String output,
            String error, Long startedAt, long at, Integer attempt, Long atMicros, Long startedAtMicros,
            Boolean reportsStart, Integer runAttempt, @JsonInclude(JsonInclude.Include.NON_EMPTY)
            Map<String, String> outputs) implements TaskEvent {
        @Override
        public Type type() {
            return Type.TASK_FINISHED;
        }

        @Override
        public boolean startsAttempt() {
            return Boolean.TRUE.equals(reportsStart);
        }

        /** This record, also reporting the attempt's start (no TASK_STARTED record was sent for it). */
        public TaskFinished withStart() {
            return new TaskFinished(runId, task, state, worker, exitCode, output, error, startedAt, at, attempt,
                    atMicros, startedAtMicros, Boolean.TRUE, runAttempt, outputs);
        }

        /** This record carrying the attempt's emitted variables. */
        public TaskFinished withOutputs(Map<String, String> emitted) {
            return new TaskFinished(runId, task, state, worker, exitCode, output, error, startedAt, at, attempt,
                    atMicros, startedAtMicros, reportsStart, runAttempt, emitted);
        }

        /** The variables this record sets, as the {@link Variable} records a worker once sent for them. */
        public List<Variable> variables() {
            if (outputs == null || outputs.isEmpty()) {
                return List.of();
            }
            List<Variable> variables = new java.util.ArrayList<>(outputs.size());
            outputs.forEach((name, value) -> variables.add(new Variable(runId, task, name, value, at)));
            return variables;
        }
    }

    /**
     * A run reached a final status.
     *
     * @param state the run's final status
     * @param error why it failed when no task explains it (deadline, records that could not be stored)
     * @param waiting for a stalled run: task -> inputs it still waits for
     * @param requestId for a cancellation, the {@link ControlRequested} the gate applied
     */
    record RunFinished(String runId, RunStatus state, String error, long at, Map<String, List<String>> waiting,
            String requestId) implements RunEvent {
        @Override
        public Type type() {
            return Type.RUN_FINISHED;
        }
    }

    /**
     * A run was paused: no new task is activated until it is resumed.
     *
     * @param requestId the {@link ControlRequested} the gate applied
     */
    record RunPaused(String runId, long at, String requestId) implements RunEvent {
        @Override
        public Type type() {
            return Type.RUN_PAUSED;
        }
    }

    /**
     * A paused run was resumed.
     *
     * @param requestId the {@link ControlRequested} the gate applied
     */
    record RunResumed(String runId, long at, String requestId) implements RunEvent {
        @Override
        public Type type() {
            return Type.RUN_RESUMED;
        }
    }

    /**
     * A command to change a run after it started, written by a coordinator and applied by the run's gate alone, in
     * order with every other record of the run, in its batch transaction. Signed: the gate ignores an unsigned one.
     * The gate answers with the fact (RUN_PAUSED, RUN_RESUMED, RUN_FINISHED CANCELLED, RUN_STARTED replay) or a
     * {@link ControlRejected}, each carrying {@code requestId}.
     *
     * @param requestId unique per request, so the requester recognises the answer
     * @param expectedAttempt for a replay, the run attempt that failed: a redelivered replay is not applied twice
     * @param vars for a replay, variables to set (first value wins) when it is applied
     * @param grant for a replay with a fresh token, the run's new permission set
     * @param by who asked (the API principal)
     */
    record ControlRequested(String runId, String requestId, Control control, Integer expectedAttempt,
            Map<String, String> vars, Grant grant, String by, long at) implements RunEvent {
        @Override
        public Type type() {
            return Type.CONTROL_REQUESTED;
        }
    }

    /**
     * A permission set a replay gives its run, traded for a fresh token by the coordinator (never the token).
     *
     * @param permissions the set as stored (JSON array), null when none was granted
     * @param error why the set could not be fetched, when that failed
     * @param tokenHash SHA-256 of the token, to recognise the same token later
     * @param at epoch milliseconds when Attica granted it
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Grant(String permissions, String error, String tokenHash, long at) {
    }

    /**
     * The gate did not apply a command: the run's status (or, for a replay, its attempt) did not allow it.
     *
     * @param status the run's status when the command arrived
     * @param attempt the run's attempt when the command arrived
     */
    record ControlRejected(String runId, String requestId, Control control, RunStatus status, int attempt, long at)
            implements RunEvent {
        @Override
        public Type type() {
            return Type.CONTROL_REJECTED;
        }
    }

    /** The request a gate's answer to a {@link ControlRequested} carries; null for any other record. */
    @JsonIgnore
    default String answersRequest() {
        if (this instanceof RunPaused e) {
            return e.requestId();
        } else if (this instanceof RunResumed e) {
            return e.requestId();
        } else if (this instanceof RunStarted e) {
            return e.requestId();
        } else if (this instanceof RunFinished e) {
            return e.requestId();
        }
        return this instanceof ControlRejected e ? e.requestId() : null;
    }

    static RunStarted runStarted(String runId) {
        return new RunStarted(runId, null, now(), null);
    }

    static Variable variable(String runId, String task, String name, String value) {
        return new Variable(runId, task, name, value, now());
    }

    static TaskStarted taskStarted(String runId, String task, String worker, int attempt) {
        return taskStarted(runId, task, worker, attempt, null);
    }

    static TaskStarted taskStarted(String runId, String task, String worker, int attempt, Integer runAttempt) {
        long micros = EpochClock.micros();
        return new TaskStarted(runId, task, worker, micros / 1000, attempt, micros, runAttempt);
    }

    static TaskFinished taskFinished(String runId, String task, TaskState state, String worker, Integer exitCode,
            String output, String error, long startedAtMicros, int attempt) {
        return taskFinished(runId, task, state, worker, exitCode, output, error, startedAtMicros, attempt, null);
    }

    static TaskFinished taskFinished(String runId, String task, TaskState state, String worker, Integer exitCode,
            String output, String error, long startedAtMicros, int attempt, Integer runAttempt) {
        long micros = EpochClock.micros();
        return new TaskFinished(runId, task, state, worker, exitCode, output, error, startedAtMicros / 1000,
                micros / 1000, attempt, micros, startedAtMicros, null, runAttempt, null);
    }

    static RunFinished runFinished(String runId, RunStatus status, Map<String, List<String>> waiting) {
        return runFinished(runId, status, waiting, null);
    }

    static RunFinished runFinished(String runId, RunStatus status, Map<String, List<String>> waiting,
            String error) {
        return new RunFinished(runId, status, error, now(), waiting, null);
    }

    private static long now() {
        return System.currentTimeMillis();
    }
}
