package dev.varflow.cli;

import java.io.IOException;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code varflow show RUN}: one run of a server; exit 0 only if it SUCCEEDED. */
@Command(name = "show", description = "Show a run: status, variables, tasks with state, attempts, duration, exit "
        + "code, error, and what it waits for; exit 0 only if it SUCCEEDED.")
final class ShowCommand implements Callable<Integer> {

    @Parameters(paramLabel = "RUN", description = "The run's id.")
    private String runId;

    @Mixin
    private ServerOption server;

    @Override
    public Integer call() throws IOException {
        return server.commands().show(runId);
    }
}
