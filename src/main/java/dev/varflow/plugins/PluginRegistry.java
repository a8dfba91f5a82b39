package dev.varflow.plugins;

import dev.varflow.spi.PluginDescriptor;
import dev.varflow.spi.TaskPlugin;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The task plugins known to this process: builtins, then {@code *.jar} files of the plugins folder (found with
 * {@link ServiceLoader}), then its subdirectories holding a {@code plugin.yaml}. A broken source is recorded in
 * {@link #loadErrors()} and skipped, so one bad plugin never takes the others down.
 */
public final class PluginRegistry {

    private static final String BUILTIN = "builtin";
    private static final String JAR_SUFFIX = ".jar";

    private final Map<String, TaskPlugin> plugins = new LinkedHashMap<>();
    private final Map<String, PluginDescriptor> descriptors = new LinkedHashMap<>();
    private final Map<String, String> origins = new LinkedHashMap<>();
    private final List<String> errors = new ArrayList<>();

    private final ProcessRunner runner;

    private PluginRegistry(ProcessRunner runner) {
        this.runner = runner;
    }

    /** Loads the builtins and, when the folder exists, the plugins in it; {@code pluginsDir} may be null. */
    public static PluginRegistry load(Path pluginsDir) {
        return load(pluginsDir, ProcessEnvironment.defaults());
    }

    /** Like {@link #load(Path)}, with the environment the processes of {@code cmd} and executable plugins get. */
    public static PluginRegistry load(Path pluginsDir, ProcessEnvironment processEnvironment) {
        PluginRegistry registry = new PluginRegistry(new ProcessRunner(processEnvironment));
        for (TaskPlugin builtin : List.of(new StartPlugin(), new EndPlugin(), new NoopPlugin(), new DfPlugin(),
                new TouchedPlugin(), new CmdPlugin(registry.runner))) {
            registry.register(builtin, BUILTIN);
        }
        if (pluginsDir == null || !Files.isDirectory(pluginsDir)) {
            return registry;
        }
        List<Path> entries;
        try (Stream<Path> listing = Files.list(pluginsDir)) {
            entries = listing.sorted().toList();
        } catch (IOException e) {
            registry.errors.add(pluginsDir + ": cannot list plugins folder: " + e.getMessage());
            return registry;
        }
        entries.stream()
                .filter(entry -> entry.getFileName().toString().endsWith(JAR_SUFFIX) && Files.isRegularFile(entry))
                .forEach(registry::loadJarReportingErrors);
        entries.stream()
                .filter(entry -> Files.isRegularFile(entry.resolve(ExecutablePluginManifest.FILE_NAME)))
                .forEach(registry::loadExecutableReportingErrors);
        return registry;
    }

    public Optional<TaskPlugin> find(String name) {
        return Optional.ofNullable(plugins.get(name));
    }

    /** Plugin names, sorted. */
    public Set<String> names() {
        return Collections.unmodifiableSet(new TreeSet<>(plugins.keySet()));
    }

    /** All plugins in load order. */
    public Collection<TaskPlugin> all() {
        return Collections.unmodifiableCollection(plugins.values());
    }

    /** What each plugin says about itself, sorted by name. */
    public List<PluginDescriptor> descriptors() {
        return descriptors.values().stream().sorted(java.util.Comparator.comparing(PluginDescriptor::name)).toList();
    }

    /** The descriptor of a loaded plugin. */
    public Optional<PluginDescriptor> descriptor(String name) {
        return Optional.ofNullable(descriptors.get(name));
    }

    /** One message per plugin source that could not be loaded, each naming its file. */
    public List<String> loadErrors() {
        return List.copyOf(errors);
    }

    private void loadJarReportingErrors(Path jar) {
        try {
            loadJar(jar);
        } catch (IllegalArgumentException e) {
            errors.add(e.getMessage());
        }
    }

    private void loadExecutableReportingErrors(Path directory) {
        try {
            register(new ExecutablePlugin(ExecutablePluginManifest.load(directory), runner),
                    directory.resolve(ExecutablePluginManifest.FILE_NAME).toString());
        } catch (IllegalArgumentException e) {
            errors.add(e.getMessage());
        }
    }

    private void loadJar(Path jar) {
        try (JarFile ignored = new JarFile(jar.toFile())) {
            // Opened only to reject files that are not jars with a clear message.
        } catch (IOException e) {
            throw new IllegalArgumentException(jar + ": not a readable jar: " + e.getMessage(), e);
        }
        URLClassLoader loader = newLoader(jar);
        int loaded = 0;
        List<String> failures = new ArrayList<>();
        try {
            for (ServiceLoader.Provider<TaskPlugin> provider : providers(jar, loader)) {
                // The parent loader's own providers show up in every jar's lookup; only this jar's count here.
                if (provider.type().getClassLoader() != loader) {
                    continue;
                }
                try {
                    register(provider.get(), jar.toString());
                    loaded++;
                } catch (IllegalArgumentException e) {
                    failures.add(e.getMessage());
                } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
                    // Third-party constructors and name() may throw anything; that must not stop the others.
                    failures.add(jar + ": cannot create " + provider.type().getName() + ": " + e);
                }
            }
        } finally {
            if (loaded == 0) {
                closeQuietly(loader);
            }
        }
        errors.addAll(failures);
        if (loaded == 0 && failures.isEmpty()) {
            throw new IllegalArgumentException(jar + ": declares no plugin in META-INF/services/"
                    + TaskPlugin.class.getName());
        }
    }

    private static List<ServiceLoader.Provider<TaskPlugin>> providers(Path jar, URLClassLoader loader) {
        try {
            return ServiceLoader.load(TaskPlugin.class, loader).stream().toList();
        } catch (ServiceConfigurationError | LinkageError e) {
            closeQuietly(loader);
            throw new IllegalArgumentException(jar + ": bad plugin declaration: " + e.getMessage(), e);
        }
    }

    private static URLClassLoader newLoader(Path jar) {
        try {
            return new URLClassLoader(new URL[] {jar.toUri().toURL()}, PluginRegistry.class.getClassLoader());
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(jar + ": cannot be loaded: " + e.getMessage(), e);
        }
    }

    private void register(TaskPlugin plugin, String origin) {
        String name = plugin.name();
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(origin + ": plugin " + plugin.getClass().getName() + " has no name");
        }
        String earlier = origins.get(name);
        if (earlier != null) {
            throw new IllegalArgumentException(origin + ": plugin name '" + name + "' is already taken by "
                    + (BUILTIN.equals(earlier) ? "a builtin plugin" : earlier));
        }
        PluginDescriptor descriptor = describe(plugin, origin);
        plugins.put(name, plugin);
        origins.put(name, origin);
        descriptors.put(name, descriptor);
    }

    /** The plugin's descriptor, checked: asked once, since third-party code may be slow or throw. */
    private static PluginDescriptor describe(TaskPlugin plugin, String origin) {
        PluginDescriptor descriptor;
        try {
            descriptor = plugin.describe();
        } catch (RuntimeException | LinkageError e) {
            throw new IllegalArgumentException(origin + ": plugin '" + plugin.name() + "' cannot describe itself: " + e, e);
        }
        if (descriptor == null || !plugin.name().equals(descriptor.name())) {
            throw new IllegalArgumentException(origin + ": plugin '" + plugin.name() + "' describes itself as '"
                    + (descriptor == null ? null : descriptor.name()) + "'");
        }
        return descriptor;
    }

    private static void closeQuietly(URLClassLoader loader) {
        try {
            loader.close();
        } catch (IOException e) {
            // Closing only releases the jar file handle; nothing else depends on it.
        }
    }
}
