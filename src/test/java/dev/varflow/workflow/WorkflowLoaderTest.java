package dev.varflow.workflow;

import static dev.varflow.workflow.Loading.load;
import static dev.varflow.workflow.Loading.located;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WorkflowLoaderTest {

    @Test
    void shouldLoadEveryPartOfTheSeedFormat() {
        // given
        String yaml = """
                workflow:
                  name: "Parallel Data Pipeline"
                  env:
                    AUTH_TOKEN: "{{ENV:VARFLOW_WF_API_TOKEN}}"
                    MAX_WORKERS: 4
                  schedule: "0 * * * *"
                  tasks:
                    - name: "start"
                      plugin: "start"
                    - name: "extract_data"
                      plugin: "cmd"
                      inputs: ["TRUE"]
                      outputs: ["RAW_DATA"]
                      params:
                        command: "python extract.py"
                        options: {retries: 2, tags: [a, b]}
                      execution:
                        async: false
                        timeout: 300
                        retries: {max_attempts: 3, initial: 1s, factor: 2, max: 30s, jitter: 0.2}
                        depends_on: [start]
                      permissions:
                        required: ["can_read_source"]
                      requires_auth: true
                      when: "vars['FREE_BYTES'] > 0"
                """;

        // when
        LoadResult result = load(yaml, Set.of(), Map.of("VARFLOW_WF_API_TOKEN", "secret"));

        // then
        assertThat(result.problems()).isEmpty();
        Workflow workflow = result.workflow();
        assertThat(workflow.name()).isEqualTo("Parallel Data Pipeline");
        assertThat(workflow.env()).containsExactlyInAnyOrderEntriesOf(
                Map.of("AUTH_TOKEN", "secret", "MAX_WORKERS", "4"));
        assertThat(workflow.source()).isEqualTo(yaml);
        assertThat(workflow.task("start").orElseThrow().outputs()).containsExactly("TRUE");
        TaskDefinition extract = workflow.task("extract_data").orElseThrow();
        assertThat(extract.location()).isEqualTo(new SourceLocation("flow.yaml", 10, 7));
        assertThat(extract.inputs()).containsExactly("TRUE");
        assertThat(extract.outputs()).containsExactly("RAW_DATA");
        assertThat(extract.params()).containsEntry("command", "python extract.py")
                .containsEntry("options", Map.of("retries", "2", "tags", List.of("a", "b")));
        assertThat(extract.execution()).isEqualTo(new Execution(List.of("start"),
                Optional.of(Condition.compile("vars['FREE_BYTES'] > 0", List.of())), Optional.of(Duration.ofMinutes(5)),
                Optional.empty(), Optional.of(new RetryPolicy(3, Duration.ofSeconds(1), 2, Duration.ofSeconds(30), 0.2)),
                Optional.empty(), OptionalInt.empty(), Optional.of(false), OptionalInt.empty()));
        assertThat(extract.execution().when().orElseThrow().expression()).isEqualTo("vars['FREE_BYTES'] > 0");
        assertThat(extract.requiredPermissions()).containsExactly("can_read_source");
        assertThat(extract.requiresAuth()).isTrue();
    }

    @Test
    void shouldRejectUnknownPlugin() {
        // given
        String yaml = """
                workflow:
                  name: "w"
                  tasks:
                    - name: "a"
                      plugin: "shell"
                """;

        // when
        LoadResult result = load(yaml);

        // then
        assertThat(result.workflow()).isNull();
        assertThat(located(result)).containsExactly("5:15 task 'a' uses unknown plugin 'shell'");
        assertThat(result.problems().get(0).format()).isEqualTo("flow.yaml:5:15: error: task 'a' uses unknown "
                + "plugin 'shell' (hint: known plugins: cmd, df, end, start, touched)");
    }

    @Test
    void shouldRejectUnknownKeysAtEveryLevelWithSuggestions() {
        // given
        String yaml = """
                workflow:
                  name: "w"
                  descripton: "typo"
                  tasks:
                    - name: "a"
                      plugn: "cmd"
                      execution:
                        timout: 5
                        retries: {max_attempt: 3}
                      permissions:
                        requird: [x]
                  enviroment: {}
                """;

        // when
        LoadResult result = load(yaml);

        // then
        assertThat(located(result)).containsExactly(
                "3:3 unknown key 'descripton' in workflow",
                "5:7 task 'a' has no plugin",
                "6:7 unknown key 'plugn' in task",
                "8:9 unknown key 'timout' in execution of task 'a'",
                "9:19 unknown key 'max_attempt' in task 'a': execution.retries",
                "11:9 unknown key 'requird' in permissions of task 'a'",
                "12:3 unknown key 'enviroment' in workflow");
        assertThat(result.problems()).extracting(Problem::hint).containsExactly(
                "did you mean 'description'?",
                "add plugin: \"...\", e.g. cmd",
                "did you mean 'plugin'?",
                "did you mean 'timeout'?",
                "did you mean 'max_attempts'?",
                "did you mean 'required'?",
                "valid keys are name, description, env, tasks, schedule, defaults");
    }

    @Test
    void shouldRequireWorkflowKeyAtTopLevel() {
        // given
        String yaml = """
                workflw:
                  name: "w"
                """;

        // when
        LoadResult result = load(yaml);

        // then
        assertThat(located(result)).containsExactly(
                "1:1 unknown key 'workflw' in the file",
                "1:1 the file has no 'workflow' key");
        assertThat(result.problems().get(0).hint()).isEqualTo("did you mean 'workflow'?");
    }

    @Test
    void shouldReportYamlSyntaxErrorWithLocation() {
        // given
        String yaml = """
                workflow:
                  name: "w"
                  tasks:
                    - name: "a"
                      plugin: "cmd"
                      inputs: ["TRUE"
                """;

        // when
        LoadResult result = load(yaml);

        // then
        assertThat(result.workflow()).isNull();
        assertThat(result.problems()).hasSize(1);
        Problem problem = result.problems().get(0);
        assertThat(problem.message()).startsWith("YAML syntax error: ");
        assertThat(problem.location()).isEqualTo(new SourceLocation("flow.yaml", 7, 1));
    }

    @Test
    void shouldRejectWrongTypes() {
        // given
        String yaml = """
                workflow:
                  name: "w"
                  tasks:
                    - name: "a"
                      plugin: "cmd"
                      inputs: "TRUE"
                      outputs: [[X]]
                      requires_auth: "yes"
                      params: [1, 2]
                      execution:
                        async: maybe
                        workers: 0
                        timeout: soon
                        retries: {max_attempts: 3, jitter: 2}
                        depends_on: start
                      concurrency: -1
                """;

        // when
        LoadResult result = load(yaml);

        // then
        assertThat(located(result)).containsExactly(
                "6:15 task 'a': inputs must be a list of strings, found 'TRUE'",
                "7:17 entries of task 'a': outputs must be strings, found a list",
                "8:22 task 'a': requires_auth must be true or false, found 'yes'",
                "9:15 task 'a': params must be a mapping, found a list",
                "11:16 task 'a': execution.async must be true or false, found 'maybe'",
                "12:18 task 'a': execution.workers must be a whole number from 1 to 1000, found '0'",
                "13:18 task 'a': execution.timeout must be a duration, found 'soon'",
                "14:44 task 'a': execution.retries.jitter must be a number between 0 and 1, found '2'",
                "15:21 task 'a': execution.depends_on must be a list of strings, found 'start'",
                "16:20 task 'a': concurrency must be a whole number from 1 to 1000, found '-1'");
        assertThat(result.problems().get(0).hint()).isEqualTo("write it as a list: [\"TRUE\"]");
    }

    @Test
    void shouldRejectMoreThanThousandTasks() {
        // given
        StringBuilder yaml = new StringBuilder("workflow:\n  name: \"big\"\n  tasks:\n");
        for (int i = 0; i <= WorkflowLoader.MAX_TASKS; i++) {
            yaml.append("    - {name: t").append(i).append(", plugin: cmd}\n");
        }

        // when
        LoadResult result = load(yaml.toString());

        // then
        assertThat(located(result)).containsExactly("4:5 workflow has 1001 tasks, more than the limit of 1000");
    }

    @Test
    void shouldGiveStartTaskDefaultOutputAndStoreConditions() {
        // given
        String yaml = """
                workflow:
                  name: "w"
                  tasks:
                    - name: "begin"
                      plugin: "start"
                    - name: "guarded"
                      plugin: "cmd"
                      inputs: ["TRUE"]
                      run_if: "vars['FREE_BYTES'] > 0"
                      foreach: [a, b]
                      concurrency: 2
                """;

        // when
        LoadResult result = load(yaml);

        // then
        assertThat(result.problems()).isEmpty();
        assertThat(result.workflow().task("begin").orElseThrow().outputs()).containsExactly("TRUE");
        Execution guarded = result.workflow().task("guarded").orElseThrow().execution();
        assertThat(guarded.when()).map(Condition::expression).contains("vars['FREE_BYTES'] > 0");
        assertThat(guarded.foreach()).contains(new Foreach.Literal(List.of("a", "b")));
        assertThat(guarded.concurrency()).hasValue(2);
    }

    @Test
    void shouldSubstituteProcessEnvironmentAndWarnWhenUnset() {
        // given
        String yaml = """
                workflow:
                  name: "w"
                  env:
                    URL: "https://{{ENV:VARFLOW_WF_HOST}}/api"
                    TOKEN: "{{ENV:VARFLOW_WF_API_TOKEN}}"
                    MAX_WORKERS: 4
                  tasks:
                    - name: "start"
                      plugin: "start"
                """;

        // when
        LoadResult result = load(yaml, Set.of(), Map.of("VARFLOW_WF_HOST", "example.org"));

        // then
        assertThat(result.hasErrors()).isFalse();
        assertThat(result.workflow().env()).containsExactlyInAnyOrderEntriesOf(
                Map.of("URL", "https://example.org/api", "MAX_WORKERS", "4"));
        assertThat(located(result)).containsExactly(
                "5:12 env variable 'TOKEN' is left unset: process environment variable 'VARFLOW_WF_API_TOKEN' "
                        + "is not set");
        assertThat(result.problems().get(0).severity()).isEqualTo(Problem.Severity.WARNING);
    }

    @Test
    void shouldAcceptAnyPluginWhenNoneAreKnown() {
        // given
        String yaml = """
                workflow:
                  name: "w"
                  tasks:
                    - name: "a"
                      plugin: "anything"
                """;

        // when
        LoadResult result = WorkflowLoader.load("flow.yaml", yaml, LoadOptions.lenient());

        // then
        assertThat(result.problems()).isEmpty();
        assertThat(result.workflow().tasks()).hasSize(1);
    }

    @Test
    void shouldShareAliasedBlocksBetweenTasks() {
        // given
        String yaml = """
                workflow:
                  name: "w"
                  tasks:
                    - name: "a"
                      plugin: "start"
                      execution: &standard {timeout: 30s, retries: 2}
                    - name: "b"
                      plugin: "cmd"
                      inputs: ["TRUE"]
                      execution: *standard
                """;

        // when
        LoadResult result = load(yaml);

        // then
        assertThat(result.problems()).isEmpty();
        Execution b = result.workflow().task("b").orElseThrow().execution();
        assertThat(b.timeout()).contains(Duration.ofSeconds(30));
        assertThat(b.retries()).contains(RetryPolicy.attempts(2));
    }

    /** Files the loader rejects, named as the tests they were, with every problem as {@code LINE:COL message}. */
    static Stream<Arguments> rejectedFiles() {
        return Stream.of(
                Arguments.of("shouldRejectTopLevelThatIsNotMapping", "- a\n- b\n",
                        List.of("1:1 the file must be a mapping, found a list")),
                Arguments.of("shouldRejectEmptyFile", "# nothing here\n", List.of("1:1 the file is empty")),
                Arguments.of("shouldRejectTaskWithoutNameOrPlugin", """
                        workflow:
                          name: "w"
                          tasks:
                            - plugin: "cmd"
                            - name: "b"
                        """, List.of(
                        "4:7 task #1 has no name",
                        "5:7 task 'b' has no plugin")),
                Arguments.of("shouldRejectWorkflowWithoutNameOrTasks", """
                        workflow:
                          description: "nothing to do"
                        """, List.of(
                        "2:3 workflow has no name",
                        "2:3 workflow has no tasks")),
                Arguments.of("shouldRejectDuplicateTaskNamePointingAtSecond", """
                        workflow:
                          name: "w"
                          tasks:
                            - name: "a"
                              plugin: "cmd"
                            - name: "a"
                              plugin: "cmd"
                        """, List.of("6:13 duplicate task name 'a' (first defined on line 4)")),
                Arguments.of("shouldRejectDuplicateKeyInMapping", """
                        workflow:
                          name: "w"
                          tasks:
                            - name: "a"
                              plugin: "cmd"
                              plugin: "df"
                        """, List.of("6:7 duplicate key 'plugin' in task (first set on line 5)")),
                Arguments.of("shouldRejectInvalidVariableNames", """
                        workflow:
                          name: "w"
                          env:
                            BAD-NAME: "x"
                          tasks:
                            - name: "a"
                              plugin: "cmd"
                              inputs: ["1BAD", "*"]
                              outputs: ["OK", "a-b", "*"]
                        """, List.of(
                        "4:5 invalid variable name 'BAD-NAME' in env",
                        "8:16 task 'a': invalid variable name '1BAD' in inputs",
                        "8:24 task 'a': invalid variable name '*' in inputs",
                        "9:16 task 'a': '*' accepts any output, so it must be the only entry of outputs",
                        "9:23 task 'a': invalid variable name 'a-b' in outputs")),
                Arguments.of("shouldRejectBothWhenAndRunIf", """
                        workflow:
                          name: "w"
                          tasks:
                            - name: "a"
                              plugin: "start"
                              when: "vars['X'] > 1"
                              run_if: "X > 2"
                        """, List.of("7:7 task 'a' has both when and run_if")),
                Arguments.of("shouldRejectNestedEnvValue", """
                        workflow:
                          name: "w"
                          env:
                            LIST: [1, 2]
                          tasks:
                            - name: "start"
                              plugin: "start"
                        """, List.of("4:11 env variable 'LIST' must be a single value, found a list")),
                Arguments.of("shouldRejectRecursiveAlias", """
                        workflow:
                          name: "w"
                          tasks:
                            - name: "a"
                              plugin: "cmd"
                              params: &loop {self: *loop}
                        """, List.of("6:15 YAML alias refers to a node that contains it")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejectedFiles")
    void shouldReportEachProblemOfARejectedFileAtItsPosition(String name, String yaml, List<String> expected) {
        // given the file and its problems, from the method source

        // when
        LoadResult result = load(yaml);

        // then
        assertThat(located(result)).containsExactlyElementsOf(expected);
    }
}
