package dev.varflow.cli;

import picocli.CommandLine.Command;

/** {@code varflow resume RUN}. */
@Command(name = "resume", description = "Resume a PAUSED run where it stopped; exit 1 when it was not PAUSED.")
final class ResumeCommand extends ControlCommand {

    ResumeCommand() {
        super(RunAction.RESUME);
    }
}
