package dev.varflow.plugins;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import dev.varflow.spi.PluginDescriptor;
import dev.varflow.spi.PluginDescriptor.Param;
import dev.varflow.spi.PluginDescriptor.ParamType;
import dev.varflow.spi.PluginDescriptor.Port;
import dev.varflow.workflow.ParamCheck;
import dev.varflow.workflow.VariableNames;
import dev.varflow.workflow.WorkflowFiles;

/** Reads a {@code plugin.yaml} on SnakeYAML's node tree, so every problem names its line and column. */
final class ManifestReader {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
    private static final Pattern PARAM_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");
    private static final List<String> KEYS =
            List.of("name", "description", "command", "inputs", "outputs", "params", "permissions", "example");
    private static final List<String> PARAM_KEYS =
            List.of("type", "required", "default", "description", "example", "min", "max");

    private final Path directory;
    private final Path file;
    private final List<String> problems = new ArrayList<>();

    ManifestReader(Path directory) {
        this.directory = directory;
        this.file = directory.resolve(ExecutablePluginManifest.FILE_NAME);
    }

    ExecutablePluginManifest read() {
        Node root = compose();
        Map<String, Node> entries = root instanceof MappingNode mapping ? entries(mapping, KEYS, "plugin.yaml")
                : Map.of();
        if (root != null && !(root instanceof MappingNode)) {
            error(root, "expected a mapping with name and command", null);
        }
        String name = text(entries.get("name"), "name");
        if (entries.containsKey("name") && name != null && !NAME.matcher(name).matches()) {
            error(entries.get("name"), "'name' must be a word like word-count, got '" + name + "'", null);
        } else if (root instanceof MappingNode && !entries.containsKey("name")) {
            error(root, "'name' is missing", "add name: my-plugin");
        }
        List<String> command = command(entries.get("command"), root);
        List<Param> params = params(entries.get("params"));
        List<Port> inputs = ports(entries.get("inputs"), "inputs", false);
        List<Port> outputs = ports(entries.get("outputs"), "outputs", true);
        List<String> permissions = names(entries.get("permissions"), "permissions");
        String summary = entries.containsKey("description") ? text(entries.get("description"), "description") : "";
        String example = entries.containsKey("example") ? text(entries.get("example"), "example") : "";
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("\n", problems));
        }
        // Without a params key the plugin predates descriptors: its params are passed on unchecked, as before.
        PluginDescriptor descriptor = new PluginDescriptor(name, summary, params, !entries.containsKey("params"),
                inputs, outputs, example);
        return new ExecutablePluginManifest(directory, command, java.util.Set.copyOf(permissions), descriptor);
    }

    private Node compose() {
        try {
            String source = WorkflowFiles.read(file);
            Node root = new Yaml(new LoaderOptions()).compose(new StringReader(source));
            if (root == null) {
                problems.add(file + ":1:1: error: the file is empty (hint: start with name: and command:)");
            }
            return root;
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read: " + e.getMessage(), e);
        } catch (MarkedYAMLException e) {
            problems.add(location(e.getProblemMark()) + ": error: invalid YAML: " + e.getProblem());
        } catch (YAMLException e) {
            problems.add(file + ":1:1: error: invalid YAML: " + e.getMessage());
        }
        throw new IllegalArgumentException(String.join("\n", problems));
    }

    private Map<String, Node> entries(MappingNode mapping, List<String> allowed, String block) {
        Map<String, Node> entries = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            String key = tuple.getKeyNode() instanceof ScalarNode scalar ? scalar.getValue() : null;
            if (key == null || !allowed.contains(key)) {
                error(tuple.getKeyNode(), "unknown key " + (key == null ? "" : "'" + key + "' ") + "in " + block,
                        "allowed: " + String.join(", ", allowed));
            } else if (entries.putIfAbsent(key, tuple.getValueNode()) != null) {
                error(tuple.getKeyNode(), "duplicate key '" + key + "' in " + block, "remove one of them");
            }
        }
        return entries;
    }

    private List<String> command(Node node, Node root) {
        List<String> command = node instanceof ScalarNode scalar && !scalar.getValue().isBlank()
                ? List.of(scalar.getValue()) : node == null ? List.of() : names(node, "command");
        if (command.isEmpty()) {
            error(node == null ? root : node, "'command' must be a non-empty list of strings", "command: [\"./run.sh\"]");
            return command;
        }
        List<String> resolved = new ArrayList<>();
        for (String part : command) {
            resolved.add(isPluginRelative(part) ? directory.toAbsolutePath().resolve(part).normalize().toString()
                    : part);
        }
        Path program = Path.of(resolved.get(0));
        if (isPluginRelative(command.get(0)) && !Files.isExecutable(program)) {
            error(node, "command " + command.get(0) + (Files.exists(program) ? " is not executable"
                    : " does not exist"), Files.exists(program) ? "chmod +x " + program : null);
        }
        return resolved;
    }

    private static boolean isPluginRelative(String part) {
        return part.startsWith("./") || part.startsWith("../");
    }

    /** {@code params:} as a list of names (string params) or a mapping of name to its declaration. */
    private List<Param> params(Node node) {
        List<Param> params = new ArrayList<>();
        if (node == null) {
            return params;
        }
        if (node instanceof SequenceNode) {
            names(node, "params").forEach(name -> params.add(Param.optional(name, ParamType.STRING, null, "", "")));
            return params;
        }
        if (!(node instanceof MappingNode mapping)) {
            error(node, "'params' must be a mapping of param names to their type, description...", null);
            return params;
        }
        for (NodeTuple tuple : mapping.getValue()) {
            String name = tuple.getKeyNode() instanceof ScalarNode scalar ? scalar.getValue() : "";
            if (!PARAM_NAME.matcher(name).matches()) {
                error(tuple.getKeyNode(), "param name '" + name + "' must be letters, digits, _ and -", null);
            } else if (tuple.getValueNode() instanceof MappingNode declaration) {
                param(name, declaration).ifPresent(params::add);
            } else {
                error(tuple.getValueNode(), "param '" + name + "' must be a mapping with type and description",
                        "type: string, description: ...");
            }
        }
        return params;
    }

    private java.util.Optional<Param> param(String name, MappingNode declaration) {
        Map<String, Node> keys = entries(declaration, PARAM_KEYS, "param '" + name + "'");
        String typeText = keys.containsKey("type") ? text(keys.get("type"), "type") : "string";
        ParamType type;
        try {
            type = ParamType.valueOf(typeText == null ? "" : typeText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            error(keys.get("type"), "param '" + name + "': unknown type '" + typeText + "'",
                    "one of string, integer, duration, path, boolean, list, map");
            return java.util.Optional.empty();
        }
        boolean required = keys.containsKey("required") && bool(keys.get("required"), "required");
        String defaultValue = keys.containsKey("default") ? text(keys.get("default"), "default") : null;
        Long min = keys.containsKey("min") ? number(keys.get("min")) : null;
        Long max = keys.containsKey("max") ? number(keys.get("max")) : null;
        if ((min != null || max != null) && type != ParamType.INTEGER) {
            error(keys.containsKey("min") ? keys.get("min") : keys.get("max"), "param '" + name + "': min and max "
                    + "apply to integer params only", null);
        }
        if (required && defaultValue != null) {
            error(keys.get("default"), "param '" + name + "' is required, so it cannot have a default",
                    "remove required: true or the default");
            return java.util.Optional.empty();
        }
        Param param = new Param(name, type, required, defaultValue,
                keys.containsKey("description") ? text(keys.get("description"), "description") : "",
                keys.containsKey("example") ? text(keys.get("example"), "example") : "", min, max);
        String problem = defaultValue == null ? null : ParamCheck.textProblem(param, defaultValue);
        if (problem != null) {
            error(keys.get("default"), "param '" + name + "': the default " + problem, null);
        }
        return java.util.Optional.of(param);
    }

    /** {@code inputs:}/{@code outputs:} as a list of names or a mapping of name to description. */
    private List<Port> ports(Node node, String key, boolean anyAllowed) {
        List<Port> ports = new ArrayList<>();
        if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                String name = tuple.getKeyNode() instanceof ScalarNode scalar ? scalar.getValue() : "";
                if (checkVariable(tuple.getKeyNode(), name, key, anyAllowed)) {
                    ports.add(Port.of(name, text(tuple.getValueNode(), key + "." + name)));
                }
            }
            return ports;
        }
        for (String name : names(node, key)) {
            if (checkVariable(node, name, key, anyAllowed)) {
                ports.add(Port.of(name, ""));
            }
        }
        return ports;
    }

    private boolean checkVariable(Node node, String name, String key, boolean anyAllowed) {
        String problem = anyAllowed && PluginDescriptor.ANY.equals(name) ? null : VariableNames.problem(name);
        if (problem != null) {
            error(node, key + ": " + problem, null);
        }
        return problem == null;
    }

    private List<String> names(Node node, String key) {
        if (node == null || node instanceof ScalarNode scalar && Tag.NULL.equals(scalar.getTag())) {
            return List.of();
        }
        if (!(node instanceof SequenceNode sequence) || sequence.getValue().stream()
                .anyMatch(item -> !(item instanceof ScalarNode scalar) || scalar.getValue().isBlank())) {
            error(node, "'" + key + "' must be a list of names", null);
            return List.of();
        }
        return sequence.getValue().stream().map(item -> ((ScalarNode) item).getValue()).toList();
    }

    private String text(Node node, String key) {
        if (node instanceof ScalarNode scalar && !Tag.NULL.equals(scalar.getTag())) {
            return scalar.getValue().strip();
        }
        if (node != null) {
            error(node, "'" + key + "' must be a single value", null);
        }
        return null;
    }

    private boolean bool(Node node, String key) {
        if (node instanceof ScalarNode scalar && Tag.BOOL.equals(scalar.getTag())) {
            return Boolean.parseBoolean(scalar.getValue().toLowerCase(Locale.ROOT));
        }
        error(node, "'" + key + "' must be true or false", null);
        return false;
    }

    private Long number(Node node) {
        if (node instanceof ScalarNode scalar && Tag.INT.equals(scalar.getTag())) {
            try {
                return Long.parseLong(scalar.getValue());
            } catch (NumberFormatException e) {
                // Falls through to the error below.
            }
        }
        error(node, "min and max must be whole numbers", null);
        return null;
    }

    private void error(Node node, String message, String hint) {
        String line = location(node == null ? null : node.getStartMark()) + ": error: " + message;
        problems.add(hint == null ? line : line + " (hint: " + hint + ")");
    }

    private String location(Mark mark) {
        return mark == null ? file + ":1:1" : file + ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1);
    }
}
