package dev.varflow.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code varflow validate FILE}: every problem as FILE:LINE:COL, exit 1 on any error. */
@Command(name = "validate", description = "Check a workflow and print every problem as FILE:LINE:COL; exit 1 on "
        + "any error.")
final class ValidateCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "The workflow file.")
    private Path file;

    @Mixin
    private VarOptions vars;

    @Option(names = "--strict", description = "Treat every warning as an error (e.g. a task that can never fire "
            + "because an input is never set).")
    private boolean strict;

    @Override
    public Integer call() throws IOException {
        // The variables count as provided at the start, so inputs nobody sets but they do are no error.
        return OfflineCommands.onConsole().validate(file.toString(), Set.copyOf(vars.asMap().keySet()), strict);
    }
}
