package dev.varflow.coordinator;

import dev.varflow.engine.RunStatus;
import dev.varflow.messages.RunEvent;

/**
 * What became of a control request (pause, resume, cancel, replay) that the run's gate applies.
 *
 * @param status the run's status after the request (APPLIED) or when it arrived (REJECTED); null when PENDING
 * @param attempt the run's attempt likewise (for a replay, the new attempt)
 */
public record ControlAnswer(Outcome outcome, RunStatus status, Integer attempt) {

    /** Whether the gate applied the request. */
    public enum Outcome {
        APPLIED,
        /** The run's status (or, for a replay, its attempt) did not allow it; nothing changed. */
        REJECTED,
        /** No gate answered in time: the request is on the run's partition and is applied when a gate reads it. */
        PENDING
    }

    static final ControlAnswer PENDING = new ControlAnswer(Outcome.PENDING, null, null);

    static ControlAnswer rejected(RunStatus status, int attempt) {
        return new ControlAnswer(Outcome.REJECTED, status, attempt);
    }

    /** The answer a gate's record gives; {@code attempt} is the run's attempt as the requester last read it. */
    static ControlAnswer of(RunEvent answer, int attempt) {
        if (answer instanceof RunEvent.ControlRejected rejected) {
            return rejected(rejected.status(), rejected.attempt());
        }
        RunStatus status = answer instanceof RunEvent.RunPaused ? RunStatus.PAUSED
                : answer instanceof RunEvent.RunFinished finished ? finished.state() : RunStatus.RUNNING;
        return new ControlAnswer(Outcome.APPLIED, status,
                answer instanceof RunEvent.RunStarted ? attempt + 1 : attempt);
    }

    public boolean applied() {
        return outcome == Outcome.APPLIED;
    }
}
