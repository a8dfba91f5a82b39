package dev.varflow.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import dev.varflow.gate.GateService;

/** Retries, timeouts, cancel/pause/resume, conditions and replay, on the real broker and database. */
@QuarkusTest
@IntegrationTest
class ExecutionSemanticsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Inject
    GateService gate;

    @Test
    void shouldRetryFailedAttemptsWithBackoffUntilOneSucceeds() {
        // given a command that fails twice, then succeeds
        Api.register("""
                workflow:
                  name: flaky
                  tasks:
                    - name: flaky
                      plugin: cmd
                      outputs: [TRIES]
                      params:
                        command: 'n=$(cat tries 2>/dev/null || echo 0); n=$((n+1)); echo $n > tries; echo TRIES=$n; [ $n -ge 3 ]'
                      execution:
                        retries: {max_attempts: 4, initial: 100ms, factor: 2, jitter: 0}
                """);

        // when
        JsonPath run = Api.awaitFinished(Api.start("flaky", Map.of()), TIMEOUT);

        // then
        assertThat(run.getString("status")).as(run.prettify()).isEqualTo("SUCCEEDED");
        assertThat(run.getMap("variables", String.class, String.class)).containsEntry("TRIES", "3");
        assertThat(run.getList("tasks[0].history.state")).containsExactly("FAILED", "FAILED", "SUCCEEDED");
        assertThat(run.getList("tasks[0].history.attempt")).containsExactly(1, 2, 3);
    }

    @Test
    void shouldFailAfterTheLastAttempt() {
        // given
        Api.register("""
                workflow:
                  name: hopeless
                  defaults:
                    execution:
                      retries: {max_attempts: 2, initial: 50ms}
                  tasks:
                    - name: fail
                      plugin: cmd
                      params:
                        command: 'exit 9'
                """);

        // when
        JsonPath run = Api.awaitFinished(Api.start("hopeless", Map.of()), TIMEOUT);

        // then the workflow default applied: two attempts, then the task and the run failed
        assertThat(run.getString("status")).isEqualTo("FAILED");
        assertThat(run.getList("tasks[0].history.state")).containsExactly("FAILED", "FAILED");
        assertThat(Api.task(run, "fail")).containsEntry("exitCode", 9).containsEntry("attempts", 2);
    }

    @Test
    void shouldKillACommandOverItsTimeoutAndRetryIt() throws Exception {
        // given
        String marker = uniqueSleep(30);
        Api.register("""
                workflow:
                  name: slowpoke
                  tasks:
                    - name: slow
                      plugin: cmd
                      params:
                        command: 'sleep %s'
                      execution:
                        timeout: 1s
                        retries: {max_attempts: 2, initial: 100ms}
                """.formatted(marker));
        long started = System.nanoTime();

        // when
        JsonPath run = Api.awaitFinished(Api.start("slowpoke", Map.of()), TIMEOUT);

        // then
        assertThat(run.getString("status")).isEqualTo("FAILED");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
        assertThat(run.getList("tasks[0].history.error")).hasSize(2)
                .allMatch(e -> e.toString().startsWith("attempt timed out after 1.0 s"));
        assertThat(processesNamed(marker)).isZero();
    }

    @Test
    void shouldStopRunningCommandsWhenTheRunIsCancelled() throws Exception {
        // given
        String marker = uniqueSleep(60);
        Api.register("""
                workflow:
                  name: cancellable
                  tasks:
                    - name: long
                      plugin: cmd
                      params:
                        command: 'sleep %s'
                """.formatted(marker));
        String runId = Api.start("cancellable", Map.of());
        awaitTaskState(runId, "long", "RUNNING");
        awaitProcess(marker);

        // when
        given().when().post("/api/runs/" + runId + "/cancel").then().statusCode(200);

        // then the command is gone within its kill grace, the run stays cancelled
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(processesNamed(marker)).isZero());
        assertThat(Api.run(runId).getString("status")).isEqualTo("CANCELLED");
    }

    @Test
    void shouldFailARunPastItsDeadlineAndStopItsCommands() {
        // given
        String marker = uniqueSleep(60);
        Api.register("""
                workflow:
                  name: deadline
                  defaults:
                    execution:
                      deadline: 2s
                  tasks:
                    - name: long
                      plugin: cmd
                      params:
                        command: 'sleep %s'
                """.formatted(marker));

        // when
        JsonPath run = Api.awaitFinished(Api.start("deadline", Map.of()), TIMEOUT);

        // then
        assertThat(run.getString("status")).isEqualTo("FAILED");
        assertThat(run.getString("error")).isEqualTo("run deadline exceeded");
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(processesNamed(marker)).isZero());
    }

    @Test
    void shouldActivateNothingWhilePausedAndGoOnWhenResumed() {
        // given
        Api.register("""
                workflow:
                  name: pausable
                  tasks:
                    - name: first
                      plugin: cmd
                      outputs: [X]
                      params:
                        command: 'sleep 1; echo X=1'
                    - name: second
                      plugin: noop
                      inputs: [X]
                      outputs: [Y]
                    - name: done
                      plugin: end
                      inputs: [Y]
                """);
        String runId = Api.start("pausable", Map.of());
        awaitTaskState(runId, "first", "RUNNING");

        // when
        given().when().post("/api/runs/" + runId + "/pause").then().statusCode(200).body("paused", equalTo(true));
        awaitTaskState(runId, "first", "SUCCEEDED");
        Api.sleep(1500); // not polling: time for a wrong activation of "second" to show

        // then
        JsonPath paused = Api.run(runId);
        assertThat(paused.getString("status")).isEqualTo("PAUSED");
        assertThat(Api.task(paused, "second")).containsEntry("state", "PENDING");

        // when
        given().when().post("/api/runs/" + runId + "/resume").then().statusCode(200).body("resumed", equalTo(true));

        // then
        assertThat(Api.awaitFinished(runId, TIMEOUT).getString("status")).isEqualTo("SUCCEEDED");
    }

    @Test
    void shouldSkipTasksWhoseConditionIsFalse() {
        // given two branches with opposite conditions that both could set RESULT
        Api.register("""
                workflow:
                  name: branching
                  tasks:
                    - name: big
                      plugin: cmd
                      inputs: [SIZE]
                      outputs: [RESULT]
                      when: SIZE > 100
                      params:
                        command: 'echo RESULT=big'
                    - name: small
                      plugin: cmd
                      inputs: [SIZE]
                      outputs: [RESULT]
                      run_if: SIZE <= 100
                      params:
                        command: 'echo RESULT=small'
                    - name: done
                      plugin: end
                      inputs: [RESULT]
                """);

        // when
        JsonPath run = Api.awaitFinished(Api.start("branching", Map.of("SIZE", "7")), TIMEOUT);

        // then
        assertThat(run.getString("status")).isEqualTo("SUCCEEDED");
        assertThat(run.getMap("variables", String.class, String.class)).containsEntry("RESULT", "small");
        assertThat(Api.task(run, "big")).containsEntry("state", "SKIPPED");
    }

    @Test
    void shouldReplayAFailedRunFromItsFailedTaskKeepingItsVariables() throws IOException {
        // given a run that fails because a file is missing
        Path gateFile = Path.of(System.getProperty("java.io.tmpdir"), "varflow-replay-" + UUID.randomUUID());
        Api.register("""
                workflow:
                  name: replayable
                  tasks:
                    - name: prepare
                      plugin: cmd
                      outputs: [PREPARED]
                      params:
                        command: 'echo PREPARED=$$'
                    - name: check
                      plugin: cmd
                      inputs: [PREPARED, GATE_FILE]
                      outputs: [CHECKED]
                      params:
                        command: 'test -f "$GATE_FILE" && echo CHECKED=yes'
                """);
        String runId = Api.start("replayable", Map.of("GATE_FILE", gateFile.toString()));
        JsonPath failed = Api.awaitFinished(runId, TIMEOUT);
        assertThat(failed.getString("status")).isEqualTo("FAILED");
        String prepared = failed.getMap("variables", String.class, String.class).get("PREPARED");
        Files.createFile(gateFile);

        // when
        given().contentType(ContentType.JSON).body(Map.of()).when().post("/api/runs/" + runId + "/replay")
                .then().statusCode(200).body("attempt", equalTo(2));
        JsonPath run = Api.awaitFinished(runId, TIMEOUT);

        // then prepare did not run again; check ran in both attempts of the run
        assertThat(run.getString("status")).isEqualTo("SUCCEEDED");
        assertThat(run.getInt("attempt")).isEqualTo(2);
        assertThat(run.getMap("variables", String.class, String.class)).containsEntry("PREPARED", prepared)
                .containsEntry("CHECKED", "yes");
        assertThat(Api.task(run, "prepare")).containsEntry("attempts", 1);
        assertThat(run.getList("tasks.find { it.name == 'check' }.history.runAttempt")).containsExactly(1, 2);
        given().contentType(ContentType.JSON).body(Map.of()).when().post("/api/runs/" + runId + "/replay")
                .then().statusCode(409);
        assertThat(given().when().get("/api/runs/" + runId + "/history").then().statusCode(200).extract()
                .jsonPath().getList("type", String.class))
                .contains("RUN_STARTED", "TASK_STARTED", "VARIABLE", "TASK_FINISHED");
        Files.deleteIfExists(gateFile);
    }

    @Test
    void shouldKeepAScheduledRetryAcrossAGateRestart() {
        // given a retry due in 2 s
        Api.register("""
                workflow:
                  name: durable-retry
                  tasks:
                    - name: once
                      plugin: cmd
                      params:
                        command: 'if [ -f failed-once ]; then exit 0; fi; touch failed-once; exit 1'
                      execution:
                        retries: {max_attempts: 2, initial: 2s, jitter: 0}
                """);
        String runId = Api.start("durable-retry", Map.of());
        awaitTaskState(runId, "once", "RETRY_WAIT");

        // when the gate goes away while the retry waits, and a new one comes back after it was due
        gate.stop();
        Api.sleep(2500); // not polling: the retry falls due (2 s) while no gate runs
        gate.start();

        // then the retry ran from the state store
        JsonPath run = Api.awaitFinished(runId, TIMEOUT);
        assertThat(run.getString("status")).isEqualTo("SUCCEEDED");
        assertThat(run.getList("tasks[0].history.state")).containsExactly("FAILED", "SUCCEEDED");
    }

    static void awaitTaskState(String runId, String task, String state) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> assertThat(Api.task(Api.run(runId), task).get("state"))
                        .as("task " + task + " never reached " + state).isEqualTo(state));
    }

    private static void awaitProcess(String marker) throws Exception {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                assertThat(processesNamed(marker)).as("process " + marker + " never started").isPositive());
    }

    /** A sleep whose duration is unique, so its process can be found by its command line. */
    private static String uniqueSleep(int seconds) {
        return seconds + "." + String.format("%09d", Math.abs(UUID.randomUUID().getLeastSignificantBits() % 1_000_000_000L));
    }

    private static long processesNamed(String marker) {
        return ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains(marker)).count();
    }

}
