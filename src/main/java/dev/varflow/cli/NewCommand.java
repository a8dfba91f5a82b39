package dev.varflow.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code varflow new}: scaffolds a workflow or a plugin; without a subcommand it prints its help. */
@Command(name = "new", description = "Write a small runnable workflow or a plugin to start from.",
        synopsisSubcommandLabel = "(workflow | plugin)",
        subcommands = { NewWorkflowCommand.class, NewPluginCommand.class })
final class NewCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
