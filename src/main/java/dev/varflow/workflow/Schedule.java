package dev.varflow.workflow;

import java.io.StringReader;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;


/**
 * A workflow's {@code schedule:}: when to start runs, in which time zone, with which start variables, and what to do
 * about ticks missed while no coordinator was up.
 */
public record Schedule(CronExpression cron, ZoneId zone, Map<String, String> vars, Missed missed) {

    /** What happens to ticks that passed while no scheduler was running. */
    public enum Missed {
        /** Missed ticks start nothing. */
        SKIP,
        /** Missed ticks start one catch-up run (for the latest of them). */
        RUN_ONCE
    }

    public Schedule {
        vars = Map.copyOf(vars);
    }

    /** The schedule of a valid workflow source, if it has one. */
    public static Optional<Schedule> of(String source) {
        Node root = new Yaml(new LoaderOptions()).compose(new StringReader(source));
        if (!(root instanceof MappingNode top)) {
            return Optional.empty();
        }
        Node workflow = child(top, "workflow");
        Node schedule = workflow instanceof MappingNode block ? child(block, "schedule") : null;
        if (schedule == null || YamlValues.isNull(schedule)) {
            return Optional.empty();
        }
        ProblemCollector problems = new ProblemCollector("schedule");
        Optional<Schedule> read = ScheduleBlock.read(schedule, problems);
        return problems.hasErrors() ? Optional.empty() : read;
    }

    private static Node child(MappingNode mapping, String key) {
        for (NodeTuple tuple : mapping.getValue()) {
            if (tuple.getKeyNode() instanceof org.yaml.snakeyaml.nodes.ScalarNode scalar
                    && key.equals(scalar.getValue())) {
                return tuple.getValueNode();
            }
        }
        return null;
    }
}
