package dev.varflow.cli;

import java.io.IOException;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code varflow replay RUN}: restarts a FAILED or STALLED run from its failed tasks. */
@Command(name = "replay", description = "Restart a FAILED or STALLED run from its failed tasks, keeping its "
        + "variables; --var sets or overrides some.")
final class ReplayCommand implements Callable<Integer> {

    @Parameters(paramLabel = "RUN", description = "The run's id.")
    private String runId;

    @Mixin
    private VarOptions vars;

    @Mixin
    private ServerOption server;

    @Override
    public Integer call() throws IOException {
        return server.commands().replay(runId, vars.asMap());
    }
}
