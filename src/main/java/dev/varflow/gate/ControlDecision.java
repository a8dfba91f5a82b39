package dev.varflow.gate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.varflow.engine.RunStatus;
import dev.varflow.messages.RunEvent;
import dev.varflow.messages.RunEvent.ControlRequested;

/**
 * What the gate does with a batch's control commands (pause, resume, cancel, replay): a pure fold over the locked
 * runs, in record order. A command applies only from the statuses it is meant for, so a redelivered or late command
 * changes nothing; every command gets an answer carrying its request id.
 */
final class ControlDecision {

    private ControlDecision() {
    }

    /**
     * The result of a batch's commands.
     *
     * @param runs the locked runs as they stand after every applied command
     * @param applied the commands that change a run, in order, for the store to write
     * @param answers one record per command: the fact it caused, or a {@link RunEvent.ControlRejected}
     */
    record Outcome(Map<String, LockedRun> runs, List<Applied> applied, List<RunEvent> answers) {
    }

    /** A command that changes its run from {@code before} to {@code after}. */
    record Applied(ControlRequested command, LockedRun before, LockedRun after) {
    }

    static Outcome decide(Map<String, LockedRun> runs, List<ControlRequested> commands, long now) {
        Map<String, LockedRun> state = new LinkedHashMap<>(runs);
        List<Applied> applied = new ArrayList<>();
        List<RunEvent> answers = new ArrayList<>();
        for (ControlRequested command : commands) {
            LockedRun run = state.get(command.runId());
            if (run == null) {
                continue; // an unknown run: dropped like every other record of it
            }
            LockedRun next = next(run, command);
            if (next == null) {
                answers.add(new RunEvent.ControlRejected(run.id(), command.requestId(), command.control(),
                        run.status(), run.attempt(), now));
                continue;
            }
            state.put(run.id(), next);
            applied.add(new Applied(command, run, next));
            answers.add(fact(command, next, now));
        }
        return new Outcome(state, applied, answers);
    }

    /** The run after the command, or null when its status (or, for a replay, its attempt) does not allow it. */
    static LockedRun next(LockedRun run, ControlRequested command) {
        return switch (command.control()) {
            case PAUSE -> run.status() == RunStatus.RUNNING ? with(run, RunStatus.PAUSED) : null;
            case RESUME -> run.status() == RunStatus.PAUSED ? with(run, RunStatus.RUNNING) : null;
            case CANCEL -> run.status().isTerminal() ? null : with(run, RunStatus.CANCELLED);
            case REPLAY -> replayable(run, command) ? replayed(run, command.grant()) : null;
        };
    }

    private static boolean replayable(LockedRun run, ControlRequested command) {
        boolean failed = run.status() == RunStatus.FAILED || run.status() == RunStatus.STALLED;
        return failed && (command.expectedAttempt() == null || command.expectedAttempt() == run.attempt());
    }

    private static LockedRun with(LockedRun run, RunStatus status) {
        return new LockedRun(run.id(), run.workflowId(), status, run.permissions(), run.permissionError(),
                run.attempt(), run.started());
    }

    private static LockedRun replayed(LockedRun run, RunEvent.Grant grant) {
        return new LockedRun(run.id(), run.workflowId(), RunStatus.RUNNING,
                grant == null ? run.permissions() : grant.permissions(),
                grant == null ? run.permissionError() : grant.error(), run.attempt() + 1, true);
    }

    private static RunEvent fact(ControlRequested command, LockedRun run, long now) {
        return switch (command.control()) {
            case PAUSE -> new RunEvent.RunPaused(run.id(), now, command.requestId());
            case RESUME -> new RunEvent.RunResumed(run.id(), now, command.requestId());
            case CANCEL -> new RunEvent.RunFinished(run.id(), RunStatus.CANCELLED, null, now, null,
                    command.requestId());
            case REPLAY -> new RunEvent.RunStarted(run.id(), "replay", now, command.requestId());
        };
    }

    /** The control commands among a batch's events. */
    static List<RunEvent.ControlRequested> commands(List<RunEvent> events) {
        return events.stream().filter(e -> e instanceof RunEvent.ControlRequested)
                .map(e -> (RunEvent.ControlRequested) e).toList();
    }

    /**
     * The batch's events as the store applies them: a replay's variables first (set with the replay, before any
     * other value of the batch), then the events without the commands, with the facts the commands caused that
     * belong in the run's history (pause, resume, the replay's start).
     */
    static List<RunEvent> applicable(List<RunEvent> known, ControlDecision.Outcome controls) {
        if (controls.answers().isEmpty()) {
            return known;
        }
        List<RunEvent> applicable = new ArrayList<>();
        for (ControlDecision.Applied applied : controls.applied()) {
            RunEvent.ControlRequested command = applied.command();
            if (command.vars() != null) {
                command.vars().forEach((name, value) -> applicable.add(new RunEvent.Variable(command.runId(), null,
                        name, value, command.at())));
            }
        }
        known.stream().filter(e -> !(e instanceof RunEvent.ControlRequested)).forEach(applicable::add);
        controls.answers().stream().filter(e -> e instanceof RunEvent.RunPaused || e instanceof RunEvent.RunResumed
                || e instanceof RunEvent.RunStarted).forEach(applicable::add);
        return applicable;
    }
}
