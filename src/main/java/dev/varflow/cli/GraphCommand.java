package dev.varflow.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code varflow graph FILE}: the dataflow graph as Mermaid. */
@Command(name = "graph", description = "Print the dataflow graph of a workflow as Mermaid (splits and joins "
        + "highlighted).")
final class GraphCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "The workflow file.")
    private Path file;

    @Override
    public Integer call() throws IOException {
        return OfflineCommands.onConsole().graph(file.toString());
    }
}
