package dev.varflow.crash;

import java.nio.file.Path;
import java.time.Duration;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

import dev.varflow.it.IntegrationTest;

/**
 * The chaos run with small numbers (bench/chaos.sh runs it big): 200 split/join runs while a worker, a gate and the
 * coordinator get SIGKILL, the coordinator halts inside the start window, and the broker and PostgreSQL restart.
 * Logs of each process go to {@code target/chaos/}.
 */
@IntegrationTest
class ChaosIT {

    @Test
    void shouldLoseNothingWhenEveryRoleAndBothStoresFailUnderLoad() throws Exception {
        // given the cluster and 200 runs posted at 4 per second (when)
        ChaosReport report = Chaos.run(new Chaos.Settings(200, 4, Path.of("target").toAbsolutePath(),
                Duration.ofMinutes(3)));
        report.lines().forEach(System.out::println);

        // then
        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(report.faults()).as("faults done").hasSize(9);
        softly.assertThat(report.unfinished()).as("runs not terminal").isZero();
        softly.assertThat(report.lost()).as("runs lost").isZero();
        softly.assertThat(report.acknowledgedNotSucceeded()).as("acknowledged runs not SUCCEEDED").isZero();
        softly.assertThat(report.runsWithWrongClaims()).as("runs with a task not claimed exactly once").isZero();
        softly.assertThat(report.missingVariables()).as("variables lost").isZero();
        softly.assertThat(report.window().exitCode()).as("armed coordinator halted").isEqualTo(137);
        softly.assertThat(report.window().runIds()).as("runs written inside the start window").isNotEmpty();
        softly.assertThat(report.windowNotSucceeded()).as("start-window runs not SUCCEEDED").isZero();
        softly.assertThat(report.windowNotResent()).as("start-window runs not started by the sweep").isZero();
        softly.assertThat(report.violations()).as("violations").isEmpty();
        softly.assertAll();
    }
}
