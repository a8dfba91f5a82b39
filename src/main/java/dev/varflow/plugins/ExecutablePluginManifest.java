package dev.varflow.plugins;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import dev.varflow.spi.PluginDescriptor;
import dev.varflow.spi.PluginDescriptor.Param;
import dev.varflow.spi.PluginDescriptor.Port;

/**
 * The {@code plugin.yaml} of an executable plugin directory (format in docs/plugins.md), read by
 * {@link ManifestReader}.
 *
 * <p>Command elements starting with {@code ./} or {@code ../} are resolved against the plugin directory, so
 * {@code ["./run.sh"]} and {@code ["python3", "./main.py"]} both find files shipped with the plugin; other
 * elements are passed as they are (a bare program name is looked up on PATH).
 *
 * @param directory the plugin directory
 * @param command program and arguments, resolved as described above
 * @param permissions permission names every task using the plugin needs
 * @param descriptor name, summary, params, inputs, outputs and example, as the file declares them
 */
public record ExecutablePluginManifest(Path directory, List<String> command, Set<String> permissions,
        PluginDescriptor descriptor) {

    public static final String FILE_NAME = "plugin.yaml";

    public ExecutablePluginManifest {
        command = List.copyOf(command);
        permissions = Set.copyOf(permissions);
    }

    /**
     * Reads and checks {@code <directory>/plugin.yaml}.
     *
     * @throws IllegalArgumentException with one {@code FILE:LINE:COL: error: ...} line per problem when the file is
     *     unreadable or invalid
     */
    public static ExecutablePluginManifest load(Path directory) {
        return new ManifestReader(directory).read();
    }

    /** Plugin name used in workflows. */
    public String name() {
        return descriptor.name();
    }

    /** One-line description. */
    public String description() {
        return descriptor.summary();
    }

    /** Input variable names the plugin reads. */
    public List<String> inputs() {
        return descriptor.inputs().stream().map(Port::name).toList();
    }

    /** Output names the plugin may emit. */
    public List<String> outputs() {
        return descriptor.outputs().stream().map(Port::name).toList();
    }

    /** Parameter names the plugin understands. */
    public List<String> params() {
        return descriptor.params().stream().map(Param::name).toList();
    }
}
