package dev.varflow.cli;

import picocli.CommandLine.Command;

/** {@code varflow cancel RUN}. */
@Command(name = "cancel", description = "Cancel a RUNNING or PAUSED run: its running tasks are stopped; exit 1 "
        + "when it was in neither state.")
final class CancelCommand extends ControlCommand {

    CancelCommand() {
        super(RunAction.CANCEL);
    }
}
