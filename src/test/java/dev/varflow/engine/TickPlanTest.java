package dev.varflow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

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

    @Test
    void shouldFireTheFirstTickAfterTheRegistrationAndNoneBeforeIt() {
        // given an every-minute schedule registered at 14:17:02, and a scheduler up since 14:00 polling every second
        CronExpression everyMinute = CronExpression.parse("* * * * *");
        Instant registeredAt = Instant.parse("2024-01-01T14:17:02Z");
        Clock clock = Clock.fixed(Instant.parse("2024-01-01T14:17:03Z"), UTC);
        Instant seen = TickPlan.resumeFrom(null, registeredAt);
        List<Instant> fired = new ArrayList<>();

        // when it polls until 14:18:01, with catch-up asked for, as the scheduler does
        while (clock.instant().isBefore(Instant.parse("2024-01-01T14:18:02Z"))) {
            Instant now = clock.instant();
            fired.addAll(TickPlan.plan(everyMinute, UTC, true, seen, now, GRACE).fire());
            seen = now;
            clock = Clock.offset(clock, Duration.ofSeconds(1));
        }

        // then 14:18:00 fired, and nothing for 14:17:00
        assertThat(fired).containsExactly(Instant.parse("2024-01-01T14:18:00Z"));
    }

    @Test
    void shouldResumeAfterTheLatestClaimedTickAcrossARestart() {
        // given 14:18:00 was claimed, then the only coordinator restarted, polling again at 14:19:30
        CronExpression everyMinute = CronExpression.parse("* * * * *");
        Instant seen = TickPlan.resumeFrom(Instant.parse("2024-01-01T14:18:00Z"),
                Instant.parse("2024-01-01T14:17:02Z"));

        // when
        TickPlan plan = TickPlan.plan(everyMinute, UTC, false, seen, Instant.parse("2024-01-01T14:19:30Z"), GRACE);

        // then 14:19:00 (within the grace) is not lost and 14:18:00 does not fire twice
        assertThat(plan.fire()).containsExactly(Instant.parse("2024-01-01T14:19:00Z"));
    }

    @Test
    void shouldNotCatchUpForTicksBeforeTheLatestVersionsRegistration() {
        // given a yearly schedule last claimed in January, replaced at 14:17:02 by an every-minute one with run_once
        CronExpression everyMinute = CronExpression.parse("* * * * *");
        Instant seen = TickPlan.resumeFrom(Instant.parse("2024-01-01T00:00:00Z"),
                Instant.parse("2024-06-01T14:17:02Z"));

        // when the scheduler first looks at it
        TickPlan plan = TickPlan.plan(everyMinute, UTC, true, seen, Instant.parse("2024-06-01T14:17:03Z"), GRACE);

        // then no catch-up run for the minutes before the registration
        assertThat(plan.fire()).isEmpty();
    }
}
