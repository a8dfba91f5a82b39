package dev.varflow.scaffold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URLClassLoader;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.varflow.plugins.PluginRegistry;
import dev.varflow.spi.testkit.PluginTestKit;
import dev.varflow.workflow.LoadOptions;
import dev.varflow.workflow.LoadResult;
import dev.varflow.workflow.WorkflowLoader;

/** What {@code varflow new} writes: valid, runnable, never over an existing file. */
class ScaffoldsTest {

    @TempDir
    Path dir;

    @Test
    void shouldWriteAWorkflowTheLoaderAcceptsWithoutWarnings() throws IOException {
        // given
        List<ScaffoldFile> files = WorkflowScaffold.files("My first flow");

        // when
        Path written = Scaffolds.write(dir, files).get(0);
        LoadResult result = WorkflowLoader.load(written.toString(), Files.readString(written),
                new LoadOptions(Set.of(), Set.of(), name -> null)
                        .withPlugins(PluginRegistry.load(Path.of("plugins")).descriptors()));

        // then
        assertThat(written.getFileName()).hasToString("My-first-flow.yaml");
        assertThat(result.problems()).isEmpty();
        assertThat(result.workflow().name()).isEqualTo("My first flow");
    }

    @ParameterizedTest
    @EnumSource(value = PluginLanguage.class, names = { "SH", "PYTHON" })
    void shouldWriteAnExecutablePluginThatRunsLikeOnAWorker(PluginLanguage language) throws IOException {
        // given
        Scaffolds.write(dir, PluginScaffold.files("hello", language));
        PluginTestKit kit = PluginTestKit.executable(dir.resolve("hello")).input("WHO", "Ada; $(touch x) 'q\"");

        // when / then: the value is data, whatever it holds
        kit.param("greeting", "Bonjour").run().assertSucceeded().assertOutput("MESSAGE", "Bonjour, Ada; $(touch x) 'q\"!");
        kit.run().assertOutput("MESSAGE", "Hello, Ada; $(touch x) 'q\"!");
        PluginTestKit.executable(dir.resolve("hello")).run().assertFailed("exit");
        assertThat(PluginRegistry.load(dir).descriptor("hello").orElseThrow().param("greeting").orElseThrow()
                .defaultValue()).isEqualTo("Hello");
    }

    @Test
    void shouldWriteAJavaProjectWhoseTestPassesWithTheTestKit() throws Exception {
        // given
        Scaffolds.write(dir, JavaPluginScaffold.files("word-greet", Path.of("target", "classes")));
        Path project = dir.resolve("word-greet");
        List<Path> sources;
        try (Stream<Path> walk = Files.walk(project.resolve("src"))) {
            sources = walk.filter(p -> p.toString().endsWith(".java")).toList();
        }
        Path classes = Files.createDirectories(dir.resolve("classes"));

        // when: compiled against the test class path, as mvn package would against the Varflow jar
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        List<String> arguments = new ArrayList<>(List.of("--release", "17", "-proc:none", "-cp",
                System.getProperty("java.class.path"), "-d", classes.toString()));
        sources.forEach(source -> arguments.add(source.toString()));
        int compiled = compiler.run(null, null, null, arguments.toArray(String[]::new));

        // then the generated tests pass, and the service file names the class
        assertThat(compiled).isZero();
        assertThat(Files.readString(project.resolve("src/main/resources/META-INF/services/dev.varflow.spi.TaskPlugin")))
                .isEqualTo("com.example.varflow.WordGreetPlugin\n");
        assertThat(Files.readString(project.resolve("pom.xml"))).contains("<scope>system</scope>")
                .contains("<artifactId>word-greet-plugin</artifactId>");
        try (URLClassLoader loader = new URLClassLoader(new java.net.URL[] {classes.toUri().toURL()},
                getClass().getClassLoader())) {
            Class<?> test = loader.loadClass("com.example.varflow.WordGreetPluginTest");
            List<String> ran = new ArrayList<>();
            for (Method method : test.getDeclaredMethods()) {
                if (method.isAnnotationPresent(Test.class)) {
                    method.setAccessible(true);
                    var constructor = test.getDeclaredConstructor();
                    constructor.setAccessible(true);
                    method.invoke(constructor.newInstance());
                    ran.add(method.getName());
                }
            }
            assertThat(ran).hasSize(3);
        }
    }

    @Test
    void shouldRefuseToOverwriteAndWriteNothing() throws IOException {
        // given
        Files.createDirectories(dir.resolve("hello"));
        Files.writeString(dir.resolve("hello/run.sh"), "mine");

        // when / then
        assertThatThrownBy(() -> Scaffolds.write(dir, PluginScaffold.files("hello", PluginLanguage.SH)))
                .isInstanceOf(FileAlreadyExistsException.class).hasMessageContaining("hello/run.sh");
        assertThat(dir.resolve("hello/plugin.yaml")).doesNotExist();
        assertThat(dir.resolve("hello/run.sh")).hasContent("mine");
    }

    @Test
    void shouldCheckNamesWithTheNameGrammar() {
        // when / then
        assertThat(Scaffolds.pluginNameProblem("../x")).contains("path separator");
        assertThat(Scaffolds.pluginNameProblem("_x")).contains("start with a letter or digit");
        assertThat(Scaffolds.pluginNameProblem("my plugin")).contains("whitespace");
        assertThat(Scaffolds.pluginNameProblem("word-count")).isNull();
        assertThat(Scaffolds.workflowNameProblem("Disk Monitoring Workflow")).isNull();
        assertThat(Scaffolds.workflowNameProblem("a;rm -rf")).isNotNull();
        assertThat(JavaPluginScaffold.className("9lives.v2")).isEqualTo("P9livesV2Plugin");
    }

    @Test
    void shouldPinTheVersionsThisProjectBuildsWith() throws IOException {
        // given
        String pom = Files.readString(Path.of("pom.xml"));

        // when / then
        assertThat(pom).contains("<snakeyaml.version>" + JavaPluginScaffold.SNAKEYAML_VERSION + "</snakeyaml.version>");
    }
}
