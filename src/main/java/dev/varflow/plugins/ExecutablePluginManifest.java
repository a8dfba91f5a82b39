package dev.varflow.plugins;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The {@code plugin.yaml} of an executable plugin directory.
 *
 * <p>Command elements starting with {@code ./} or {@code ../} are resolved against the plugin directory, so
 * {@code ["./run.sh"]} and {@code ["python3", "./main.py"]} both find files shipped with the plugin; other
 * elements are passed as they are (a bare program name is looked up on PATH).
 *
 * @param directory the plugin directory
 * @param name plugin name used in workflows
 * @param description one-line description
 * @param command program and arguments, resolved as described above
 * @param inputs input variable names the plugin reads
 * @param outputs output names the plugin may emit
 * @param params parameter names the plugin understands
 * @param permissions permission names every task using the plugin needs
 */
public record ExecutablePluginManifest(Path directory, String name, String description, List<String> command,
        List<String> inputs, List<String> outputs, List<String> params, Set<String> permissions) {

    public static final String FILE_NAME = "plugin.yaml";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
    private static final Set<String> KEYS =
            Set.of("name", "description", "command", "inputs", "outputs", "params", "permissions");

    public ExecutablePluginManifest {
        command = List.copyOf(command);
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        params = List.copyOf(params);
        permissions = Set.copyOf(permissions);
        description = description == null ? "" : description;
    }

    /**
     * Reads and checks {@code <directory>/plugin.yaml}.
     *
     * @throws IllegalArgumentException naming the file when it is unreadable or invalid
     */
    public static ExecutablePluginManifest load(Path directory) {
        Path file = directory.resolve(FILE_NAME);
        Object document;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            document = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read: " + e.getMessage(), e);
        } catch (YAMLException e) {
            throw new IllegalArgumentException(file + ": invalid YAML: " + e.getMessage(), e);
        }
        if (!(document instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(file + ": expected a mapping with name and command");
        }
        for (Object key : map.keySet()) {
            if (!KEYS.contains(String.valueOf(key))) {
                throw new IllegalArgumentException(file + ": unknown key '" + key + "' (allowed: " + String.join(", ",
                        KEYS.stream().sorted().toList()) + ")");
            }
        }
        Object nameValue = map.get("name");
        if (!(nameValue instanceof String name) || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(file + ": 'name' must be a word like word-count, got " + nameValue);
        }
        Object descriptionValue = map.get("description");
        String description = descriptionValue == null ? "" : descriptionValue.toString().strip();
        List<String> command = command(file, map.get("command"));
        if (command.isEmpty()) {
            throw new IllegalArgumentException(file + ": 'command' must be a non-empty list of strings");
        }
        List<String> resolved = new ArrayList<>();
        for (String part : command) {
            resolved.add(isPluginRelative(part) ? directory.toAbsolutePath().resolve(part).normalize().toString() : part);
        }
        Path program = Path.of(resolved.get(0));
        if (isPluginRelative(command.get(0)) && !Files.isExecutable(program)) {
            throw new IllegalArgumentException(file + ": command " + command.get(0)
                    + (Files.exists(program) ? " is not executable (chmod +x)" : " does not exist"));
        }
        return new ExecutablePluginManifest(directory, name, description, resolved,
                names(file, map, "inputs"), names(file, map, "outputs"), names(file, map, "params"),
                Set.copyOf(names(file, map, "permissions")));
    }

    private static boolean isPluginRelative(String part) {
        return part.startsWith("./") || part.startsWith("../");
    }

    private static List<String> command(Path file, Object value) {
        if (value instanceof String single && !single.isBlank()) {
            return List.of(single);
        }
        if (!(value instanceof List<?> list) || list.stream().anyMatch(part -> !(part instanceof String))) {
            throw new IllegalArgumentException(file + ": 'command' must be a non-empty list of strings");
        }
        return list.stream().map(String.class::cast).toList();
    }

    private static List<String> names(Path file, Map<?, ?> map, String key) {
        Object value = map.get(key);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)
                || list.stream().anyMatch(item -> !(item instanceof String text) || text.isBlank())) {
            throw new IllegalArgumentException(file + ": '" + key + "' must be a list of names");
        }
        return list.stream().map(String.class::cast).toList();
    }
}
