package dev.varflow.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;

/** {@code varflow plugins}: the plugins this installation knows. */
@Command(name = "plugins", description = "List the plugins this installation knows (from $VARFLOW_PLUGINS_DIR).")
final class PluginsCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        return OfflineCommands.onConsole().plugins();
    }
}
