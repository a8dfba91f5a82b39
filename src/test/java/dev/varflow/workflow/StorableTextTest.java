package dev.varflow.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StorableTextTest {

    @Test
    void shouldRefuseNulAndLoneSurrogates() {
        // given
        String nul = "a\u0000b";
        String lone = "x\uD800y";

        // when
        String nulProblem = StorableText.problem("X", nul);
        String loneProblem = StorableText.problem("X", lone);

        // then
        assertThat(nulProblem).isEqualTo("X contains a NUL character (U+0000) at position 1, which cannot be stored");
        assertThat(loneProblem).contains("unpaired surrogate (U+D800) at position 1");
    }

    @Test
    void shouldAcceptMultiLineTextAndAstralCharactersAsValues() {
        // given
        String value = "line 1\nline 2\ttab \u001b[1m emoji \uD83D\uDE00";

        // when
        String problem = StorableText.problem("X", value);

        // then
        assertThat(problem).isNull();
    }

    @Test
    void shouldRefuseAnyControlCharacterInNames() {
        // given
        String newline = "task\nname";
        String escape = "task\u001b[31m";

        // when
        String newlineProblem = StorableText.nameProblem("task name", newline);
        String escapeProblem = StorableText.nameProblem("task name", escape);

        // then
        assertThat(newlineProblem).isEqualTo("task name contains the control character U+000A at position 4");
        assertThat(escapeProblem).contains("U+001B");
        assertThat(StorableText.nameProblem("task name", "Extract data (v2) \u00e9")).isNull();
    }
}
