package dev.varflow.cli;

import java.io.IOException;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code varflow runs}: a server's runs, newest first, as a table. */
@Command(name = "runs", description = "List the runs of a server, newest first, as a table.")
final class RunsCommand implements Callable<Integer> {

    @Option(names = "--status", paramLabel = "STATUS", description = "Only runs in this status, e.g. FAILED.")
    private String status;

    @Option(names = "--workflow", paramLabel = "NAME", description = "Only runs of this workflow.")
    private String workflow;

    @Mixin
    private ServerOption server;

    @Override
    public Integer call() throws IOException {
        return server.commands().runs(status, workflow);
    }
}
