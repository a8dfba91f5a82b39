package dev.varflow.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneId;
import java.time.ZonedDateTime;

import org.junit.jupiter.api.Test;

class CronExpressionTest {

    private static final ZoneId UTC = ZoneId.of("UTC");

    private static ZonedDateTime at(String local, ZoneId zone) {
        return java.time.LocalDateTime.parse(local).atZone(zone);
    }

    @Test
    void shouldFireEveryFiveMinutes() {
        // given
        CronExpression cron = CronExpression.parse("*/5 * * * *");

        // when
        ZonedDateTime next = cron.next(at("2024-03-01T10:02:30", UTC));

        // then
        assertThat(next).isEqualTo(at("2024-03-01T10:05:00", UTC));
        assertThat(cron.next(next)).isEqualTo(at("2024-03-01T10:10:00", UTC));
    }

    @Test
    void shouldSupportRangesListsStepsAndNames() {
        // given weekdays at 9:30 and 17:30, January to March
        CronExpression cron = CronExpression.parse("30 9,17 * JAN-MAR MON-FRI");

        // when friday evening
        ZonedDateTime next = cron.next(at("2024-03-01T17:30:00", UTC));

        // then monday morning
        assertThat(next).isEqualTo(at("2024-03-04T09:30:00", UTC));
    }

    @Test
    void shouldFireOnEitherDayFieldWhenBothAreRestricted() {
        // given the 15th, or any Sunday (7 means Sunday too)
        CronExpression cron = CronExpression.parse("0 0 15 * 7");

        // when
        ZonedDateTime next = cron.next(at("2024-06-01T00:00:00", UTC));

        // then sunday the 2nd comes before the 15th
        assertThat(next).isEqualTo(at("2024-06-02T00:00:00", UTC));
    }

    @Test
    void shouldSupportASecondsField() {
        // given
        CronExpression cron = CronExpression.parse("*/2 * * * * *");

        // when
        ZonedDateTime next = cron.next(at("2024-03-01T10:00:01", UTC));

        // then
        assertThat(cron.hasSeconds()).isTrue();
        assertThat(next).isEqualTo(at("2024-03-01T10:00:02", UTC));
    }

    @Test
    void shouldFireInTheGivenTimeZone() {
        // given 02:30 on the night Berlin skips from 02:00 to 03:00
        CronExpression cron = CronExpression.parse("30 2 * * *");
        ZoneId berlin = ZoneId.of("Europe/Berlin");

        // when
        ZonedDateTime next = cron.next(at("2024-03-31T01:00:00", berlin));

        // then the skipped local time fires at the shifted instant
        assertThat(next.toInstant()).isEqualTo(at("2024-03-31T03:30:00", berlin).toInstant());
    }

    @Test
    void shouldRejectMalformedExpressionsSayingWhy() {
        assertThatThrownBy(() -> CronExpression.parse("61 * * * *")).hasMessage("minute value 61 is outside 0-59");
        assertThatThrownBy(() -> CronExpression.parse("* * *")).hasMessageContaining("has 3 fields");
        assertThatThrownBy(() -> CronExpression.parse("* * * FOO *")).hasMessageContaining("not a number");
        assertThatThrownBy(() -> CronExpression.parse("5-1 * * * *")).hasMessageContaining("runs backwards");
        assertThatThrownBy(() -> CronExpression.parse("0 0 30 2 *")).hasMessageContaining("never fires");
    }

    @Test
    void shouldCountDayNamesFromSundayAndReadAQuestionMarkAsAnyValue() {
        // given every day by name, and any day of month written the Quartz way
        CronExpression cron = CronExpression.parse("0 12 ? * SUN-SAT");

        // when
        ZonedDateTime next = cron.next(at("2024-06-01T12:00:00", UTC));

        // then
        assertThat(next).isEqualTo(at("2024-06-02T12:00:00", UTC));
    }

    @Test
    void shouldFindTheLatestTickBeforeAnInstant() {
        // given
        CronExpression cron = CronExpression.parse("30 9 * * MON-FRI");

        // when monday morning
        ZonedDateTime previous = cron.previous(at("2024-03-04T09:00:00", UTC));

        // then friday
        assertThat(previous).isEqualTo(at("2024-03-01T09:30:00", UTC));
    }

    @Test
    void shouldNameTheFieldOfAnyRejectedValue() {
        assertThatThrownBy(() -> CronExpression.parse("0 0 * 13 *")).hasMessage("month value 13 is outside 1-12");
        assertThatThrownBy(() -> CronExpression.parse("0 0 * * 1#2"))
                .hasMessage("day of week field '1#2': Invalid expression: 1#2");
        assertThatThrownBy(() -> CronExpression.parse("* * * * * FOO"))
                .hasMessage("day of week value 'FOO' is not a number or a name (SUN-SAT)");
        assertThatThrownBy(() -> CronExpression.parse("*/0 * * * * *")).hasMessage("second step 0 is outside 1-59");
    }
}
