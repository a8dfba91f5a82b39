package dev.varflow.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** When run intake counts as stuck. */
class IntakeHealthTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void shouldBeStuckWhenNoPollCameRoundInTime() {
        // given
        IntakeHealth health = new IntakeHealth(Duration.ofSeconds(60), 0);
        health.round(10 * SECOND);

        // when / then
        assertThat(health.stuck(69 * SECOND)).isNull();
        assertThat(health.stuck(71 * SECOND)).startsWith("no poll for 61 s");
    }

    @Test
    void shouldBeStuckWhenOneRecordKeepsFailingAndRecoverWhenItGoesThrough() {
        // given a record failing since second 5, the loop still polling
        IntakeHealth health = new IntakeHealth(Duration.ofSeconds(60), 0);
        health.failed(5 * SECOND);
        health.failed(30 * SECOND);
        health.round(66 * SECOND);

        // when / then
        assertThat(health.stuck(66 * SECOND)).contains("failed for 61 s");
        health.flowing();
        assertThat(health.stuck(66 * SECOND)).isNull();
    }
}
