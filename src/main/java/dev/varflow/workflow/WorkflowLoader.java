package dev.varflow.workflow;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Parses and validates a workflow file, reporting every problem with its line and column rather than stopping at
 * the first. Works on SnakeYAML's node tree because plain maps lose positions.
 *
 * <p>{@code schedule} is validated here (cron syntax, time zone) and read by the scheduler with
 * {@link Schedule#of(String)}. Each task's {@link Execution} is typed here, once: durations, the retry policy, the
 * compiled {@code when}/{@code run_if} condition, {@code foreach} and {@code concurrency}, with {@code defaults}
 * filled in.
 */
public final class WorkflowLoader {

    /** More tasks than this make a file a mistake or an attack, not a workflow. */
    public static final int MAX_TASKS = 1000;

    private WorkflowLoader() {
    }

    public static LoadResult load(String fileName, String yamlText, LoadOptions options) {
        ProblemCollector problems = new ProblemCollector(fileName, options.limits().strict());
        String text = yamlText == null ? "" : yamlText;
        Node root = YamlLimits.check(text, problems) ? compose(text, problems) : null;
        Workflow workflow = null;
        if (root != null && AliasCheck.check(root, problems)) {
            TextCheck.check(root, problems);
            workflow = new Reading(problems, options, yamlText).workflow(root);
        }
        return new LoadResult(problems.hasErrors() ? null : workflow, problems.sorted());
    }

    private static Node compose(String yamlText, ProblemCollector problems) {
        try {
            Node root = new Yaml(YamlLimits.loaderOptions()).compose(new StringReader(yamlText));
            if (root == null) {
                problems.error(problems.fileStart(), "the file is empty", "start with 'workflow:'");
            }
            return root;
        } catch (MarkedYAMLException e) {
            var mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            problems.error(problems.at(mark), "YAML syntax error: " + e.getProblem() + context(e, problems), null);
        } catch (ReaderException e) {
            // A character YAML does not allow (NUL, other C0 controls): the reader knows where it stopped.
            problems.error(YamlLimits.location(yamlText, Math.min(e.getPosition(), yamlText.length()), problems),
                    "YAML error: special characters are not allowed: U+" + String.format("%04X", e.getCodePoint()),
                    "remove the character; is this a binary or UTF-16 file?");
        } catch (YAMLException e) {
            problems.error(problems.fileStart(), "YAML error: " + e.getMessage(), null);
        }
        return null;
    }

    /** SnakeYAML's context says what it was reading and where that began, which is often where the typo is. */
    private static String context(MarkedYAMLException e, ProblemCollector problems) {
        if (e.getContext() == null) {
            return "";
        }
        SourceLocation start = problems.at(e.getContextMark());
        return " (" + e.getContext().trim() + " started at line " + start.line() + ", column " + start.column() + ")";
    }

    /** State of one load, so the steps can share the problem list and options. */
    private record Reading(ProblemCollector problems, LoadOptions options, String source) {

        Workflow workflow(Node root) {
            MappingNode top = YamlValues.mapping(root, "the file", problems).orElse(null);
            if (top == null) {
                return null;
            }
            Map<String, NodeTuple> rootEntries = KeyCheck.entries(top, KeyCheck.ROOT_KEYS, "the file", problems);
            if (!rootEntries.containsKey("workflow")) {
                problems.error(root, "the file has no 'workflow' key", "put the workflow under 'workflow:'");
                return null;
            }
            MappingNode block = YamlValues.mapping(rootEntries.get("workflow").getValueNode(), "workflow", problems)
                    .orElse(null);
            if (block == null) {
                return null;
            }
            Map<String, NodeTuple> entries = KeyCheck.entries(block, KeyCheck.WORKFLOW_KEYS, "workflow", problems);
            String name = entries.containsKey("name")
                    ? YamlValues.string(entries.get("name").getValueNode(), "workflow name", problems).orElse(null)
                    : null;
            if (!entries.containsKey("name")) {
                problems.error(block, "workflow has no name", "add name: \"...\" under workflow");
            } else if (name != null && StorableText.problem("workflow name", name) == null
                && Names.workflowProblem(name) != null) {
                problems.rule(entries.get("name").getValueNode(), Names.workflowProblem(name),
                        Names.hint());
            }
            if (entries.containsKey("description")) {
                YamlValues.string(entries.get("description").getValueNode(), "workflow description", problems);
            }
            Execution defaults = entries.containsKey("defaults")
                    ? WorkflowDefaults.read(entries.get("defaults").getValueNode(), problems) : Execution.NONE;
            if (entries.containsKey("schedule") && !YamlValues.isNull(entries.get("schedule").getValueNode())) {
                ScheduleBlock.read(entries.get("schedule").getValueNode(), problems);
            }
            EnvBlock env = env(entries);
            List<ParsedTask> tasks = tasks(entries, block);
            new DataflowChecks(tasks, env.declared(), options.startVariables(), problems).run();
            Map<ParsedTask, Condition> conditions = ConditionChecks.compile(tasks, env.declared().keySet(),
                    options.startVariables(), problems);
            if (problems.hasErrors()) {
                return null;
            }
            return new Workflow(name, env.values(), tasks.stream()
                    .map(task -> WorkflowDefaults.apply(defaults, withCondition(task, conditions.get(task))))
                    .toList(), source);
        }

        private static TaskDefinition withCondition(ParsedTask task, Condition condition) {
            TaskDefinition definition = task.definition();
            return condition == null ? definition
                    : definition.withExecution(definition.execution().withWhen(condition));
        }

        private EnvBlock env(Map<String, NodeTuple> entries) {
            if (!entries.containsKey("env") || YamlValues.isNull(entries.get("env").getValueNode())) {
                return EnvBlock.empty();
            }
            return YamlValues.mapping(entries.get("env").getValueNode(), "env", problems)
                    .map(block -> EnvBlock.read(block, options, problems))
                    .orElse(EnvBlock.empty());
        }

        private List<ParsedTask> tasks(Map<String, NodeTuple> entries, MappingNode block) {
            if (!entries.containsKey("tasks")) {
                problems.error(block, "workflow has no tasks", "add a 'tasks:' list");
                return List.of();
            }
            Node node = entries.get("tasks").getValueNode();
            if (!(node instanceof SequenceNode sequence)) {
                problems.error(node, "tasks must be a list, found " + YamlValues.describe(node),
                        "start each task with '- name: ...'");
                return List.of();
            }
            if (sequence.getValue().isEmpty()) {
                problems.error(node, "workflow has no tasks", null);
            }
            if (sequence.getValue().size() > MAX_TASKS) {
                problems.error(node, "workflow has " + sequence.getValue().size() + " tasks, more than the limit of "
                        + MAX_TASKS, "split it into several workflows");
            }
            TaskParser parser = new TaskParser(problems, options);
            List<ParsedTask> tasks = new ArrayList<>();
            List<Node> items = sequence.getValue();
            for (int i = 0; i < items.size(); i++) {
                int index = i;
                YamlValues.mapping(items.get(i), "task #" + (i + 1), problems)
                        .ifPresent(taskNode -> tasks.add(parser.parse(taskNode, index)));
            }
            return tasks;
        }
    }
}
