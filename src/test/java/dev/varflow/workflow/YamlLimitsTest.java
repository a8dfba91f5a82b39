package dev.varflow.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The YAML parser's limits, each just below (accepted) and just above (refused where it is crossed). */
class YamlLimitsTest {

    static Stream<Arguments> files() {
        String tooManyAliases = aliases(YamlLimits.MAX_ALIASES + 1);
        String tooDeep = nested(YamlLimits.MAX_DEPTH + 1);
        String tooLong = padded(YamlLimits.MAX_CHARACTERS + 1);
        return Stream.of(
                Arguments.of("1000 aliases", aliases(YamlLimits.MAX_ALIASES), null),
                Arguments.of("1001 aliases", tooManyAliases, position(tooManyAliases,
                        nth(tooManyAliases, '*', YamlLimits.MAX_ALIASES + 1)) + " the file uses more than 1000 aliases"),
                Arguments.of("depth 64", nested(YamlLimits.MAX_DEPTH), null),
                Arguments.of("depth 65", tooDeep, position(tooDeep, nth(tooDeep, '[', YamlLimits.MAX_DEPTH + 1
                        - MAPPINGS_ABOVE_PARAMS)) + " lists and mappings are nested more than 64"),
                Arguments.of("4 Mi characters", padded(YamlLimits.MAX_CHARACTERS), null),
                Arguments.of("4 Mi + 1 characters", tooLong, position(tooLong, YamlLimits.MAX_CHARACTERS)
                        + " the file is longer than the limit of 4194304 characters"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void shouldAcceptUpToEachLimitAndReportWhereItIsCrossed(String what, String yaml, String expected) {
        // when
        LoadResult result = WorkflowLoader.load("big.yaml", yaml, LoadOptions.lenient());

        // then
        List<String> errors = result.errors().stream()
                .map(p -> p.location().line() + ":" + p.location().column() + " " + p.message()).toList();
        if (expected == null) {
            assertThat(errors).isEmpty();
        } else {
            assertThat(errors).singleElement().asString().startsWith(expected);
        }
    }

    /** Collections around a task's params: the root, workflow:, tasks:, the task and params: itself. */
    private static final int MAPPINGS_ABOVE_PARAMS = 5;

    /** Anchored blocks reused by alias in many tasks: the real-world case SnakeYAML's default of 50 refused. */
    private static String aliases(int count) {
        StringBuilder yaml = new StringBuilder("""
                workflow:
                  name: w
                  tasks:
                    - name: START
                      plugin: start
                """);
        yaml.append("      execution: &common {timeout: 5s}\n      params: &params {delay_ms: 1}\n");
        for (int i = 0; i < count; i += 2) {
            yaml.append("    - {name: T").append(i).append(", plugin: noop, inputs: [TRUE], execution: *common")
                    .append(i + 1 < count ? ", params: *params}\n" : "}\n");
        }
        return yaml.toString();
    }

    /** A param nested so the whole file reaches {@code depth} levels. */
    private static String nested(int depth) {
        int lists = depth - MAPPINGS_ABOVE_PARAMS;
        return """
                workflow:
                  name: w
                  tasks:
                    - name: START
                      plugin: start
                    - name: A
                      plugin: noop
                      params: {deep: %s}
                """.formatted("[".repeat(lists) + "]".repeat(lists));
    }

    /** Index of the n-th (1-based) occurrence of {@code c}. */
    private static int nth(String text, char c, int n) {
        int index = -1;
        for (int i = 0; i < n; i++) {
            index = text.indexOf(c, index + 1);
        }
        return index;
    }

    /** LINE:COL of the character at {@code index}. */
    private static String position(String text, int index) {
        String before = text.substring(0, index);
        int line = (int) before.chars().filter(c -> c == '\n').count() + 1;
        return line + ":" + (index - before.lastIndexOf('\n'));
    }

    private static String header() {
        return """
                workflow:
                  name: w
                  description: >
                    padding
                  tasks:
                    - name: START
                      plugin: start
                    - name: A
                      plugin: noop
                      params:
                        delay_ms: "1"
                """;
    }

    /** A valid file of exactly {@code characters} characters, padded by a trailing comment. */
    private static String padded(int characters) {
        String header = header();
        return header + "# " + "x".repeat(characters - header.length() - 3) + "\n";
    }
}
