package dev.varflow.cli;

import java.util.List;

import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code varflow}: the top-level command; without a subcommand it prints its help. */
@Command(name = "varflow",
        description = "Checks, draws and runs Varflow workflows, serves them, and controls the runs of a server.",
        synopsisSubcommandLabel = "COMMAND",
        footer = { "", "Run 'varflow COMMAND --help' for the options of a command." },
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = { "0:success", "1:the command's work failed (validation errors, a run that did not succeed, "
                + "an unreachable server)", "2:usage error (unknown command or option, missing or malformed value)" })
final class VarflowCommand implements Runnable {

    /** The subcommands, in the order of the help: {@link VarflowMain} adds them, see there why not all each time. */
    static final List<Class<?>> SUBCOMMANDS = List.of(RunFileCommand.class, ValidateCommand.class,
            GraphCommand.class, ServerCommand.class, RunsCommand.class, ShowCommand.class, CancelCommand.class,
            PauseCommand.class, ResumeCommand.class, ReplayCommand.class, PluginsCommand.class, SchemaCommand.class,
            NewCommand.class, KafkaCommand.class, AtticaDevCommand.class, HelpCommand.class);

    @Option(names = { "-h", "--help" }, usageHelp = true, description = "Show this help.")
    private boolean help;

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
