package dev.varflow.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProblemTest {

    private static final SourceLocation AT = new SourceLocation("flow.yaml", 3, 7);

    @Test
    void shouldFormatErrorWithHint() {
        // given
        Problem problem = Problem.error(AT, "unknown key 'nmae' in task", "did you mean 'name'?");

        // when
        String text = problem.format();

        // then
        assertThat(text).isEqualTo("flow.yaml:3:7: error: unknown key 'nmae' in task (hint: did you mean 'name'?)");
    }

    @Test
    void shouldFormatWarningWithoutHint() {
        // given
        Problem problem = Problem.warning(AT, "variable 'X' is emitted twice", null);

        // when
        String text = problem.format();

        // then
        assertThat(text).isEqualTo("flow.yaml:3:7: warning: variable 'X' is emitted twice");
    }
}
