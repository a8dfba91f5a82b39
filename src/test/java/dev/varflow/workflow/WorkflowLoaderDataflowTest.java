package dev.varflow.workflow;

import static dev.varflow.workflow.Loading.DISK_MONITOR;
import static dev.varflow.workflow.Loading.load;
import static dev.varflow.workflow.Loading.located;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WorkflowLoaderDataflowTest {

    @Test
    void shouldLoadDiskMonitorWhenTimeoutIsStartVariable() {
        // given
        Set<String> startVariables = Set.of("TIMEOUT");

        // when
        LoadResult result = load(DISK_MONITOR, startVariables, Map.of());

        // then
        assertThat(result.hasErrors()).isFalse();
        assertThat(result.workflow().tasks()).extracting(TaskDefinition::name)
                .containsExactly("START", "DF", "TOUCHED", "CMD", "END");
        assertThat(result.workflow().task("TOUCHED").orElseThrow().params())
                .containsEntry("file", "semaphore.txt").containsEntry("timeout", "10");
        // START and TOUCHED both emit TRUE, which the seed relies on; the loader says only the first counts.
        assertThat(located(result)).containsExactly("14:17 variable 'TRUE' is emitted by task 'START' (line 4) and "
                + "by task 'TOUCHED': the first value set wins, later ones are ignored");
        assertThat(result.problems().get(0).severity()).isEqualTo(Problem.Severity.WARNING);
    }

    @Test
    void shouldWarnThatTheSeedsTouchedCanNeverFireWithoutItsTimeout() {
        // given the seed's file, run without TIMEOUT
        Set<String> startVariables = Set.of();

        // when
        LoadResult result = load(DISK_MONITOR, startVariables, Map.of());

        // then it loads (the rest of the workflow runs), saying which task can never fire and why
        assertThat(result.hasErrors()).isFalse();
        assertThat(result.problems()).extracting(Problem::format).contains("flow.yaml:13:16: warning: task "
                + "'TOUCHED' can never fire: its input 'TIMEOUT' is never set (no task outputs it, it is not in env "
                + "and not passed at the start) (hint: pass it with --var TIMEOUT=VALUE or add it to env)");
        assertThat(result.problems().stream().map(Problem::asError)).allMatch(Problem::isError);
    }

    @Test
    void shouldAcceptInputFromEnvOrWildcardTask() {
        // given
        String yaml = """
                workflow:
                  name: "w"
                  env:
                    LIMIT: 5
                  tasks:
                    - name: "probe"
                      plugin: "cmd"
                      inputs: ["LIMIT"]
                      outputs: ["*"]
                    - name: "report"
                      plugin: "cmd"
                      inputs: ["ANYTHING"]
                """;

        // when
        LoadResult result = load(yaml);

        // then
        assertThat(result.problems()).isEmpty();
    }

    @Test
    void shouldReportDataflowCycleOnceWithTasksInOrder() {
        // given
        String yaml = """
                workflow:
                  name: "w"
                  tasks:
                    - name: "start"
                      plugin: "start"
                    - name: "A"
                      plugin: "cmd"
                      inputs: ["TRUE", "Y"]
                      outputs: ["X"]
                    - name: "B"
                      plugin: "cmd"
                      inputs: ["X"]
                      outputs: ["Y"]
                    - name: "C"
                      plugin: "cmd"
                      inputs: ["Y"]
                """;

        // when
        LoadResult result = load(yaml);

        // then
        assertThat(located(result)).containsExactly("6:7 dataflow cycle: A -> B -> A");
        assertThat(result.problems().get(0).hint()).contains("X, Y");
    }

    @Test
    void shouldAcceptLoopThatAnOutsideProducerCanStart() {
        // given
        String yaml = """
                workflow:
                  name: "w"
                  tasks:
                    - {name: seed, plugin: start, outputs: [Y]}
                    - {name: A, plugin: cmd, inputs: [Y], outputs: [X]}
                    - {name: B, plugin: cmd, inputs: [X], outputs: [Y]}
                """;

        // when
        LoadResult result = load(yaml);

        // then
        assertThat(result.hasErrors()).isFalse();
        assertThat(result.warnings()).extracting(Problem::message)
                .singleElement().asString().startsWith("variable 'Y' is emitted by task 'seed'");
    }

    @Test
    void shouldRejectDependsOnUnknownTask() {
        // given
        String yaml = """
                workflow:
                  name: "w"
                  tasks:
                    - name: "a"
                      plugin: "cmd"
                      execution:
                        depends_on: [strat]
                    - name: "start"
                      plugin: "start"
                """;

        // when
        LoadResult result = load(yaml);

        // then
        assertThat(located(result)).containsExactly("7:22 task 'a' depends on unknown task 'strat'");
        assertThat(result.problems().get(0).hint()).isEqualTo("did you mean 'start'?");
    }

    @Test
    void shouldWarnWhenTaskOutputIsShadowedByEnv() {
        // given
        String yaml = """
                workflow:
                  name: "w"
                  env:
                    MODE: "fast"
                  tasks:
                    - {name: s, plugin: start, outputs: [MODE]}
                """;

        // when
        LoadResult result = load(yaml);

        // then
        assertThat(result.hasErrors()).isFalse();
        assertThat(located(result)).containsExactly("6:42 variable 'MODE' is set in env (line 4), so the value task "
                + "'s' emits is ignored: the first value wins");
    }

    /** Broken dataflows, named as the tests they were, with every problem as {@code LINE:COL message}. */
    static Stream<Arguments> brokenDataflows() {
        return Stream.of(
                Arguments.of("shouldListLongerCycleInDataflowOrder", """
                        workflow:
                          name: "w"
                          tasks:
                            - {name: A, plugin: cmd, inputs: [Z], outputs: [X]}
                            - {name: C, plugin: cmd, inputs: [Y], outputs: [Z]}
                            - {name: B, plugin: cmd, inputs: [X], outputs: [Y]}
                        """, List.of("4:7 dataflow cycle: A -> B -> C -> A")),
                Arguments.of("shouldReportTaskWaitingForItsOwnOutput", """
                        workflow:
                          name: "w"
                          tasks:
                            - {name: loop, plugin: cmd, inputs: [X], outputs: [X]}
                        """, List.of("4:7 dataflow cycle: loop -> loop")),
                Arguments.of("shouldReportCycleThroughDependsOn", """
                        workflow:
                          name: "w"
                          tasks:
                            - {name: A, plugin: cmd, execution: {depends_on: [B]}}
                            - {name: B, plugin: cmd, execution: {depends_on: [A]}}
                        """, List.of("4:7 dataflow cycle: A -> B -> A")),
                Arguments.of("shouldReportEveryProblemInOnePass", """
                        workflow:
                          name: "w"
                          tasks:
                            - {name: a, plugin: nope, inputs: [GHOST]}
                            - {name: a, plugin: cmd, inputs: [SPECTRE]}
                        """, List.of(
                        "4:25 task 'a' uses unknown plugin 'nope'",
                        "4:40 task 'a' can never fire: its input 'GHOST' is never set (no task outputs it, it is "
                                + "not in env and not passed at the start)",
                        "5:14 duplicate task name 'a' (first defined on line 4)",
                        "5:39 task 'a' can never fire: its input 'SPECTRE' is never set (no task outputs it, it is "
                                + "not in env and not passed at the start)")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenDataflows")
    void shouldReportEachDataflowProblemAtItsPosition(String name, String yaml, List<String> expected) {
        // given the file and its problems, from the method source

        // when
        LoadResult result = load(yaml);

        // then
        assertThat(located(result)).containsExactlyElementsOf(expected);
    }
}
