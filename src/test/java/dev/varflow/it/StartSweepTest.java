package dev.varflow.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.mutiny.Uni;

import dev.varflow.coordinator.EventPublisher;
import dev.varflow.coordinator.StartSweep;
import dev.varflow.messages.Activation;
import dev.varflow.messages.RunEvent;

/**
 * The start sweep: a run whose row was written but whose start records never reached Kafka is started from its
 * stored variables; sending them again when the first ones did arrive changes nothing; runs without stored
 * variables fail saying why; young runs and runs another sweep just took are left alone.
 */
@QuarkusTest
@IntegrationTest
class StartSweepTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Inject
    StartSweep sweep;

    @Inject
    EventPublisher publisher;

    @Test
    void shouldStartARunWhoseStartRecordsNeverReachedKafka() throws Exception {
        // given a run row as a coordinator that died before Kafka's acknowledgement leaves it
        long workflowId = Api.register(workflow("sweep-lost-start", 0)).getLong("id");
        String runId = unstartedRun(workflowId, "sweep-lost-start", "{\"X\":\"42\"}", "1 hour");

        // when
        StartSweep.Swept swept = sweep().await().atMost(TIMEOUT);

        // then its start records went out again, and the run ran with its variable
        assertThat(swept.republished()).contains(runId);
        assertThat(swept.failed()).doesNotContain(runId);
        JsonPath run = Api.awaitFinished(runId, TIMEOUT);
        assertThat(run.getString("status")).as(run.prettify()).isEqualTo("SUCCEEDED");
        assertThat(StateRows.variable(runId, "X")).isEqualTo("42");
        assertThat(column(runId, "start_resent_at")).isNotNull();
        assertThat(column(runId, "start_vars")).as("cleared once the gate saw RUN_STARTED").isNull();
    }

    @Test
    void shouldChangeNothingWhenTheFirstStartRecordsArrivedToo() throws Exception {
        // given a run started the normal way, its SLOW task running, whose row a sweep reads as not started (the
        // race: the sweep claims the row just before the gate marks it started)
        Api.register(workflow("sweep-duplicate-start", 1500));
        String runId = Api.start("sweep-duplicate-start", Map.of("X", "1"));
        await().atMost(TIMEOUT).until(() -> "RUNNING".equals(StateRows.taskState(runId, "SLOW")));
        execute("UPDATE runs SET started = FALSE, start_vars = '{\"X\":\"1\"}', "
                + "created_at = now() - interval '1 hour' WHERE id = ?", runId);

        // when the sweep sends the start records a second time, while the run is in flight
        StartSweep.Swept swept = sweep().await().atMost(TIMEOUT);

        // then the run finishes once, every task claimed and activated once, the variable as first set
        assertThat(swept.republished()).contains(runId);
        JsonPath run = Api.awaitFinished(runId, TIMEOUT);
        assertThat(run.getString("status")).as(run.prettify()).isEqualTo("SUCCEEDED");
        assertThat(StateRows.attempts(runId)).isEqualTo(Map.of("START", 1, "SLOW", 1, "END", 1));
        assertThat(Topics.activations(runId)).extracting(Activation::task).containsExactlyInAnyOrder("START", "SLOW", "END");
        assertThat(StateRows.variable(runId, "X")).isEqualTo("1");
    }

    @Test
    void shouldChangeNothingWhenStartRecordsArriveAgainAfterTheRunFinished() throws Exception {
        // given a finished run
        Api.register(workflow("sweep-after-finish", 0));
        String runId = Api.start("sweep-after-finish", Map.of("X", "7"));
        assertThat(Api.awaitFinished(runId, TIMEOUT).getString("status")).isEqualTo("SUCCEEDED");
        Map<String, Integer> before = StateRows.attempts(runId);

        // when its start records (as the sweep builds them) reach the gate once more
        publisher.publish(List.of(RunEvent.variable(runId, null, "X", "8"), RunEvent.runStarted(runId)))
                .await().atMost(TIMEOUT);
        Topics.awaitNoLag("varflow-gate", "varflow.events", TIMEOUT);

        // then nothing moved: same status, same claims, the first value kept
        assertThat(StateRows.runStatus(runId)).isEqualTo("SUCCEEDED");
        assertThat(StateRows.attempts(runId)).isEqualTo(before);
        assertThat(Topics.activations(runId)).hasSize(3);
        assertThat(StateRows.variable(runId, "X")).isEqualTo("7");
    }

    @Test
    void shouldFailAnUnstartedRunWithoutStoredStartVariables() throws Exception {
        // given a run row from before start variables were stored, and one whose stored variables are not JSON
        long workflowId = Api.register(workflow("sweep-legacy", 0)).getLong("id");
        String legacy = unstartedRun(workflowId, "sweep-legacy", null, "1 hour");
        String garbled = unstartedRun(workflowId, "sweep-legacy", "[1, 2]", "1 hour");

        // when
        StartSweep.Swept swept = sweep().await().atMost(TIMEOUT);

        // then both failed, saying why, and nothing was sent for them
        assertThat(swept.failed()).contains(legacy, garbled);
        assertThat(swept.republished()).doesNotContain(legacy, garbled);
        assertThat(StateRows.runStatus(legacy)).isEqualTo("FAILED");
        assertThat(column(legacy, "error")).startsWith("Expected to send this run's start records again")
                .contains("start it again");
        assertThat(column(garbled, "error")).startsWith("Expected this run's stored start variables to be a JSON");
        assertThat(column(legacy, "finished_at")).isNotNull();
    }

    @Test
    void shouldLeaveYoungRunsAloneAndTakeEachDueRunOncePerGrace() throws Exception {
        // given a run inside the grace and a due one
        long workflowId = Api.register(workflow("sweep-once", 0)).getLong("id");
        String young = unstartedRun(workflowId, "sweep-once", "{\"X\":\"1\"}", "1 second");
        String due = unstartedRun(workflowId, "sweep-once", "{\"X\":\"1\"}", "1 hour");

        // when two coordinators sweep at once, then one sweeps again at once
        List<StartSweep.Swept> both = Uni.join().all(sweep(), sweep()).andFailFast().await().atMost(TIMEOUT);
        StartSweep.Swept again = sweep().await().atMost(TIMEOUT);

        // then the due run was sent by exactly one of them, the young one by none
        List<String> sent = new ArrayList<>(both.get(0).republished());
        sent.addAll(both.get(1).republished());
        assertThat(sent).containsOnlyOnce(due).doesNotContain(young);
        assertThat(again.republished()).doesNotContain(due, young);
        assertThat(Api.awaitFinished(due, TIMEOUT).getString("status")).isEqualTo("SUCCEEDED");
        assertThat(StateRows.runStatus(young)).isEqualTo("RUNNING");
        execute("UPDATE runs SET status = 'CANCELLED' WHERE id = ?", young); // not left for the periodic sweep
    }

    /** One pass on a worker thread, as the periodic sweep runs it. */
    private Uni<StartSweep.Swept> sweep() {
        return Uni.createFrom().deferred(sweep::sweep)
                .runSubscriptionOn(io.smallrye.mutiny.infrastructure.Infrastructure.getDefaultWorkerPool());
    }

    /** START -> SLOW (noop, needs X, DELAY ms) -> END. */
    private static String workflow(String name, int delayMillis) {
        return """
                workflow:
                  name: %s
                  tasks:
                    - name: START
                      plugin: start
                      outputs: [GO]
                    - name: SLOW
                      plugin: noop
                      inputs: [GO, X]
                      outputs: [DONE]
                      params:
                        delay_ms: "%d"
                    - name: END
                      plugin: end
                      inputs: [DONE]
                """.formatted(name, delayMillis);
    }

    /** A RUNNING, unstarted run row created {@code age} ago with these stored start variables. */
    private static String unstartedRun(long workflowId, String workflow, String startVars, String age)
            throws SQLException {
        String runId = UUID.randomUUID().toString();
        try (Connection conn = StateRows.database(); PreparedStatement insert = conn.prepareStatement(
                "INSERT INTO runs (id, workflow_id, workflow_name, status, start_vars, created_at) "
                        + "VALUES (?, ?, ?, 'RUNNING', ?, now() - ?::interval)")) {
            insert.setString(1, runId);
            insert.setLong(2, workflowId);
            insert.setString(3, workflow);
            insert.setString(4, startVars);
            insert.setString(5, age);
            insert.executeUpdate();
        }
        return runId;
    }

    private static String column(String runId, String column) throws SQLException {
        try (Connection conn = StateRows.database(); PreparedStatement query = conn.prepareStatement(
                "SELECT " + column + "::text FROM runs WHERE id = ?")) {
            query.setString(1, runId);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getString(1);
            }
        }
    }

    private static void execute(String sql, String runId) throws SQLException {
        try (Connection conn = StateRows.database(); PreparedStatement update = conn.prepareStatement(sql)) {
            update.setString(1, runId);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }

}
