package dev.varflow.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import dev.varflow.scaffold.JavaPluginScaffold;
import dev.varflow.scaffold.PluginLanguage;
import dev.varflow.scaffold.PluginScaffold;
import dev.varflow.scaffold.Scaffolds;

/** {@code varflow new plugin NAME --lang sh|python|java}: a plugin folder or a Java plugin project. */
@Command(name = "plugin", description = "Write folder NAME: an executable plugin (plugin.yaml with its params, and "
        + "the program) for --lang sh or python, or a Maven project of a Java plugin with a test for --lang java. "
        + "Never overwrites a file.")
final class NewPluginCommand implements Callable<Integer> {

    @Parameters(paramLabel = "NAME", description = "The plugin's name, as tasks write it in plugin: (letters, digits, "
            + "_, - and ., starting with a letter or digit).")
    private String name;

    @Option(names = "--lang", paramLabel = "LANG", required = true, converter = LanguageConverter.class,
            description = "sh, python or java.")
    private PluginLanguage language;

    @Option(names = "--dir", paramLabel = "DIR", description = "Where to write the folder (default: the current "
            + "directory; for sh and python, the plugins folder makes it installed at the next start).")
    private Path dir = Path.of(".");

    @Option(names = "--varflow-jar", paramLabel = "JAR", description = "For --lang java: the Varflow jar the project "
            + "compiles against (default: the jar of this varflow).")
    private Path varflowJar;

    @Option(names = { "-h", "--help" }, usageHelp = true, description = "Show this help.")
    private boolean help;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        String problem = Scaffolds.pluginNameProblem(name);
        if (problem != null) {
            spec.commandLine().getErr().println("varflow: Expected a plugin name, but the " + problem);
            return 1;
        }
        if (language != PluginLanguage.JAVA) {
            return Scaffolding.write(spec, dir, PluginScaffold.files(name, language), "install it: put "
                    + dir.resolve(name) + " in the plugins folder ($VARFLOW_PLUGINS_DIR); use it in a task: plugin: "
                    + name + " (see example: in plugin.yaml)");
        }
        Path jar = varflowJar != null ? varflowJar : ownJar();
        if (jar == null || !Files.isRegularFile(jar)) {
            spec.commandLine().getErr().println("varflow: Expected the Varflow jar to compile against, but "
                    + (jar == null ? "this varflow does not run from a jar" : jar + " is no file")
                    + " (hint: pass --varflow-jar target/quarkus-app/app/varflow-*.jar)");
            return 1;
        }
        return Scaffolding.write(spec, dir, JavaPluginScaffold.files(name, jar), "build and test it: cd "
                + dir.resolve(name) + " && " + maven(jar) + " -q package; install it: copy target/" + name
                + "-plugin-0.1.0.jar to $VARFLOW_PLUGINS_DIR");
    }

    /** The Maven wrapper of the checkout the jar was built in (target/quarkus-app/app/x.jar), else mvn. */
    private static String maven(Path jar) {
        Path checkout = jar.toAbsolutePath().getParent();
        for (int i = 0; i < 3 && checkout != null; i++) {
            checkout = checkout.getParent();
        }
        Path wrapper = checkout == null ? null : checkout.resolve("mvnw");
        return wrapper != null && Files.isExecutable(wrapper) ? wrapper.toString() : "mvn";
    }

    /** The jar this class was loaded from, or null when it runs from a classes folder. */
    private static Path ownJar() {
        try {
            Path location = Path.of(NewPluginCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return location.toString().endsWith(".jar") ? location : null;
        } catch (java.net.URISyntaxException | SecurityException | NullPointerException e) {
            return null;
        }
    }

    /** Reads {@code --lang} in any case. */
    static final class LanguageConverter implements picocli.CommandLine.ITypeConverter<PluginLanguage> {
        @Override
        public PluginLanguage convert(String value) {
            try {
                return PluginLanguage.valueOf(value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException("Expected sh, python or java, but got '"
                        + value + "'");
            }
        }
    }
}
