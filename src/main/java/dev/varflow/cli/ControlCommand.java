package dev.varflow.cli;

import java.io.IOException;
import java.util.concurrent.Callable;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** What {@code cancel}, {@code pause} and {@code resume} share: a RUN, a server, and one control of the run. */
abstract class ControlCommand implements Callable<Integer> {

    @Parameters(paramLabel = "RUN", description = "The run's id.")
    private String runId;

    @Mixin
    private ServerOption server;

    private final RunAction action;

    ControlCommand(RunAction action) {
        this.action = action;
    }

    @Override
    public Integer call() throws IOException {
        return server.commands().control(action, runId);
    }
}
