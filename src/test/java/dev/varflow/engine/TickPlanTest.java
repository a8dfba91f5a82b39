package dev.varflow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

import dev.varflow.workflow.CronExpression;

class TickPlanTest {

    private static final CronExpression EVERY_5_MIN = CronExpression.parse("*/5 * * * *");
    private static final ZoneId UTC = ZoneId.of("UTC");
    private static final Duration GRACE = Duration.ofSeconds(60);

    @Test
    void shouldFireTheTickThatJustPassed() {
        // when
        TickPlan plan = TickPlan.plan(EVERY_5_MIN, UTC, false, Instant.parse("2024-01-01T10:04:59Z"),
                Instant.parse("2024-01-01T10:05:01Z"), GRACE);

        // then
        assertThat(plan.fire()).containsExactly(Instant.parse("2024-01-01T10:05:00Z"));
    }

    @Test
    void shouldSkipTicksMissedDuringDowntime() {
        // given the scheduler was down from 10:00 to 11:02
        Instant lastSeen = Instant.parse("2024-01-01T10:00:00Z");

        // when
        TickPlan plan = TickPlan.plan(EVERY_5_MIN, UTC, false, lastSeen, Instant.parse("2024-01-01T11:02:00Z"), GRACE);

        // then
        assertThat(plan.fire()).isEmpty();
    }

    @Test
    void shouldRunTheLatestMissedTickOnceWhenAsked() {
        // given
        Instant lastSeen = Instant.parse("2024-01-01T10:00:00Z");

        // when
        TickPlan plan = TickPlan.plan(EVERY_5_MIN, UTC, true, lastSeen, Instant.parse("2024-01-01T11:05:30Z"), GRACE);

        // then one catch-up for 11:00, and 11:05 on time
        assertThat(plan.fire()).containsExactly(Instant.parse("2024-01-01T11:00:00Z"),
                Instant.parse("2024-01-01T11:05:00Z"));
    }

    @Test
    void shouldStayBoundedOverAVeryLongDowntimeOfADenseSchedule() {
        // given every second, down for a year
        CronExpression everySecond = CronExpression.parse("* * * * * *");
        Instant now = Instant.parse("2025-01-01T00:00:00Z");

        // when
        TickPlan plan = TickPlan.plan(everySecond, UTC, true, now.minus(Duration.ofDays(365)), now,
                Duration.ofSeconds(2));

        // then the latest missed tick, then the on-time ones
        assertThat(plan.fire()).containsExactly(now.minusSeconds(3), now.minusSeconds(2), now.minusSeconds(1), now);
    }
}
