package dev.varflow.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import dev.varflow.spi.TaskPlugin;
import dev.varflow.spi.TaskResult;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginRegistryTest {

    private static final Path JAVA_HELLO = Path.of("examples", "plugins", "java-hello");
    private static final String SERVICE_FILE = "META-INF/services/dev.varflow.spi.TaskPlugin";

    @TempDir
    Path pluginsDir;

    @TempDir
    Path buildDir;

    @Test
    void shouldLoadBuiltinsWithoutFolder() {
        // when
        PluginRegistry registry = PluginRegistry.load(null);

        // then
        assertThat(registry.names()).containsExactly("cmd", "df", "end", "noop", "start", "touched");
        assertThat(registry.loadErrors()).isEmpty();
        assertThat(registry.all()).hasSize(6);
    }

    @Test
    void shouldLoadShippedPluginsFolder() {
        // when
        PluginRegistry registry = PluginRegistry.load(Path.of("plugins"));

        // then
        assertThat(registry.loadErrors()).isEmpty();
        assertThat(registry.find("word-count")).get().isInstanceOf(ExecutablePlugin.class);
    }

    @Test
    void shouldLoadJavaPluginWithServiceLoader() throws Exception {
        // given
        buildGreetJar(pluginsDir.resolve("greet.jar"));

        // when
        PluginRegistry registry = PluginRegistry.load(pluginsDir);
        TaskPlugin greet = registry.find("greet").orElseThrow();
        TaskResult result = greet.execute(TestTaskContext.in(buildDir).withInput("NAME", "Ada"))
                .toCompletableFuture().get(5, TimeUnit.SECONDS);

        // then
        assertThat(registry.loadErrors()).isEmpty();
        assertThat(registry.names()).contains("greet", "start");
        assertThat(result.outputs()).containsEntry("GREETING", "Hello, Ada!");
    }

    @Test
    void shouldReportBrokenPluginsAndKeepBuiltins() throws Exception {
        // given
        Path badManifest = Files.createDirectories(pluginsDir.resolve("bad"));
        Files.writeString(badManifest.resolve("plugin.yaml"), "name: [unclosed\n");
        Files.writeString(pluginsDir.resolve("broken.jar"), "not a zip");
        Path clash = Files.createDirectories(pluginsDir.resolve("clash"));
        Files.writeString(clash.resolve("plugin.yaml"), "name: cmd\ncommand: [\"true\"]\n");

        // when
        PluginRegistry registry = PluginRegistry.load(pluginsDir);
        TaskResult start = registry.find("start").orElseThrow().execute(TestTaskContext.in(buildDir))
                .toCompletableFuture().get(5, TimeUnit.SECONDS);

        // then
        assertThat(registry.loadErrors()).hasSize(3);
        assertThat(registry.loadErrors()).anySatisfy(error ->
                assertThat(error).contains(badManifest.resolve("plugin.yaml").toString()).contains("invalid YAML"));
        assertThat(registry.loadErrors()).anySatisfy(error ->
                assertThat(error).contains("broken.jar").contains("not a readable jar"));
        assertThat(registry.loadErrors()).anySatisfy(error ->
                assertThat(error).contains(clash.resolve("plugin.yaml").toString()).contains("'cmd' is already taken"));
        assertThat(registry.find("cmd")).get().isInstanceOf(CmdPlugin.class);
        assertThat(start.outcome()).isEqualTo(TaskResult.Outcome.SUCCEEDED);
    }

    private void buildGreetJar(Path jar) throws Exception {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        Path classes = Files.createDirectories(buildDir.resolve("classes"));
        // Surefire may hand the JVM a manifest-only jar, so the SPI's own location is added explicitly.
        String spiLocation = Path.of(TaskPlugin.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString();
        String classpath = System.getProperty("java.class.path") + File.pathSeparator + spiLocation;
        Path source = JAVA_HELLO.resolve("src/main/java/com/example/varflow/GreetPlugin.java");
        int status = compiler.run(null, null, null, "--release", "17", "-cp", classpath, "-d", classes.toString(),
                source.toString());
        assertThat(status).isZero();
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
                Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                addEntry(out, classes.relativize(file).toString().replace(File.separatorChar, '/'), file);
            }
            addEntry(out, SERVICE_FILE, JAVA_HELLO.resolve("src/main/resources").resolve(SERVICE_FILE));
        }
    }

    private static void addEntry(JarOutputStream out, String name, Path file) throws Exception {
        out.putNextEntry(new JarEntry(name));
        Files.copy(file, out);
        out.closeEntry();
    }
}
