package dev.varflow.workflow;

import java.io.StringReader;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionEndEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;

/**
 * The YAML parser's limits, set on purpose (docs/workflow-format.md, "Limits"). They are checked on the parser's
 * events before the node tree is built, so a file over a limit gets an error at the place it crossed it rather than
 * SnakeYAML's unlocated exception.
 */
final class YamlLimits {

    /**
     * Aliases ({@code *name}) per file. SnakeYAML's default of 50 refuses real files that reuse an anchor in many
     * tasks; a workflow may have {@link WorkflowLoader#MAX_TASKS} tasks, so each may reuse an anchor once. Expansion
     * bombs are stopped by {@link AliasCheck}, not by this count.
     */
    static final int MAX_ALIASES = WorkflowLoader.MAX_TASKS;
    /** Nested lists and mappings; a workflow needs about 6 levels, params a few more. */
    static final int MAX_DEPTH = 64;
    /** Characters per file, 4 Mi: about 4 KiB per task at the task limit, far above any real file. */
    static final int MAX_CHARACTERS = 4 * 1024 * 1024;

    private YamlLimits() {
    }

    /** SnakeYAML set to the same limits, as a second line behind {@link #check}. */
    static LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setNestingDepthLimit(MAX_DEPTH);
        options.setCodePointLimit(MAX_CHARACTERS);
        options.setAllowRecursiveKeys(false);
        return options;
    }

    /** Reports the first limit the text crosses, where it crosses it; true when it stays within all. */
    static boolean check(String text, ProblemCollector problems) {
        if (text.length() > MAX_CHARACTERS && text.codePointCount(0, text.length()) > MAX_CHARACTERS) {
            problems.error(location(text, text.offsetByCodePoints(0, MAX_CHARACTERS), problems),
                    "the file is longer than the limit of " + MAX_CHARACTERS + " characters (4 MiB)",
                    "split it into several workflows");
            return false;
        }
        LoaderOptions unlimited = new LoaderOptions();
        unlimited.setNestingDepthLimit(Integer.MAX_VALUE);
        unlimited.setCodePointLimit(Integer.MAX_VALUE);
        int aliases = 0;
        int depth = 0;
        try {
            for (Event event : new Yaml(unlimited).parse(new StringReader(text))) {
                if (event instanceof AliasEvent && ++aliases > MAX_ALIASES) {
                    problems.error(problems.at(event.getStartMark()), "the file uses more than " + MAX_ALIASES
                            + " aliases (*name)", "repeat fewer blocks by alias, or split the workflow");
                    return false;
                }
                if (event instanceof CollectionStartEvent && ++depth > MAX_DEPTH) {
                    problems.error(problems.at(event.getStartMark()), "lists and mappings are nested more than "
                            + MAX_DEPTH + " levels deep here", "flatten the structure");
                    return false;
                } else if (event instanceof CollectionEndEvent) {
                    depth--;
                }
            }
        } catch (YAMLException syntax) {
            // Syntax errors are reported, with their position, when the tree is composed.
        }
        return true;
    }

    /** Line and column of the character at {@code index}. */
    static SourceLocation location(String text, int index, ProblemCollector problems) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < index; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new SourceLocation(problems.fileStart().file(), line, index - lineStart + 1);
    }
}
