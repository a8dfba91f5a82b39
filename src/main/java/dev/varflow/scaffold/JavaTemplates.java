package dev.varflow.scaffold;

import java.nio.file.Path;

/** The texts of a generated Java plugin project. */
final class JavaTemplates {

    private JavaTemplates() {
    }

    static String pom(String name, Path varflowJar) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <project xmlns="http://maven.apache.org/POM/4.0.0"
                         xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                         xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
                  <modelVersion>4.0.0</modelVersion>

                  <groupId>%1$s</groupId>
                  <artifactId>%2$s-plugin</artifactId>
                  <version>0.1.0</version>
                  <description>Varflow plugin %2$s</description>

                  <properties>
                    <maven.compiler.release>17</maven.compiler.release>
                    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
                    <!-- The Varflow jar to compile and test against (mvn -Dvarflow.jar=... to use another). -->
                    <varflow.jar>%3$s</varflow.jar>
                  </properties>

                  <dependencies>
                    <!-- The worker provides dev.varflow.spi at run time: compiled against, never bundled. -->
                    <dependency>
                      <groupId>dev.varflow</groupId>
                      <artifactId>varflow</artifactId>
                      <version>installed</version>
                      <scope>system</scope>
                      <systemPath>${varflow.jar}</systemPath>
                    </dependency>
                    <!-- The plugin test kit reads plugin.yaml files and param values with it. -->
                    <dependency>
                      <groupId>org.yaml</groupId>
                      <artifactId>snakeyaml</artifactId>
                      <version>%4$s</version>
                      <scope>test</scope>
                    </dependency>
                    <dependency>
                      <groupId>org.junit.jupiter</groupId>
                      <artifactId>junit-jupiter</artifactId>
                      <version>%5$s</version>
                      <scope>test</scope>
                    </dependency>
                  </dependencies>

                  <build>
                    <plugins>
                      <plugin>
                        <artifactId>maven-compiler-plugin</artifactId>
                        <version>3.14.0</version>
                      </plugin>
                      <plugin>
                        <artifactId>maven-surefire-plugin</artifactId>
                        <version>3.5.4</version>
                      </plugin>
                      <plugin>
                        <artifactId>maven-resources-plugin</artifactId>
                        <version>3.3.1</version>
                      </plugin>
                      <plugin>
                        <artifactId>maven-jar-plugin</artifactId>
                        <version>3.4.1</version>
                      </plugin>
                    </plugins>
                  </build>
                </project>
                """.formatted(JavaPluginScaffold.PACKAGE, name, varflowJar, JavaPluginScaffold.SNAKEYAML_VERSION,
                JavaPluginScaffold.JUNIT_VERSION);
    }

    static String plugin(String name, String pkg, String type) {
        return """
                package %1$s;

                import java.util.List;
                import java.util.Map;
                import java.util.concurrent.CompletableFuture;
                import java.util.concurrent.CompletionStage;

                import dev.varflow.spi.PluginDescriptor;
                import dev.varflow.spi.PluginDescriptor.Param;
                import dev.varflow.spi.PluginDescriptor.ParamType;
                import dev.varflow.spi.PluginDescriptor.Port;
                import dev.varflow.spi.TaskContext;
                import dev.varflow.spi.TaskPlugin;
                import dev.varflow.spi.TaskResult;

                /** Varflow plugin {@code %2$s}: greets the input WHO as MESSAGE ("Hello, Ada!"). */
                public class %3$s implements TaskPlugin {

                    private static final String DEFAULT_GREETING = "Hello";

                    @Override
                    public String name() {
                        return "%2$s";
                    }

                    /** What the loader checks tasks against, and what varflow plugins and editors show. */
                    @Override
                    public PluginDescriptor describe() {
                        return new PluginDescriptor(name(), "Greets the input WHO as MESSAGE",
                                List.of(Param.optional("greeting", ParamType.STRING, DEFAULT_GREETING,
                                        "the word before the name", "Bonjour")),
                                false,
                                List.of(new Port("WHO", "who to greet", true)),
                                List.of(Port.of("MESSAGE", "the greeting, e.g. Hello, Ada!")),
                                "- name: GREET\\n  plugin: %2$s\\n  inputs: [WHO]\\n  outputs: [MESSAGE]\\n"
                                        + "  params:\\n    greeting: Bonjour\\n");
                    }

                    /** Must not block: work that blocks goes in a BlockingTaskPlugin's run() instead. */
                    @Override
                    public CompletionStage<TaskResult> execute(TaskContext context) {
                        String who = context.inputs().get("WHO");
                        if (who == null || who.isBlank()) {
                            return CompletableFuture.completedFuture(TaskResult.failed("input WHO is not set"));
                        }
                        String greeting = context.param("greeting", DEFAULT_GREETING);
                        return CompletableFuture.completedFuture(TaskResult.succeeded(Map.of("MESSAGE",
                                greeting + ", " + who + "!")));
                    }
                }
                """.formatted(pkg, name, type);
    }

    static String test(String pkg, String type) {
        return """
                package %1$s;

                import org.junit.jupiter.api.Test;

                import dev.varflow.spi.testkit.PluginTestKit;

                /** Runs the plugin as a worker would, without Kafka or a database. */
                class %2$sTest {

                    @Test
                    void shouldGreetTheInputWithTheGreetingParam() {
                        // given
                        PluginTestKit kit = PluginTestKit.of(new %2$s()).input("WHO", "Ada").param("greeting", "Bonjour");

                        // when / then
                        kit.run().assertSucceeded().assertOutput("MESSAGE", "Bonjour, Ada!");
                    }

                    @Test
                    void shouldSayHelloByDefault() {
                        PluginTestKit.of(new %2$s()).input("WHO", "Ada").run().assertOutput("MESSAGE", "Hello, Ada!");
                    }

                    @Test
                    void shouldFailWithoutTheInput() {
                        PluginTestKit.of(new %2$s()).run().assertFailed("input WHO is not set");
                    }
                }
                """.formatted(pkg, type);
    }

    static String readme(String name) {
        return """
                # Varflow plugin %1$s

                A Java plugin (docs/plugins.md, "Java plugins"): `src/main/java` holds the `TaskPlugin`, listed in
                `src/main/resources/META-INF/services/dev.varflow.spi.TaskPlugin`; `src/test/java` runs it with the
                plugin test kit (`dev.varflow.spi.testkit.PluginTestKit`), without Kafka or a database.

                Build with Maven 3.9 or later (the Varflow checkout's `./mvnw` works offline once Varflow is built):

                ```sh
                mvn -q package                                 # compiles, runs the tests, writes target/%1$s-plugin-0.1.0.jar
                cp target/%1$s-plugin-0.1.0.jar "$VARFLOW_PLUGINS_DIR"/  # then restart Varflow; varflow plugins lists it
                ```
                """.formatted(name);
    }
}
