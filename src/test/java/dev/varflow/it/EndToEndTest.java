package dev.varflow.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** Whole runs through the real broker and database: every shipped workflow, the seed example, and edge cases. */
@QuarkusTest
@QuarkusTestResource(InfrastructureResource.class)
@IntegrationTest
class EndToEndTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    static Stream<Path> shippedWorkflows() throws IOException {
        return Files.list(Path.of("workflows")).filter(p -> p.toString().endsWith(".yaml")).sorted();
    }

    @ParameterizedTest
    @MethodSource("shippedWorkflows")
    void shouldSucceedWithEveryShippedWorkflow(Path file) throws IOException {
        // given
        String name = Api.register(Files.readString(file)).getString("name");

        // when
        String runId = Api.start(name, Map.of());
        JsonPath run = Api.awaitFinished(runId, TIMEOUT);

        // then
        assertThat(run.getString("status")).as(run.prettify()).isEqualTo("SUCCEEDED");
    }

    @Test
    void shouldRunTheSeedDiskMonitorExample() throws IOException {
        // given the seed's workflow verbatim; TOUCHED waits on semaphore.txt, which nobody touches
        String yaml = Files.readString(Path.of("src/test/resources/seeds/002-disk-monitor.yaml"));
        String name = Api.register(yaml).getString("name");

        // when
        String runId = Api.start(name, Map.of("TIMEOUT", "1"));
        JsonPath run = Api.awaitFinished(runId, TIMEOUT);

        // then END fired from START's TRUE; TOUCHED timed out without failing the run
        assertThat(run.getString("status")).as(run.prettify()).isEqualTo("SUCCEEDED");
        assertThat(run.getMap("variables", String.class, String.class))
                .containsEntry("TRUE", "1").containsKeys("MAIN_VOLUME", "FREE_SPACE");
        assertThat(Api.task(run, "TOUCHED")).containsEntry("state", "TIMED_OUT");
        assertThat(Api.task(run, "CMD")).containsEntry("state", "SUCCEEDED").containsEntry("exitCode", 0);
        assertThat(Api.task(run, "END")).containsEntry("state", "SUCCEEDED").containsEntry("attempts", 1);
    }

    @Test
    void shouldKeepShellMetacharactersInValuesAsData() {
        // given
        Path marker = Path.of(System.getProperty("java.io.tmpdir"), "varflow-pwned-" + UUID.randomUUID());
        String hostile = "$(touch " + marker + "); touch " + marker + " `touch " + marker + "`";
        Api.register("""
                workflow:
                  name: injection
                  tasks:
                    - name: echo
                      plugin: cmd
                      inputs: [VALUE]
                      outputs: [ECHOED]
                      params:
                        command: 'echo "ECHOED=$VALUE"'
                """);

        // when
        JsonPath run = Api.awaitFinished(Api.start("injection", Map.of("VALUE", hostile)), TIMEOUT);

        // then
        assertThat(run.getString("status")).isEqualTo("SUCCEEDED");
        assertThat(run.getMap("variables", String.class, String.class)).containsEntry("ECHOED", hostile);
        assertThat(marker).doesNotExist();
    }

    @Test
    void shouldFailRunWhenCommandFailsAndNeverFireDownstream() {
        // given
        Api.register("""
                workflow:
                  name: failing
                  tasks:
                    - name: boom
                      plugin: cmd
                      outputs: [X]
                      params:
                        command: 'echo oops >&2; exit 3'
                    - name: after
                      plugin: noop
                      inputs: [X]
                    - name: done
                      plugin: end
                      inputs: [X]
                """);

        // when
        JsonPath run = Api.awaitFinished(Api.start("failing", Map.of()), TIMEOUT);

        // then
        assertThat(run.getString("status")).isEqualTo("FAILED");
        assertThat(Api.task(run, "boom")).containsEntry("state", "FAILED").containsEntry("exitCode", 3)
                .containsEntry("error", "command exited with code 3");
        assertThat((String) Api.task(run, "boom").get("output")).contains("oops");
        assertThat(Api.task(run, "after")).containsEntry("state", "PENDING");
    }

    @Test
    void shouldStallAndReportWhatEachTaskWaitsFor() {
        // given a command that succeeds but never emits what END needs
        Api.register("""
                workflow:
                  name: stalling
                  tasks:
                    - name: quiet
                      plugin: cmd
                      outputs: [READY]
                      params:
                        command: 'true'
                    - name: finish
                      plugin: end
                      inputs: [READY]
                """);

        // when
        JsonPath run = Api.awaitFinished(Api.start("stalling", Map.of()), TIMEOUT);

        // then
        assertThat(run.getString("status")).isEqualTo("STALLED");
        assertThat(run.getMap("waiting")).containsEntry("finish", List.of("READY"));
    }

    @Test
    void shouldFireWhenTouchedAndTimeOutOtherwise() {
        // given one task touches the file another waits for; a third waits for a file nobody touches
        Api.register("""
                workflow:
                  name: touching
                  env:
                    TIMEOUT: 20
                  tasks:
                    - name: toucher
                      plugin: cmd
                      params:
                        command: 'sleep 0.3; touch flag.txt'
                    - name: watcher
                      plugin: touched
                      inputs: [TIMEOUT]
                      outputs: [TOUCHED]
                      params:
                        file: flag.txt
                    - name: lonely
                      plugin: touched
                      outputs: [NEVER]
                      params:
                        file: nobody.txt
                        timeout: 0.5
                    - name: finish
                      plugin: end
                      inputs: [TOUCHED]
                """);

        // when
        JsonPath run = Api.awaitFinished(Api.start("touching", Map.of()), TIMEOUT);

        // then
        assertThat(run.getString("status")).as(run.prettify()).isEqualTo("SUCCEEDED");
        assertThat(Api.task(run, "watcher")).containsEntry("state", "SUCCEEDED");
        assertThat(Api.task(run, "lonely")).containsEntry("state", "TIMED_OUT");
        assertThat(run.getMap("variables", String.class, String.class)).containsEntry("TOUCHED", "1")
                .doesNotContainKey("NEVER");
    }

    // The %test profile sets varflow.worker.work-dir.max-size=8M, retention 0s and a 1 s sweep (application.properties).

    @Test
    void shouldStopATaskWhoseRunDirectoryOutgrowsTheLimitWhileItRuns() {
        // given a command that writes 16 MB into its run directory, then would keep running for a minute
        Api.register("""
                workflow:
                  name: disk-filler
                  tasks:
                    - name: fill
                      plugin: cmd
                      outputs: [DONE]
                      params:
                        command: 'head -c 16000000 /dev/zero > big.bin; sleep 60; echo DONE=1'
                """);
        long started = System.nanoTime();

        // when
        JsonPath run = Api.awaitFinished(Api.start("disk-filler", Map.of()), TIMEOUT);

        // then the size watcher stopped it long before its sleep ended, naming the limit
        assertThat(run.getString("status")).as(run.prettify()).isEqualTo("FAILED");
        assertThat(Api.task(run, "fill")).containsEntry("state", "FAILED");
        assertThat((String) Api.task(run, "fill").get("error"))
                .startsWith("Expected the run's work directory ")
                .contains("to stay within 8388608 bytes (varflow.worker.work-dir.max-size), but it holds 16000000");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void shouldFailATaskThatLeavesItsRunDirectoryAboveTheLimitWhenItEnds() {
        // given a command that writes past the limit and exits at once, successfully
        Api.register("""
                workflow:
                  name: quick-filler
                  tasks:
                    - name: fill
                      plugin: cmd
                      outputs: [DONE]
                      params:
                        command: 'head -c 9000000 /dev/zero > big.bin && echo DONE=1'
                    - name: after
                      plugin: end
                      inputs: [DONE]
                """);

        // when
        JsonPath run = Api.awaitFinished(Api.start("quick-filler", Map.of()), TIMEOUT);

        // then its success does not count and its output is not emitted
        assertThat(run.getString("status")).as(run.prettify()).isEqualTo("FAILED");
        assertThat((String) Api.task(run, "fill").get("error")).contains("varflow.worker.work-dir.max-size")
                .contains("but it holds 9000000 bytes");
        assertThat(run.getMap("variables", String.class, String.class)).doesNotContainKey("DONE");
        assertThat(Api.task(run, "after")).containsEntry("state", "PENDING");
    }

    @Test
    void shouldRemoveTheRunDirectoryOnceTheRunHasFinished() {
        // given a run whose task leaves a file in its run directory and says where that is
        Api.register("""
                workflow:
                  name: leaves-files
                  tasks:
                    - name: write
                      plugin: cmd
                      outputs: [DIR]
                      params:
                        command: 'echo secret > left-behind.txt && mkdir -p sub && chmod 500 sub && echo "DIR=$PWD"'
                """);
        String runId = Api.start("leaves-files", Map.of());
        JsonPath run = Api.awaitFinished(runId, TIMEOUT);
        assertThat(run.getString("status")).as(run.prettify()).isEqualTo("SUCCEEDED");
        Path dir = Path.of(run.getMap("variables", String.class, String.class).get("DIR"));
        assertThat(dir.getFileName().toString()).isEqualTo(runId);

        // when the sweeper has had time to see the run finished (retention 0 s, every second)
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> !Files.exists(dir));

        // then the directory and everything in it is gone
        assertThat(dir).doesNotExist();
    }
}
