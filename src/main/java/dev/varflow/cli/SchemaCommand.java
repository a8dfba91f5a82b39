package dev.varflow.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code varflow schema}: the JSON Schema of workflow files, for editors. */
@Command(name = "schema", description = "Print the JSON Schema (draft-07) of workflow files, with the params of the "
        + "plugins this installation knows (from $VARFLOW_PLUGINS_DIR), for editors.")
final class SchemaCommand implements Callable<Integer> {

    @Option(names = "--installed-only", description = "Refuse plugins this installation does not have (default: any "
            + "plugin name is accepted, and the params of the known ones are checked).")
    private boolean installedOnly;

    @Override
    public Integer call() {
        return OfflineCommands.onConsole().schema(installedOnly);
    }
}
