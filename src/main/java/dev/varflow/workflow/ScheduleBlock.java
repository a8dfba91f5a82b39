package dev.varflow.workflow;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;


/** Reads and validates {@code schedule:}: a cron string, or {@code {cron, timezone, vars, missed}}. */
final class ScheduleBlock {

    private ScheduleBlock() {
    }

    static Optional<Schedule> read(Node node, ProblemCollector problems) {
        if (node instanceof ScalarNode) {
            return cron(node, problems).map(cron -> new Schedule(cron, ZoneOffset.UTC, Map.of(),
                    Schedule.Missed.SKIP));
        }
        MappingNode block = YamlValues.mapping(node, "schedule", problems).orElse(null);
        if (block == null) {
            return Optional.empty();
        }
        Map<String, NodeTuple> entries = KeyCheck.entries(block, KeyCheck.SCHEDULE_KEYS, "schedule", problems);
        if (!entries.containsKey("cron")) {
            problems.error(block, "schedule has no cron", "add cron: \"*/5 * * * *\"");
            return Optional.empty();
        }
        Optional<CronExpression> cron = cron(entries.get("cron").getValueNode(), problems);
        ZoneId zone = entries.containsKey("timezone") ? zone(entries.get("timezone").getValueNode(), problems)
                : ZoneOffset.UTC;
        Map<String, String> vars = entries.containsKey("vars") ? vars(entries.get("vars").getValueNode(), problems)
                : Map.of();
        Schedule.Missed missed = entries.containsKey("missed")
                ? missed(entries.get("missed").getValueNode(), problems) : Schedule.Missed.SKIP;
        if (cron.isEmpty() || zone == null || vars == null || missed == null) {
            return Optional.empty();
        }
        return Optional.of(new Schedule(cron.get(), zone, vars, missed));
    }

    private static Optional<CronExpression> cron(Node node, ProblemCollector problems) {
        return YamlValues.string(node, "schedule cron", problems).flatMap(text -> {
            try {
                return Optional.of(CronExpression.parse(text));
            } catch (IllegalArgumentException e) {
                problems.error(node, "invalid cron expression: " + e.getMessage(),
                        "five fields (minute hour day-of-month month day-of-week), or six with seconds first, "
                                + "e.g. \"*/5 * * * *\"");
                return Optional.empty();
            }
        });
    }

    private static ZoneId zone(Node node, ProblemCollector problems) {
        String text = YamlValues.string(node, "schedule timezone", problems).orElse(null);
        if (text == null) {
            return null;
        }
        try {
            return ZoneId.of(text);
        } catch (DateTimeException e) {
            problems.error(node, "unknown time zone '" + text + "'", "use a region id such as Europe/Berlin, or UTC");
            return null;
        }
    }

    private static Map<String, String> vars(Node node, ProblemCollector problems) {
        MappingNode mapping = YamlValues.mapping(node, "schedule vars", problems).orElse(null);
        if (mapping == null) {
            return null;
        }
        Map<String, String> vars = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            String name = tuple.getKeyNode() instanceof ScalarNode key ? key.getValue() : "";
            if (!YamlValues.VARIABLE_NAME.matcher(name).matches()) {
                problems.error(tuple.getKeyNode(), "schedule vars: invalid variable name '" + name + "'",
                        "names are letters, digits and _, not starting with a digit");
                return null;
            }
            Object value = YamlValues.plain(tuple.getValueNode());
            vars.put(name, value instanceof String text ? text : json(value));
        }
        return vars;
    }

    private static String json(Object value) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Schedule.Missed missed(Node node, ProblemCollector problems) {
        String text = YamlValues.string(node, "schedule missed", problems).orElse(null);
        if (text == null) {
            return null;
        }
        try {
            return Schedule.Missed.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.error(node, "schedule missed must be skip or run_once, found '" + text + "'", null);
            return null;
        }
    }
}
