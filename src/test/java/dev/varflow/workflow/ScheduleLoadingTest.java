package dev.varflow.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ScheduleLoadingTest {

    private static String flow(String schedule) {
        return """
                workflow:
                  name: "s"
                  schedule: %s
                  tasks:
                    - name: "START"
                      plugin: "start"
                """.formatted(schedule);
    }

    @Test
    void shouldReadAFullScheduleBlock() {
        // given
        String yaml = flow("{cron: \"*/5 * * * *\", timezone: \"Europe/Berlin\", vars: {A: 1, L: [x]}, "
                + "missed: run_once}");

        // when
        Schedule schedule = Schedule.of(yaml).orElseThrow();

        // then
        assertThat(Loading.load(yaml).hasErrors()).isFalse();
        assertThat(schedule.cron().toString()).isEqualTo("*/5 * * * *");
        assertThat(schedule.zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(schedule.vars()).isEqualTo(Map.of("A", "1", "L", "[\"x\"]"));
        assertThat(schedule.missed()).isEqualTo(Schedule.Missed.RUN_ONCE);
    }

    @Test
    void shouldAcceptAPlainCronString() {
        // when
        Schedule schedule = Schedule.of(flow("\"0 6 * * MON\"")).orElseThrow();

        // then
        assertThat(schedule.zone()).isEqualTo(ZoneId.of("Z"));
        assertThat(schedule.missed()).isEqualTo(Schedule.Missed.SKIP);
    }

    @Test
    void shouldReportABadCronWithItsPosition() {
        // when
        LoadResult result = Loading.load(flow("\"*/5 * * *\""));

        // then
        assertThat(Loading.located(result)).containsExactly("3:13 invalid cron expression: cron expression "
                + "'*/5 * * *' has 4 fields; expected 5 (minute hour day-of-month month day-of-week) or 6 "
                + "(seconds first)");
    }

    @Test
    void shouldReportAnUnknownTimeZoneAndMissedPolicy() {
        // when
        LoadResult result = Loading.load(flow("{cron: \"* * * * *\", timezone: \"Mars/Base\", missed: often}"));

        // then
        assertThat(Loading.located(result)).containsExactly("3:43 unknown time zone 'Mars/Base'",
                "3:64 schedule missed must be skip or run_once, found 'often'");
    }

    @Test
    void shouldRequireTheForeachVariableAmongTheInputs() {
        // given
        String yaml = """
                workflow:
                  name: "f"
                  tasks:
                    - name: "T"
                      plugin: "cmd"
                      foreach: "FILES"
                """;

        // when
        LoadResult result = Loading.load(yaml, java.util.Set.of("FILES"), Map.of());

        // then
        assertThat(Loading.located(result))
                .contains("6:16 task 'T': foreach variable FILES is not among the task's inputs");
    }
}
