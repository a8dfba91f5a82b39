package dev.varflow.workflow;

import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.varflow.spi.PluginDescriptor;
import dev.varflow.spi.PluginDescriptor.Param;

/**
 * The JSON Schema of one plugin's {@code params:}, from its {@link PluginDescriptor}: each param's type as
 * {@link ParamCheck} checks it (a YAML scalar may be written quoted, so {@code "5"} is an integer too), its default,
 * example and description.
 */
final class ParamSchemas {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String INTEGER_TEXT = "^[-+]?\\d{1,19}$";

    private ParamSchemas() {
    }

    /** The schema of a task's params for this plugin. */
    static ObjectNode of(PluginDescriptor plugin) {
        ObjectNode schema = JSON.objectNode();
        schema.put("type", "object");
        StringBuilder description = new StringBuilder("Params of plugin " + plugin.name());
        description.append(plugin.summary().isEmpty() ? "." : ": " + plugin.summary());
        if (plugin.additionalParams()) {
            description.append(" The plugin does not describe its params: any are accepted.");
        }
        schema.put("description", description.toString());
        ObjectNode properties = schema.putObject("properties");
        ArrayNode required = JSON.arrayNode();
        for (Param param : plugin.params()) {
            properties.set(param.name(), param(param));
            if (param.required()) {
                required.add(param.name());
            }
        }
        if (!required.isEmpty()) {
            schema.set("required", required);
        }
        schema.put("additionalProperties", plugin.additionalParams());
        return schema;
    }

    /** The task-level schema for a plugin whose params are required: params may then not be left out. */
    static boolean needsParams(PluginDescriptor plugin) {
        return plugin.params().stream().anyMatch(Param::required);
    }

    private static ObjectNode param(Param param) {
        ObjectNode schema = type(param);
        String description = param.description().isEmpty() ? param.name() : param.description();
        String type = param.type().name().toLowerCase(Locale.ROOT);
        schema.put("description", description + " (" + type + (param.required() ? ", required" : "")
                + (param.defaultValue() == null ? "" : ", default " + param.defaultValue()) + ")");
        if (param.defaultValue() != null) {
            typed(param, param.defaultValue()).ifPresent(value -> schema.set("default", value));
        }
        if (!param.example().isEmpty()) {
            typed(param, param.example()).ifPresent(value -> schema.putArray("examples").add(value));
        }
        return schema;
    }

    private static ObjectNode type(Param param) {
        ObjectNode schema = JSON.objectNode();
        switch (param.type()) {
            case STRING -> {
                schema.set("type", WorkflowSchema.SCALAR_TYPES.deepCopy());
                if (param.required()) {
                    // ParamCheck refuses a blank required string; the pattern applies to strings only.
                    schema.put("pattern", "\\S");
                }
            }
            case PATH -> {
                schema.set("type", WorkflowSchema.SCALAR_TYPES.deepCopy());
                // Not blank, and no control characters, as ParamCheck's path rule.
                schema.put("pattern", "^[^\\x00-\\x1F\\x7F]*\\S[^\\x00-\\x1F\\x7F]*$");
                schema.put("maxLength", ParamCheck.MAX_PATH_LENGTH);
            }
            case INTEGER -> {
                ObjectNode number = schema.putArray("anyOf").addObject().put("type", "integer");
                if (param.min() != null) {
                    number.put("minimum", param.min());
                }
                if (param.max() != null) {
                    number.put("maximum", param.max());
                }
                ((ArrayNode) schema.get("anyOf")).addObject().put("type", "string").put("pattern", INTEGER_TEXT);
            }
            case DURATION -> schema.put("$ref", "#/definitions/duration");
            case BOOLEAN -> {
                schema.putArray("anyOf").addObject().put("type", "boolean");
                ((ArrayNode) schema.get("anyOf")).addObject().putArray("enum").add("true").add("false");
            }
            case LIST -> schema.put("type", "array");
            case MAP -> schema.put("type", "object");
            default -> throw new IllegalStateException("no schema for param type " + param.type());
        }
        return schema;
    }

    /** The text of a default or example as the JSON value a YAML file would hold; empty when it fits no type. */
    private static Optional<com.fasterxml.jackson.databind.JsonNode> typed(Param param, String text) {
        if (ParamCheck.textProblem(param, text) != null) {
            return Optional.empty();
        }
        return Optional.of(switch (param.type()) {
            case INTEGER -> JSON.numberNode(Long.parseLong(text.startsWith("+") ? text.substring(1) : text));
            case BOOLEAN -> JSON.booleanNode(Boolean.parseBoolean(text));
            case DURATION -> text.matches("\\d+") ? JSON.numberNode(Long.parseLong(text)) : JSON.textNode(text);
            case LIST, MAP -> structured(param, text);
            default -> JSON.textNode(text);
        }).filter(value -> !value.isNull());
    }

    /** A list or mapping example written as YAML ({@code [a, b]}), or null when it is none. */
    private static com.fasterxml.jackson.databind.JsonNode structured(Param param, String text) {
        try {
            Object value = new org.yaml.snakeyaml.Yaml(YamlLimits.loaderOptions()).load(text);
            boolean fits = param.type() == PluginDescriptor.ParamType.LIST ? value instanceof java.util.List
                    : value instanceof java.util.Map;
            return fits ? new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(value) : JSON.nullNode();
        } catch (org.yaml.snakeyaml.error.YAMLException | IllegalArgumentException e) {
            // An example that is no YAML list or mapping is only left out of the schema.
            return JSON.nullNode();
        }
    }
}
