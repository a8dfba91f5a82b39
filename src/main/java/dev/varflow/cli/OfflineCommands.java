package dev.varflow.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Set;

import dev.varflow.plugins.PluginRegistry;
import dev.varflow.spi.PluginDescriptor;
import dev.varflow.spi.TaskPlugin;
import dev.varflow.workflow.LoadOptions;
import dev.varflow.workflow.LoadResult;
import dev.varflow.workflow.MermaidGraph;
import dev.varflow.workflow.Problem;
import dev.varflow.workflow.WorkflowFiles;
import dev.varflow.workflow.WorkflowLimits;
import dev.varflow.workflow.WorkflowLoader;

/** Commands that need neither Kafka nor a database: validate, graph, plugins. */
public final class OfflineCommands {

    private final PrintStream out;
    private final PrintStream err;
    private final Path pluginsDir;

    public OfflineCommands(PrintStream out, PrintStream err, Path pluginsDir) {
        this.out = out;
        this.err = err;
        this.pluginsDir = pluginsDir;
    }

    /** On the console, with the plugins of {@code varflow.plugins-dir}, else VARFLOW_PLUGINS_DIR, else plugins/. */
    static OfflineCommands onConsole() {
        return new OfflineCommands(System.out, System.err, Path.of(System.getProperty("varflow.plugins-dir",
                System.getenv().getOrDefault("VARFLOW_PLUGINS_DIR", "plugins"))));
    }

    /** Prints every problem as FILE:LINE:COL; exit 1 when any is an error. */
    public int validate(String file, Set<String> startVariables) throws IOException {
        LoadResult result = load(file, startVariables);
        result.problems().forEach(p -> (p.severity() == Problem.Severity.ERROR ? err : out).println(p.format()));
        if (result.hasErrors()) {
            long errors = result.problems().stream().filter(p -> p.severity() == Problem.Severity.ERROR).count();
            err.println(file + ": " + errors + " error(s)");
            return 1;
        }
        out.println(file + ": OK (" + result.workflow().tasks().size() + " tasks)");
        return 0;
    }

    public int graph(String file) throws IOException {
        LoadResult result = load(file, null);
        if (result.hasErrors()) {
            result.problems().forEach(p -> err.println(p.format()));
            return 1;
        }
        out.print(MermaidGraph.render(result.workflow()));
        return 0;
    }

    public int plugins() {
        PluginRegistry registry = PluginRegistry.load(pluginsDir);
        for (PluginDescriptor descriptor : registry.descriptors()) {
            TaskPlugin plugin = registry.find(descriptor.name()).orElseThrow();
            out.print(PluginTable.render(descriptor, plugin.requiredPermissions()));
        }
        registry.loadErrors().forEach(e -> err.println("not loaded: " + e));
        return 0;
    }

    LoadResult load(String file, Set<String> startVariables) throws IOException {
        String source = WorkflowFiles.read(Path.of(file));
        return WorkflowLoader.load(file, source, new LoadOptions(Set.of(), startVariables, System::getenv,
                LoadOptions.envPrefixesFrom(System::getenv))
                .withPlugins(PluginRegistry.load(pluginsDir).descriptors())
                .withLimits(WorkflowLimits.fromEnvironment(System::getenv)));
    }
}
