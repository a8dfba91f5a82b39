package dev.varflow.scaffold;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code varflow new plugin NAME --lang java}: a Maven project of a Java plugin that greets input {@code WHO}, with
 * its {@code describe()}, its {@code META-INF/services} file and a test using the plugin test kit. It compiles
 * against the Varflow jar (a {@code system} dependency on the installation's own jar, since Varflow is not
 * published to a repository) and never bundles it.
 */
public final class JavaPluginScaffold {

    /** The package of the generated class. */
    public static final String PACKAGE = "com.example.varflow";
    /** Versions the generated pom uses: the ones this project builds and tests with. */
    static final String JUNIT_VERSION = "6.0.3";
    static final String SNAKEYAML_VERSION = "2.5";

    private JavaPluginScaffold() {
    }

    /** {@code word-count} becomes {@code WordCountPlugin}; a name starting with a digit gets a {@code P}. */
    public static String className(String name) {
        StringBuilder result = new StringBuilder();
        for (String part : name.split("[-_.]+")) {
            if (!part.isEmpty()) {
                result.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
            }
        }
        String base = result.isEmpty() || Character.isDigit(result.charAt(0)) ? "P" + result : result.toString();
        return base + "Plugin";
    }

    /**
     * The project files, under a folder named after the plugin.
     *
     * @param varflowJar the Varflow jar the project compiles and tests against
     */
    public static List<ScaffoldFile> files(String name, Path varflowJar) {
        String type = className(name);
        String source = name + "/src/main/java/" + PACKAGE.replace('.', '/') + "/";
        String test = name + "/src/test/java/" + PACKAGE.replace('.', '/') + "/";
        return List.of(
                ScaffoldFile.text(name + "/pom.xml", JavaTemplates.pom(name, varflowJar.toAbsolutePath())),
                ScaffoldFile.text(source + type + ".java", JavaTemplates.plugin(name, PACKAGE, type)),
                ScaffoldFile.text(name + "/src/main/resources/META-INF/services/dev.varflow.spi.TaskPlugin",
                        PACKAGE + "." + type + "\n"),
                ScaffoldFile.text(test + type + "Test.java", JavaTemplates.test(PACKAGE, type)),
                ScaffoldFile.text(name + "/README.md", JavaTemplates.readme(name)));
    }
}
