package dev.varflow.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.List;

import io.quarkus.runtime.annotations.QuarkusMain;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code varflow} command. Arguments are parsed here, before anything starts: offline commands run without
 * Quarkus, {@code run} and {@code server} start it, with an in-process Kafka broker and PostgreSQL unless external
 * ones are configured. Exit codes: 0 success, 1 the command's own work failed, 2 usage error.
 */
@QuarkusMain
public final class VarflowMain {

    private VarflowMain() {
    }

    public static void main(String[] argv) {
        quietEmbeddedServers();
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        System.exit(commandLine(out, err, argv).execute(argv));
    }

    /**
     * The parser for {@code argv}, printing help to {@code out} and errors to {@code err}. It knows only the
     * subcommand {@code argv} names, if any, else all of them (for the help and unknown commands): picocli reads
     * each command's annotations when it is added, and that would add to the start of every validate and graph.
     */
    static CommandLine commandLine(PrintWriter out, PrintWriter err, String... argv) {
        CommandLine commandLine = new CommandLine(new VarflowCommand());
        List<Class<?>> named = VarflowCommand.SUBCOMMANDS.stream()
                .filter(type -> argv.length > 0 && type != HelpCommand.class && name(type).equals(argv[0])).toList();
        for (Class<?> type : named.isEmpty() ? VarflowCommand.SUBCOMMANDS : named) {
            CommandLine subcommand = new CommandLine(type);
            if (type != HelpCommand.class) {
                // Every command but help (which has its own) takes -h/--help.
                subcommand.getCommandSpec().addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
                        .description("Show this help.").build());
            }
            commandLine.addSubcommand(subcommand);
        }
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setUsageHelpWidth(100);
        commandLine.setParameterExceptionHandler(VarflowMain::usageError);
        commandLine.setExecutionExceptionHandler((e, failed, parsed) -> failure(e, failed));
        return commandLine;
    }

    private static String name(Class<?> type) {
        return type.getAnnotation(Command.class).name();
    }

    /** A wrong argument: what is wrong, then the usage of the command it was given to. */
    private static int usageError(ParameterException e, String[] argv) {
        CommandLine failed = e.getCommandLine();
        PrintWriter err = failed.getErr();
        if (failed.getParent() == null && e instanceof UnmatchedArgumentException unmatched
                && !unmatched.getUnmatched().isEmpty() && !unmatched.getUnmatched().get(0).startsWith("-")) {
            // picocli's "Unmatched argument at index 0" and its guesses do not say that the command is unknown.
            err.println("varflow: Unknown command: '" + unmatched.getUnmatched().get(0) + "'");
        } else {
            err.println("varflow: " + e.getMessage());
            UnmatchedArgumentException.printSuggestions(e, err);
        }
        failed.usage(err);
        return ExitCode.USAGE;
    }

    /** An I/O failure of the command's work (a missing file, an unreachable server) is reported in one line. */
    private static int failure(Exception e, CommandLine failed) throws Exception {
        if (e instanceof NoSuchFileException missing) {
            failed.getErr().println("varflow: no such file: " + missing.getFile());
            return ExitCode.SOFTWARE;
        }
        if (e instanceof IOException || e instanceof UncheckedIOException) {
            failed.getErr().println("varflow: " + e.getMessage());
            return ExitCode.SOFTWARE;
        }
        throw e;
    }

    /** The in-process broker and database log at INFO before Quarkus configures logging; keep them quiet. */
    private static void quietEmbeddedServers() {
        for (String name : new String[] { "kafka", "org.apache.kafka", "io.zonky", "state.change.logger" }) {
            java.util.logging.Logger.getLogger(name).setLevel(java.util.logging.Level.WARNING);
        }
    }
}
