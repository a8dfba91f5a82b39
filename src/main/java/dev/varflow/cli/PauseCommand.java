package dev.varflow.cli;

import picocli.CommandLine.Command;

/** {@code varflow pause RUN}. */
@Command(name = "pause", description = "Pause a RUNNING run: running tasks finish, nothing new starts; exit 1 "
        + "when it was not RUNNING.")
final class PauseCommand extends ControlCommand {

    PauseCommand() {
        super(RunAction.PAUSE);
    }
}
