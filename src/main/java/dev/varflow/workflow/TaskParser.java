package dev.varflow.workflow;

import dev.varflow.workflow.ParsedTask.Located;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

import dev.varflow.spi.PluginDescriptor;

/**
 * Reads one entry of {@code tasks:}. The task-level {@code foreach} and {@code concurrency} go into the task's
 * {@link Execution}; the condition ({@code when}, spelled {@code run_if} too) is kept as text in the
 * {@link ParsedTask} until the loader compiles it.
 */
final class TaskParser {

    /** Plugins every installation understands, whatever the plugin registry holds. */
    static final Set<String> BUILTIN_PLUGINS = Set.of("start", "end");

    private final ProblemCollector problems;
    private final Set<String> knownPlugins;
    private final LoadOptions options;

    TaskParser(ProblemCollector problems, LoadOptions options) {
        this.problems = problems;
        this.knownPlugins = options.knownPlugins();
        this.options = options;
    }

    ParsedTask parse(MappingNode node, int index) {
        Map<String, NodeTuple> entries = KeyCheck.entries(node, KeyCheck.TASK_KEYS, "task", problems);
        SourceLocation location = problems.at(node);

        String name = entries.containsKey("name")
                ? YamlValues.string(value(entries, "name"), "task name", problems).orElse(null) : null;
        if (!entries.containsKey("name")) {
            problems.error(node, "task #" + (index + 1) + " has no name", "add name: \"...\"");
        }
        if (name != null && StorableText.problem("task name", name) == null
                && Names.problem("task name", name) != null) {
            problems.rule(value(entries, "name"), Names.problem("task name", name), Names.hint());
            name = options.limits().strict() ? null : name;
        }
        String label = name == null ? "task #" + (index + 1) : "task '" + name + "'";
        String plugin = readPlugin(entries, node, label);

        List<Located> inputs = variables(entries, "inputs", label, false);
        List<Located> outputs = variables(entries, "outputs", label, true);
        if ("start".equals(plugin) && outputs.isEmpty()) {
            // A start task exists to fire the workflow; TRUE is the conventional signal the seed workflows wait on.
            outputs = List.of(new Located("TRUE", location));
        }
        Map<String, Object> params = params(entries, label);
        PluginDescriptor descriptor = plugin == null ? null : options.descriptors().get(plugin);
        if (descriptor != null && (!entries.containsKey("params") || value(entries, "params") instanceof MappingNode
                || YamlValues.isNull(value(entries, "params")))) {
            Node paramsNode = entries.containsKey("params") ? value(entries, "params") : null;
            new ParamCheck(problems).check(descriptor, paramsNode instanceof MappingNode m ? m : null,
                    value(entries, "plugin"), label);
        }
        List<Located> dependsOn = new ArrayList<>();
        Execution execution = fanOut(entries, label, execution(entries, label, dependsOn));
        String when = when(entries, label);
        List<String> permissions = permissions(entries, label);
        boolean requiresAuth = entries.containsKey("requires_auth")
                && YamlValues.bool(value(entries, "requires_auth"), label + ": requires_auth", problems)
                        .orElse(false);

        TaskDefinition definition = new TaskDefinition(name == null ? "#" + (index + 1) : name,
                plugin == null ? "" : plugin, values(inputs), values(outputs), params, execution, permissions,
                requiresAuth, location);
        SourceLocation nameLocation = name == null ? location : problems.at(value(entries, "name"));
        return new ParsedTask(definition, name != null, nameLocation, inputs, outputs, dependsOn, when);
    }

    private String readPlugin(Map<String, NodeTuple> entries, Node node, String label) {
        if (!entries.containsKey("plugin")) {
            problems.error(node, label + " has no plugin", "add plugin: \"...\", e.g. cmd");
            return null;
        }
        Node pluginNode = value(entries, "plugin");
        String plugin = YamlValues.string(pluginNode, label + ": plugin", problems).orElse(null);
        if (plugin != null && !knownPlugins.isEmpty() && !knownPlugins.contains(plugin)
                && !BUILTIN_PLUGINS.contains(plugin)) {
            Set<String> available = new TreeSet<>(knownPlugins);
            available.addAll(BUILTIN_PLUGINS);
            problems.error(pluginNode, label + " uses unknown plugin '" + plugin + "'",
                    "known plugins: " + String.join(", ", available));
        }
        return plugin;
    }

    private List<Located> variables(Map<String, NodeTuple> entries, String key, String label, boolean output) {
        if (!entries.containsKey(key)) {
            return List.of();
        }
        List<Located> variables = new ArrayList<>();
        for (ScalarNode item : YamlValues.stringList(value(entries, key), label + ": " + key, problems)
                .orElse(List.of())) {
            String variable = item.getValue();
            boolean wildcard = output && TaskDefinition.ANY_OUTPUT.equals(variable);
            if (wildcard) {
                variables.add(new Located(variable, problems.at(item)));
            } else if (YamlValues.VARIABLE_NAME.matcher(variable).matches()) {
                String reserved = VariableNames.problem(variable);
                if (reserved == null) {
                    variables.add(new Located(variable, problems.at(item)));
                } else {
                    problems.error(item, label + ": " + reserved + " in " + key, VariableNames.isAuthToken(variable)
                            ? "the run's token reaches only the permission check, never a task"
                            : "rename the variable, e.g. " + suggestion(variable));
                }
            } else {
                problems.error(item, label + ": invalid variable name '" + variable + "' in " + key,
                        "names are letters, digits and _, not starting with a digit"
                                + (output ? "; '*' alone accepts any output" : ""));
            }
        }
        if (output && variables.size() > 1
                && variables.stream().anyMatch(v -> TaskDefinition.ANY_OUTPUT.equals(v.value()))) {
            problems.rule(value(entries, key), label + ": '*' accepts any output, so it must be the only entry of "
                    + "outputs", "write outputs: [\"*\"] or list the names without '*'");
        }
        return variables;
    }

    /** A name in the same spirit that is not reserved, for the hint. */
    static String suggestion(String variable) {
        return "TASK_" + variable.toUpperCase(java.util.Locale.ROOT).replaceFirst("^_+", "");
    }

    private Map<String, Object> params(Map<String, NodeTuple> entries, String label) {
        Map<String, Object> params = new LinkedHashMap<>();
        if (entries.containsKey("params") && !YamlValues.isNull(value(entries, "params"))) {
            YamlValues.mapping(value(entries, "params"), label + ": params", problems)
                    .ifPresent(mapping -> params.putAll(castMap(YamlValues.plain(mapping))));
        }
        return params;
    }

    private Execution execution(Map<String, NodeTuple> entries, String label, List<Located> dependsOn) {
        if (!entries.containsKey("execution")) {
            return Execution.NONE;
        }
        return YamlValues.mapping(value(entries, "execution"), label + ": execution", problems)
                .map(block -> new ExecutionBlock(problems).read(block, "execution of " + label,
                        label + ": execution.", dependsOn))
                .orElse(Execution.NONE);
    }

    /** The condition's text; it is compiled once every task is read, when all variable names are known. */
    private String when(Map<String, NodeTuple> entries, String label) {
        if (entries.containsKey("when") && entries.containsKey("run_if")) {
            problems.error(entries.get("run_if").getKeyNode(), label + " has both when and run_if",
                    "they mean the same; keep one");
        }
        String when = null;
        for (String key : List.of("when", "run_if")) {
            if (entries.containsKey(key)) {
                String condition = YamlValues.string(value(entries, key), label + ": " + key, problems).orElse(null);
                when = when == null ? condition : when;
            }
        }
        return when;
    }

    private Execution fanOut(Map<String, NodeTuple> entries, String label, Execution execution) {
        Optional<Foreach> foreach = Optional.empty();
        if (entries.containsKey("foreach")) {
            Node node = value(entries, "foreach");
            if (ForeachCheck.valid(node, label, entries, options.limits().maxFanoutWidth(), problems)) {
                foreach = Optional.of(node instanceof ScalarNode scalar ? new Foreach.Variable(scalar.getValue())
                        : new Foreach.Literal(castList(YamlValues.plain(node))));
            }
        }
        OptionalInt concurrency = OptionalInt.empty();
        if (entries.containsKey("concurrency")) {
            concurrency = YamlValues.intBetween(value(entries, "concurrency"), label + ": concurrency", 1,
                    options.limits().maxFanoutWidth(), problems)
                    .map(OptionalInt::of).orElse(OptionalInt.empty());
        }
        return new Execution(execution.dependsOn(), execution.when(), execution.timeout(), execution.deadline(),
                execution.retries(), foreach, concurrency, execution.async(), execution.workers());
    }

    private List<String> permissions(Map<String, NodeTuple> entries, String label) {
        if (!entries.containsKey("permissions")) {
            return List.of();
        }
        MappingNode block = YamlValues.mapping(value(entries, "permissions"), label + ": permissions", problems)
                .orElse(null);
        if (block == null) {
            return List.of();
        }
        NodeTuple required = KeyCheck.entries(block, KeyCheck.PERMISSION_KEYS, "permissions of " + label, problems)
                .get("required");
        if (required == null) {
            return List.of();
        }
        return YamlValues.stringList(required.getValueNode(), label + ": permissions.required", problems)
                .map(items -> items.stream().map(ScalarNode::getValue).toList())
                .orElse(List.of());
    }

    private static Node value(Map<String, NodeTuple> entries, String key) {
        return entries.get(key).getValueNode();
    }

    private static List<String> values(List<Located> located) {
        return located.stream().map(Located::value).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<Object> castList(Object plainSequence) {
        return (List<Object>) plainSequence;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object plainMapping) {
        return (Map<String, Object>) plainMapping;
    }
}
