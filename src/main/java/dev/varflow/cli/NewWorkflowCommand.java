package dev.varflow.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import dev.varflow.scaffold.Scaffolds;
import dev.varflow.scaffold.WorkflowScaffold;

/** {@code varflow new workflow NAME}: writes NAME.yaml, a workflow that runs green. */
@Command(name = "workflow", description = "Write NAME.yaml: a small workflow (start, a cmd task, end) that runs with "
        + "'varflow run NAME.yaml'. Never overwrites a file.")
final class NewWorkflowCommand implements Callable<Integer> {

    @Parameters(paramLabel = "NAME", description = "The workflow's name: letters, digits, _, - and ., single spaces "
            + "between words.")
    private String name;

    @Option(names = "--dir", paramLabel = "DIR", description = "Where to write it (default: the current directory).")
    private Path dir = Path.of(".");

    @Option(names = { "-h", "--help" }, usageHelp = true, description = "Show this help.")
    private boolean help;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        String problem = Scaffolds.workflowNameProblem(name);
        if (problem != null) {
            spec.commandLine().getErr().println("varflow: Expected a workflow name, but the " + problem);
            return 1;
        }
        return Scaffolding.write(spec, dir, WorkflowScaffold.files(name),
                "run it: varflow run " + dir.resolve(WorkflowScaffold.fileName(name)));
    }
}
