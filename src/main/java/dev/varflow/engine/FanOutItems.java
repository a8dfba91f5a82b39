package dev.varflow.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.varflow.workflow.Foreach;
import dev.varflow.workflow.TaskDefinition;
import dev.varflow.workflow.VariableNames;

/**
 * The items of a fan-out task ({@code foreach:}): a literal list from the workflow, or the JSON array held by the
 * variable {@code foreach} names. Each item becomes the extra inputs {@code ITEM}, {@code ITEM_INDEX} and, for an
 * object item (a parameter set), one input per key; a key that is a reserved name ({@link VariableNames}) fails the
 * fan-out task instead of reaching a process environment.
 */
public final class FanOutItems {

    /** Input holding the item: the string itself for a string item, JSON text otherwise. */
    public static final String ITEM = "ITEM";
    /** Input holding the item's position, from 0. */
    public static final String ITEM_INDEX = "ITEM_INDEX";
    /** Separates the fan-out task's name from the item index in item task names ({@code task#3}). */
    public static final char SEPARATOR = '#';

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private FanOutItems() {
    }

    /** Whether the task fans out. */
    public static boolean isFanOut(TaskDefinition task) {
        return task.execution().fansOut();
    }

    /** The most items that may run at once; unlimited when {@code concurrency} is not set. */
    public static int concurrency(TaskDefinition task) {
        return task.execution().concurrency().orElse(Integer.MAX_VALUE);
    }

    /** Name of item {@code index} of fan-out task {@code task}. */
    public static String itemTask(String task, int index) {
        return task + SEPARATOR + index;
    }

    /** The fan-out task an item task belongs to, or the name itself when it is not an item. */
    public static String parentOf(String task) {
        int at = task.lastIndexOf(SEPARATOR);
        return at < 0 ? task : task.substring(0, at);
    }

    /** The item index of an item task, or -1 when the name is not an item's. */
    public static int indexOf(String task) {
        int at = task.lastIndexOf(SEPARATOR);
        if (at < 0) {
            return -1;
        }
        try {
            return Integer.parseInt(task.substring(at + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Name under which the gate keeps an output one item emitted, until the join gathers it. */
    public static String itemOutput(String itemTask, String output) {
        return itemTask + "." + output;
    }

    /**
     * Resolves the items against the run's variables; the result carries an error instead when the list is not a
     * JSON array or is wider than {@code maxWidth}.
     */
    public static Resolved resolve(TaskDefinition task, Map<String, String> variables, int maxWidth) {
        Foreach spec = task.execution().foreach()
                .orElseThrow(() -> new IllegalArgumentException("task " + task.name() + " does not fan out"));
        List<JsonNode> items = new ArrayList<>();
        String source;
        if (spec instanceof Foreach.Literal literal) {
            source = "the foreach list";
            literal.items().forEach(item -> items.add(MAPPER.valueToTree(item)));
        } else {
            String variable = ((Foreach.Variable) spec).name();
            source = "variable " + variable;
            String json = variables.get(variable);
            if (json == null) {
                return Resolved.error("foreach variable " + variable + " is not set");
            }
            try {
                JsonNode parsed = MAPPER.readTree(json);
                if (parsed == null || !parsed.isArray()) {
                    return Resolved.error("foreach variable " + variable + " must hold a JSON array, found: "
                            + abbreviate(json));
                }
                parsed.forEach(items::add);
            } catch (JsonProcessingException e) {
                return Resolved.error("foreach variable " + variable + " is not JSON: " + abbreviate(json));
            }
        }
        for (int i = 0; i < items.size(); i++) {
            String reserved = reservedKey(items.get(i));
            if (reserved != null) {
                // Keys become environment variables of the item's process: {"SHELLOPTS": "xtrace", "PS4": "$(...)"}
                // would run code in every shell the item starts.
                return Resolved.error("item " + i + " of " + source + " has a key that cannot be a variable: "
                        + reserved);
            }
        }
        if (items.size() > maxWidth) {
            return Resolved.error(source + " has " + items.size() + " items, above the fan-out width limit of "
                    + maxWidth + " (varflow.max-fanout-width)");
        }
        return new Resolved(List.copyOf(items), null);
    }

    /** The inputs of item {@code index}: the task's own inputs plus ITEM, ITEM_INDEX and a parameter set's keys. */
    public static Map<String, String> inputs(Map<String, String> taskInputs, JsonNode item, int index) {
        Map<String, String> inputs = new LinkedHashMap<>(taskInputs);
        if (item.isObject()) {
            item.fields().forEachRemaining(field -> {
                // Reserved names never get here through resolve(); skipped again in case a caller did not check.
                if (VARIABLE_NAME.matcher(field.getKey()).matches() && VariableNames.problem(field.getKey()) == null) {
                    inputs.put(field.getKey(), text(field.getValue()));
                }
            });
        }
        inputs.put(ITEM, text(item));
        inputs.put(ITEM_INDEX, String.valueOf(index));
        return inputs;
    }

    /**
     * The join: per declared output, a JSON array of what each item emitted under that name, in item order (null
     * for an item that emitted nothing).
     */
    public static Map<String, String> join(String task, List<String> outputs, int width,
            Map<String, String> variables) {
        Map<String, String> joined = new LinkedHashMap<>();
        for (String output : outputs) {
            if (TaskDefinition.ANY_OUTPUT.equals(output)) {
                continue;
            }
            List<String> values = new ArrayList<>(width);
            for (int i = 0; i < width; i++) {
                values.add(variables.get(itemOutput(itemTask(task, i), output)));
            }
            try {
                joined.put(output, MAPPER.writeValueAsString(values));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        return joined;
    }

    /** Why a key of an object item may not become a variable, or null; keys that are no names are ignored. */
    private static String reservedKey(JsonNode item) {
        if (!item.isObject()) {
            return null;
        }
        for (var names = item.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (VARIABLE_NAME.matcher(name).matches() && VariableNames.problem(name) != null) {
                return VariableNames.problem(name);
            }
        }
        return null;
    }

    private static String text(JsonNode node) {
        return node.isValueNode() ? node.asText() : node.toString();
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }

    /** The items, or why there are none. */
    public record Resolved(List<JsonNode> items, String error) {

        static Resolved error(String error) {
            return new Resolved(List.of(), error);
        }
    }
}
