package dev.varflow.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class VariableNamesTest {

    @Test
    void shouldReserveNamesThatChangeHowProgramsRunInAnyCase() {
        // given
        List<String> names = List.of("LD_PRELOAD", "ld_library_path", "DYLD_INSERT_LIBRARIES", "PATH", "path", "IFS",
                "ENV", "BASH_ENV", "SHELLOPTS", "BASHOPTS", "PS4", "PROMPT_COMMAND", "JAVA_TOOL_OPTIONS",
                "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS", "CLASSPATH", "PYTHONSTARTUP", "PythonPath", "PERL5OPT",
                "RUBYOPT", "NODE_OPTIONS", "GCONV_PATH", "MALLOC_CHECK_", "GIT_SSH_COMMAND", "GIT_CONFIG_KEY_0",
                "HTTPS_PROXY", "https_proxy", "BASH_FUNC_x");

        // when
        List<String> accepted = names.stream().filter(name -> VariableNames.problem(name) == null).toList();

        // then
        assertThat(accepted).isEmpty();
        assertThat(VariableNames.problem("LD_PRELOAD")).contains("'LD_PRELOAD' is reserved")
                .contains("changes how programs run");
    }

    @Test
    void shouldAcceptOrdinaryNamesThatOnlyResembleReservedOnes() {
        // given
        List<String> names = List.of("FILES", "GIT_SHA", "GIT_BRANCH", "MY_PATH", "PATHS_FILE", "HOMEPAGE",
                "ENVIRONMENT", "OLD_PRELOAD", "TRUE", "ITEM", "free_space", "x");

        // when
        List<String> refused = names.stream().filter(name -> VariableNames.problem(name) != null).toList();

        // then
        assertThat(refused).isEmpty();
    }

    @Test
    void shouldTreatAuthTokenAsTheTokenInAnyCase() {
        // given
        List<String> spellings = List.of("AUTH_TOKEN", "auth_token", "Auth_Token", "aUtH_tOkEn");

        // when
        List<String> problems = spellings.stream().map(VariableNames::problem).toList();

        // then
        assertThat(spellings).allMatch(VariableNames::isAuthToken);
        assertThat(problems).allMatch(problem -> problem != null && problem.contains("reserved for the run's token"));
        assertThat(VariableNames.isAuthToken("AUTH_TOKENS")).isFalse();
    }

    @Test
    void shouldRefuseNamesThatAreNotIdentifiersAndEscapeThemInTheMessage() {
        // given
        String withNul = "A\u0000B";

        // when
        String problem = VariableNames.problem(withNul);

        // then
        assertThat(problem).contains("invalid variable name 'A\\u0000B'").doesNotContain("\u0000");
        assertThat(VariableNames.problem("1ST")).contains("invalid variable name");
        assertThat(VariableNames.problem(null)).contains("invalid variable name");
    }
}
