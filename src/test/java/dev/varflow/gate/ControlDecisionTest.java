package dev.varflow.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.varflow.engine.RunStatus;
import dev.varflow.messages.RunEvent;
import dev.varflow.messages.RunEvent.Control;
import dev.varflow.messages.RunEvent.ControlRequested;

class ControlDecisionTest {

    private static final long NOW = 1_700_000_000_000L;

    @Test
    void shouldPauseARunningRunAndAnswerWithTheFact() {
        // given
        Map<String, LockedRun> runs = runs(run("r1", RunStatus.RUNNING, 1));

        // when
        ControlDecision.Outcome outcome = ControlDecision.decide(runs, List.of(command("q1", Control.PAUSE)), NOW);

        // then
        assertThat(outcome.runs().get("r1").status()).isEqualTo(RunStatus.PAUSED);
        assertThat(outcome.applied()).extracting(a -> a.after().status()).containsExactly(RunStatus.PAUSED);
        assertThat(outcome.answers()).containsExactly(new RunEvent.RunPaused("r1", NOW, "q1"));
    }

    @Test
    void shouldRejectACancelOfARunThatAlreadySucceeded() {
        // given a cancel that raced the run's last task finishing
        Map<String, LockedRun> runs = runs(run("r1", RunStatus.SUCCEEDED, 1));

        // when
        ControlDecision.Outcome outcome = ControlDecision.decide(runs, List.of(command("q1", Control.CANCEL)), NOW);

        // then nothing changes and the requester learns why
        assertThat(outcome.runs()).isEqualTo(runs);
        assertThat(outcome.applied()).isEmpty();
        assertThat(outcome.answers()).containsExactly(new RunEvent.ControlRejected("r1", "q1", Control.CANCEL,
                RunStatus.SUCCEEDED, 1, NOW));
    }

    @Test
    void shouldCancelAPausedRun() {
        // given
        Map<String, LockedRun> runs = runs(run("r1", RunStatus.PAUSED, 1));

        // when
        ControlDecision.Outcome outcome = ControlDecision.decide(runs, List.of(command("q1", Control.CANCEL)), NOW);

        // then
        assertThat(outcome.runs().get("r1").status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(outcome.answers()).containsExactly(new RunEvent.RunFinished("r1", RunStatus.CANCELLED, null, NOW,
                null, "q1"));
    }

    @Test
    void shouldApplyCommandsOfOneRunInRecordOrder() {
        // given a pause, a resume and a second resume in one batch
        Map<String, LockedRun> runs = runs(run("r1", RunStatus.RUNNING, 1));

        // when
        ControlDecision.Outcome outcome = ControlDecision.decide(runs, List.of(command("q1", Control.PAUSE),
                command("q2", Control.RESUME), command("q3", Control.RESUME)), NOW);

        // then
        assertThat(outcome.runs().get("r1").status()).isEqualTo(RunStatus.RUNNING);
        assertThat(outcome.applied()).extracting(a -> a.command().requestId()).containsExactly("q1", "q2");
        assertThat(outcome.answers()).containsExactly(new RunEvent.RunPaused("r1", NOW, "q1"),
                new RunEvent.RunResumed("r1", NOW, "q2"),
                new RunEvent.ControlRejected("r1", "q3", Control.RESUME, RunStatus.RUNNING, 1, NOW));
    }

    @Test
    void shouldReplayAFailedRunAsItsNextAttemptWithTheNewGrant() {
        // given
        Map<String, LockedRun> runs = runs(run("r1", RunStatus.FAILED, 1));
        RunEvent.Grant grant = new RunEvent.Grant("[\"files:read\"]", null, "hash", NOW - 5);

        // when
        ControlDecision.Outcome outcome = ControlDecision.decide(runs, List.of(replay("q1", 1, grant)), NOW);

        // then
        assertThat(outcome.runs().get("r1")).isEqualTo(new LockedRun("r1", 7, RunStatus.RUNNING,
                "[\"files:read\"]", null, 2, true));
        assertThat(outcome.answers()).containsExactly(new RunEvent.RunStarted("r1", "replay", NOW, "q1"));
    }

    @Test
    void shouldNotApplyARedeliveredReplayTwice() {
        // given a replay already applied (the run failed again in its second attempt), delivered again
        Map<String, LockedRun> runs = runs(run("r1", RunStatus.FAILED, 2));

        // when
        ControlDecision.Outcome outcome = ControlDecision.decide(runs, List.of(replay("q1", 1, null)), NOW);

        // then
        assertThat(outcome.applied()).isEmpty();
        assertThat(outcome.answers()).containsExactly(new RunEvent.ControlRejected("r1", "q1", Control.REPLAY,
                RunStatus.FAILED, 2, NOW));
    }

    @Test
    void shouldRejectAReplayOfARunningRun() {
        // given
        Map<String, LockedRun> runs = runs(run("r1", RunStatus.RUNNING, 1));

        // when
        ControlDecision.Outcome outcome = ControlDecision.decide(runs, List.of(replay("q1", 1, null)), NOW);

        // then
        assertThat(outcome.runs().get("r1").status()).isEqualTo(RunStatus.RUNNING);
        assertThat(outcome.answers()).containsExactly(new RunEvent.ControlRejected("r1", "q1", Control.REPLAY,
                RunStatus.RUNNING, 1, NOW));
    }

    @Test
    void shouldIgnoreCommandsOfUnknownRuns() {
        // when
        ControlDecision.Outcome outcome = ControlDecision.decide(Map.of(), List.of(command("q1", Control.CANCEL)),
                NOW);

        // then
        assertThat(outcome.applied()).isEmpty();
        assertThat(outcome.answers()).isEmpty();
    }

    private static LockedRun run(String id, RunStatus status, int attempt) {
        return new LockedRun(id, 7, status, null, null, attempt, true);
    }

    private static Map<String, LockedRun> runs(LockedRun... runs) {
        Map<String, LockedRun> byId = new LinkedHashMap<>();
        for (LockedRun run : runs) {
            byId.put(run.id(), run);
        }
        return byId;
    }

    private static ControlRequested command(String requestId, Control control) {
        return new ControlRequested("r1", requestId, control, null, null, null, "ada", NOW - 10);
    }

    private static ControlRequested replay(String requestId, int expectedAttempt, RunEvent.Grant grant) {
        return new ControlRequested("r1", requestId, Control.REPLAY, expectedAttempt, Map.of(), grant, "ada",
                NOW - 10);
    }
}
