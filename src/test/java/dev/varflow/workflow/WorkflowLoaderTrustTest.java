package dev.varflow.workflow;

import static dev.varflow.workflow.Loading.load;
import static dev.varflow.workflow.Loading.located;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** What a workflow file may not do to the processes and the store behind it (issue 9). */
class WorkflowLoaderTrustTest {

    @Test
    void shouldRejectReservedNamesAsInputsAndOutputsWithTheirPlace() {
        // given
        String yaml = """
                workflow:
                  name: "w"
                  tasks:
                    - name: "start"
                      plugin: "start"
                    - name: "a"
                      plugin: "cmd"
                      inputs: ["TRUE", "LD_PRELOAD"]
                      outputs: ["bash_env", "OK"]
                      params: {command: "true"}
                """;

        // when
        LoadResult result = load(yaml, Set.of("LD_PRELOAD"), Map.of());

        // then
        assertThat(result.hasErrors()).isTrue();
        assertThat(located(result)).contains(
                "8:24 task 'a': variable name 'LD_PRELOAD' is reserved: in a process's environment it changes how "
                        + "programs run (see docs/security.md, reserved variable names) in inputs",
                "9:17 task 'a': variable name 'bash_env' is reserved: in a process's environment it changes how "
                        + "programs run (see docs/security.md, reserved variable names) in outputs");
        assertThat(result.problems().get(0).format()).startsWith("flow.yaml:8:24: error: ")
                .contains("(hint: rename the variable, e.g. TASK_LD_PRELOAD)");
    }

    @Test
    void shouldRejectAuthTokenInAnyCaseAsTaskInputOrOutput() {
        // given
        String yaml = """
                workflow:
                  name: "w"
                  tasks:
                    - name: "start"
                      plugin: "start"
                    - name: "leak"
                      plugin: "cmd"
                      inputs: ["TRUE", "AUTH_TOKEN"]
                      outputs: ["Auth_Token"]
                      params: {command: "true"}
                """;

        // when
        LoadResult result = load(yaml, Set.of("AUTH_TOKEN"), Map.of());

        // then
        assertThat(located(result)).contains(
                "8:24 task 'leak': variable name 'AUTH_TOKEN' is reserved for the run's token (AUTH_TOKEN, in any "
                        + "case) in inputs",
                "9:17 task 'leak': variable name 'Auth_Token' is reserved for the run's token (AUTH_TOKEN, in any "
                        + "case) in outputs");
    }

    @Test
    void shouldAcceptAuthTokenInEnvOnlyInUpperCaseAndRejectReservedEnvNames() {
        // given
        String yaml = """
                workflow:
                  name: "w"
                  env:
                    AUTH_TOKEN: "t"
                    auth_token: "t"
                    PS4: "$(id)"
                  tasks:
                    - name: "start"
                      plugin: "start"
                """;

        // when
        LoadResult result = load(yaml);

        // then
        assertThat(located(result)).containsExactly(
                "5:5 variable name 'auth_token' is reserved for the run's token (AUTH_TOKEN, in any case) in env",
                "6:5 variable name 'PS4' is reserved: in a process's environment it changes how programs run (see "
                        + "docs/security.md, reserved variable names) in env");
    }

    @Test
    void shouldRejectReservedKeysOfLiteralParameterSets() {
        // given
        String yaml = """
                workflow:
                  name: "w"
                  tasks:
                    - name: "start"
                      plugin: "start"
                    - name: "each"
                      plugin: "cmd"
                      inputs: ["TRUE"]
                      foreach: [{n: 1}, {SHELLOPTS: xtrace, PS4: "$(touch /tmp/x)"}]
                      params: {command: "echo $n"}
                """;

        // when
        LoadResult result = load(yaml);

        // then
        assertThat(located(result)).containsExactly(
                "9:26 task 'each': foreach item key: variable name 'SHELLOPTS' is reserved: in a process's "
                        + "environment it changes how programs run (see docs/security.md, reserved variable names)",
                "9:45 task 'each': foreach item key: variable name 'PS4' is reserved: in a process's environment it "
                        + "changes how programs run (see docs/security.md, reserved variable names)");
    }

    @Test
    void shouldRejectNulAnywhereAndControlCharactersInNamesNamingTheLine() {
        // given
        String yaml = """
                workflow:
                  name: "w\\e[2J"
                  tasks:
                    - name: "start"
                      plugin: "start"
                    - name: "a\\0b"
                      plugin: "cmd"
                      inputs: ["TRUE"]
                      params: {command: "echo \\0"}
                    - name: "c\\nd"
                      plugin: "cmd"
                      inputs: ["TRUE"]
                      params: {command: "true"}
                """;

        // when
        LoadResult result = load(yaml);

        // then
        assertThat(result.hasErrors()).isTrue();
        assertThat(located(result)).containsExactly(
                "2:9 workflow name 'w\\u001b[2J' contains the control character U+001B at position 1",
                "6:13 this value contains a NUL character (U+0000) at position 1, which cannot be stored",
                "9:25 this value contains a NUL character (U+0000) at position 5, which cannot be stored",
                "10:13 task name 'c\\u000ad' contains the control character U+000A at position 1");
    }

    @Test
    void shouldRejectEnvReferencesOutsideTheAllowedPrefixWithoutReadingThem() {
        // given
        String yaml = """
                workflow:
                  name: "w"
                  env:
                    STOLEN: "{{ENV:QUARKUS_OIDC_CLIENT_CREDENTIALS_SECRET}}"
                    FINE: "{{ENV:VARFLOW_WF_REGION}}"
                  tasks:
                    - name: "start"
                      plugin: "start"
                """;
        Map<String, String> processEnv = Map.of("QUARKUS_OIDC_CLIENT_CREDENTIALS_SECRET", "oidc-secret",
                "VARFLOW_WF_REGION", "eu");

        // when
        LoadResult result = load(yaml, Set.of(), processEnv);

        // then
        assertThat(located(result)).containsExactly("4:13 env variable 'STOLEN': "
                + "{{ENV:QUARKUS_OIDC_CLIENT_CREDENTIALS_SECRET}} reads a process variable outside the allowed "
                + "prefixes [VARFLOW_WF_]");
        assertThat(result.problems().get(0).hint()).contains("{{ENV:VARFLOW_WF_QUARKUS_OIDC_CLIENT_CREDENTIALS_SECRET}}")
                .contains("varflow.workflows.env-prefix");
        assertThat(result.problems().toString()).doesNotContain("oidc-secret");
    }

    @Test
    void shouldReadOnlyTheOperatorsPrefixesWhenConfigured() {
        // given
        String yaml = """
                workflow:
                  name: "w"
                  env:
                    A: "{{ENV:TEAM_A_URL}}"
                    B: "{{ENV:VARFLOW_WF_URL}}"
                  tasks:
                    - name: "start"
                      plugin: "start"
                """;
        Map<String, String> processEnv = Map.of("TEAM_A_URL", "a", "VARFLOW_WF_URL", "b");
        List<String> prefixes = LoadOptions.envPrefixesFrom(Map.of("VARFLOW_WORKFLOWS_ENV_PREFIX", "TEAM_A_, ")::get);

        // when
        LoadResult result = WorkflowLoader.load("flow.yaml", yaml,
                new LoadOptions(Loading.PLUGINS, Set.of(), processEnv::get, prefixes));

        // then
        assertThat(prefixes).containsExactly("TEAM_A_");
        assertThat(located(result)).containsExactly("5:8 env variable 'B': {{ENV:VARFLOW_WF_URL}} reads a process "
                + "variable outside the allowed prefixes [TEAM_A_]");
        assertThat(LoadOptions.envPrefixesFrom(name -> null)).containsExactly("VARFLOW_WF_");
        assertThat(new LoadOptions(Set.of(), Set.of(), null, List.of("", " ")).envReadable("ANYTHING")).isFalse();
    }
}
