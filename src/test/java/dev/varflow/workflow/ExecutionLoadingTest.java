package dev.varflow.workflow;

import static dev.varflow.workflow.Loading.load;
import static dev.varflow.workflow.Loading.located;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The loader types each task's execution once: durations, retries, defaults, foreach and the compiled condition. */
class ExecutionLoadingTest {

    private static String flow(String defaults, String execution) {
        return """
                workflow:
                  name: "w"
                %s
                  tasks:
                    - name: "START"
                      plugin: "start"
                      execution: %s
                """.formatted(defaults, execution);
    }

    @ParameterizedTest
    @CsvSource({"300, PT5M", "0.5, PT0.5S", "500ms, PT0.5S", "30s, PT30S", "5m, PT5M", "1.5h, PT1H30M",
            "1d, PT24H"})
    void shouldReadEveryDurationSpelling(String text, String expected) {
        // when
        LoadResult result = load(flow("", "{timeout: " + text + "}"));

        // then
        assertThat(result.problems()).isEmpty();
        assertThat(result.workflow().task("START").orElseThrow().execution().timeout())
                .contains(Duration.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"30 s\"", "\" 30s\"", "soon", "-1", "1w"})
    void shouldRejectWhatIsNotADuration(String text) {
        // when
        LoadResult result = load(flow("", "{deadline: " + text + "}"));

        // then
        assertThat(located(result)).containsExactly("7:29 task 'START': execution.deadline must be a duration, found '"
                + text.replace("\"", "") + "'");
    }

    @Test
    void shouldFillInTheDefaultsATaskLeavesUnset() {
        // given
        String yaml = flow("""
                  defaults:
                    execution: {timeout: 30s, deadline: 2h, retries: {max_attempts: 4}, depends_on: [X]}
                """, "{timeout: 5s}");

        // when
        LoadResult result = load(yaml);

        // then
        Execution execution = result.workflow().task("START").orElseThrow().execution();
        assertThat(execution.timeout()).contains(Duration.ofSeconds(5));
        assertThat(execution.deadline()).contains(Duration.ofHours(2));
        assertThat(execution.retryPolicy())
                .isEqualTo(new RetryPolicy(4, Duration.ofSeconds(1), 2, Duration.ofMinutes(5), 0.2));
        assertThat(execution.dependsOn()).isEmpty();
    }

    @Test
    void shouldCheckTheDefaultsLikeATasksExecution() {
        // given
        String yaml = flow("""
                  defaults:
                    execution: {timeout: soon, retries: {factor: 0}}
                """, "{}");

        // when
        LoadResult result = load(yaml);

        // then
        assertThat(located(result)).containsExactly(
                "4:26 defaults.execution.timeout must be a duration, found 'soon'",
                "4:50 defaults.execution.retries.factor must be a number between 1 and 100, found '0'");
    }

    @Test
    void shouldReadAForeachVariableAndALiteralList() {
        // given
        String yaml = """
                workflow:
                  name: "w"
                  tasks:
                    - name: "BY_NAME"
                      plugin: "cmd"
                      inputs: ["FILES"]
                      foreach: "FILES"
                    - name: "LITERAL"
                      plugin: "cmd"
                      foreach: [{n: 1, word: "one"}, "two"]
                """;

        // when
        LoadResult result = load(yaml, java.util.Set.of("FILES"), Map.of());

        // then
        assertThat(result.workflow().task("BY_NAME").orElseThrow().execution().foreach())
                .contains(new Foreach.Variable("FILES"));
        assertThat(result.workflow().task("LITERAL").orElseThrow().execution().foreach())
                .contains(new Foreach.Literal(List.of(Map.of("n", "1", "word", "one"), "two")));
    }

    @Test
    void shouldCompileAConditionOnAStartVariableAtRegistrationAndEvaluateItInTheRun() {
        // given start variables are not known when a workflow is registered
        String yaml = """
                workflow:
                  name: "w"
                  tasks:
                    - name: "GUARDED"
                      plugin: "start"
                      when: "MODE == \\"fast\\""
                """;

        // when
        LoadResult result = WorkflowLoader.load("flow.yaml", yaml, LoadOptions.stored());

        // then a warning, and a condition that works once the run sets MODE
        assertThat(result.problems()).extracting(Problem::severity).containsExactly(Problem.Severity.WARNING);
        Condition condition = result.workflow().task("GUARDED").orElseThrow().execution().when().orElseThrow();
        assertThat(condition.test(Map.of("MODE", "fast"))).isTrue();
        assertThat(condition.test(Map.of("MODE", "slow"))).isFalse();
        assertThatThrownBy(() -> condition.test(Map.of())).isInstanceOf(IllegalStateException.class)
                .hasMessage("condition 'MODE == \"fast\"' needs a variable that is not set");
    }
}
