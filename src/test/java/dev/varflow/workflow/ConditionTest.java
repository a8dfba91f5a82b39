package dev.varflow.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ConditionTest {

    @Test
    void shouldCompareNumbersAndStrings() {
        // given
        Condition condition = Condition.compile("FREE_BYTES > 1000 && MODE == \"fast\"", List.of("FREE_BYTES", "MODE"));

        // when / then
        assertThat(condition.test(Map.of("FREE_BYTES", "5000", "MODE", "fast"))).isTrue();
        assertThat(condition.test(Map.of("FREE_BYTES", "10", "MODE", "fast"))).isFalse();
    }

    @Test
    void shouldRejectExpressionsThatDoNotCompile() {
        assertThat(Condition.problem("X >", List.of("X"))).isPresent();
        assertThat(Condition.problem("UNKNOWN == 1", List.of("X"))).get().asString().contains("UNKNOWN");
        assertThat(Condition.problem("X + 1", List.of("X"))).isPresent();
    }

    @Test
    void shouldFailEvaluationOfUnsetVariableWithClearMessage() {
        // given
        Condition condition = Condition.compile("A == \"x\"", List.of("A"));

        // when / then
        assertThatThrownBy(() -> condition.test(Map.of())).isInstanceOf(IllegalStateException.class)
                .hasMessage("condition 'A == \"x\"' needs a variable that is not set");
    }

    @Test
    void shouldNeverRunShellSyntax() {
        // given a value that would run a command if it were ever pasted into a shell
        Condition condition = Condition.compile("V == \"$(touch /tmp/x)\"", List.of("V"));

        // when / then
        assertThat(condition.test(Map.of("V", "$(touch /tmp/x)"))).isTrue();
    }

    @Test
    void shouldReachAnyVariableThroughVars() {
        // given
        Condition condition = Condition.compile("vars[\"DYNAMIC\"] == 3", List.of());

        // when / then
        assertThat(condition.test(Map.of("DYNAMIC", "3"))).isTrue();
    }
}
