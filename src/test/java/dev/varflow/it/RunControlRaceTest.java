package dev.varflow.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import dev.varflow.engine.RunStatus;
import dev.varflow.engine.TaskState;
import dev.varflow.gate.BatchResult;
import dev.varflow.gate.GateProcessor;
import dev.varflow.messages.EpochClock;
import dev.varflow.messages.RunEvent;

/**
 * Only the gate writes a run after it started: control commands are records of the run, applied in its batch with
 * every other record of the run. These tests put a command and the record it races into one batch, in either order,
 * and assert exactly what the gate wrote and would publish.
 */
@QuarkusTest
@IntegrationTest
class RunControlRaceTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    GateProcessor gate;

    @ParameterizedTest
    @ValueSource(booleans = { true, false })
    void shouldActivateNothingWhenACancelRacesTheFinishThatCompletesAnInputSet(boolean cancelFirst)
            throws Exception {
        // given a run whose first task the gate claimed: first (needs A, sets X) -> second (needs X)
        String workflow = "cancel-race-" + cancelFirst;
        long workflowId = Api.register(ExactlyOnceTest.chainWorkflow(workflow)).getLong("id");
        String runId = StateRows.insertRun(workflowId, workflow);
        gate.process(List.of(RunEvent.variable(runId, null, "A", "1"), RunEvent.runStarted(runId)))
                .await().atMost(WAIT);
        RunEvent finished = RunEvent.taskFinished(runId, "first", TaskState.SUCCEEDED, "w", 0, null, null,
                EpochClock.micros(), 1, 1).withStart();
        RunEvent variable = RunEvent.variable(runId, "first", "X", "1");
        RunEvent.ControlRequested cancel = command(runId, RunEvent.Control.CANCEL, null);

        // when the cancel and first's finish with X arrive in one batch
        BatchResult result = gate.process(cancelFirst ? List.of(cancel, finished, variable)
                : List.of(finished, variable, cancel)).await().atMost(WAIT);

        // then the run is cancelled, nothing is activated, and first's outcome and X are kept
        assertThat(result.activations()).isEmpty();
        assertThat(result.finishedRuns()).isEmpty();
        assertThat(result.answers()).containsExactly(new RunEvent.RunFinished(runId, RunStatus.CANCELLED, null,
                ((RunEvent.RunFinished) result.answers().get(0)).at(), null, cancel.requestId()));
        assertThat(StateRows.runStatus(runId)).isEqualTo("CANCELLED");
        assertThat(StateRows.taskState(runId, "first")).isEqualTo("SUCCEEDED");
        assertThat(StateRows.taskState(runId, "second")).as("second must never be claimed").isNull();
        assertThat(StateRows.variable(runId, "X")).isEqualTo("1");
    }

    @ParameterizedTest
    @ValueSource(booleans = { true, false })
    void shouldNotLetALateReportOfTheFailedAttemptFinishTheReplayedTask(boolean lateReportFirst) throws Exception {
        // given a run whose first task failed in run attempt 1
        String workflow = "replay-race-" + lateReportFirst;
        long workflowId = Api.register(ExactlyOnceTest.chainWorkflow(workflow)).getLong("id");
        String runId = StateRows.insertRun(workflowId, workflow);
        gate.process(List.of(RunEvent.variable(runId, null, "A", "1"), RunEvent.runStarted(runId)))
                .await().atMost(WAIT);
        BatchResult failed = gate.process(List.of(failure(runId, 1).withStart())).await().atMost(WAIT);
        assertThat(failed.finishedRuns()).extracting(RunEvent.RunFinished::state).containsExactly(RunStatus.FAILED);

        // when the run is replayed, and a duplicate execution of attempt 1 reports its failure late (before the
        // replay in the same batch, or after it)
        RunEvent.ControlRequested replay = command(runId, RunEvent.Control.REPLAY, 1);
        RunEvent late = failure(runId, 1);
        BatchResult replayed = gate.process(lateReportFirst ? List.of(late, replay) : List.of(replay, late))
                .await().atMost(WAIT);
        BatchResult lateAgain = gate.process(List.of(failure(runId, 1))).await().atMost(WAIT);

        // then first runs again in run attempt 2, and only its own report can finish it
        assertThat(replayed.answers()).extracting(RunEvent::type).containsExactly(RunEvent.Type.RUN_STARTED);
        assertThat(replayed.activations()).singleElement().satisfies(activation -> {
            assertThat(activation.task()).isEqualTo("first");
            assertThat(activation.runAttempt()).isEqualTo(2);
        });
        assertThat(lateAgain.finishedRuns()).isEmpty();
        assertThat(StateRows.taskState(runId, "first")).isEqualTo("ACTIVATED");
        assertThat(StateRows.runStatus(runId)).isEqualTo("RUNNING");
        BatchResult done = gate.process(List.of(RunEvent.taskFinished(runId, "first", TaskState.SUCCEEDED, "w", 0,
                null, null, EpochClock.micros(), 1, 2).withStart(), RunEvent.variable(runId, "first", "X", "1")))
                .await().atMost(WAIT);
        assertThat(done.activations()).extracting(a -> a.task()).containsExactly("second");
    }

    @ParameterizedTest
    @ValueSource(strings = { "pause", "cancel" })
    void shouldAnswerAControlThroughTheApiOnceTheGateAppliedIt(String action) {
        // given a run with a task that takes a while
        Api.register("""
                workflow:
                  name: control-%s
                  tasks:
                    - name: slow
                      plugin: cmd
                      outputs: [DONE]
                      params:
                        command: 'sleep 2; echo DONE=yes'
                """.formatted(action));
        String runId = Api.start("control-" + action, Map.of());

        // when
        JsonPath answer = given().contentType(ContentType.JSON).when().post("/api/runs/" + runId + "/" + action)
                .then().statusCode(200).extract().jsonPath();

        // then the answer is the gate's: the status it wrote
        String status = action.equals("pause") ? "PAUSED" : "CANCELLED";
        assertThat(answer.getString("status")).isEqualTo(status);
        assertThat(Api.run(runId).getString("status")).isEqualTo(status);
        given().when().post("/api/runs/" + runId + "/" + action).then().statusCode(200)
                .body(action.equals("pause") ? "paused" : "cancelled", equalTo(false)).body("status", equalTo(status));
        if (action.equals("pause")) {
            given().when().post("/api/runs/" + runId + "/cancel").then().statusCode(200);
        }
    }

    private static RunEvent.TaskFinished failure(String runId, int runAttempt) {
        return RunEvent.taskFinished(runId, "first", TaskState.FAILED, "w", 3, null, "exit 3", EpochClock.micros(),
                1, runAttempt);
    }

    private static RunEvent.ControlRequested command(String runId, RunEvent.Control control, Integer attempt) {
        return new RunEvent.ControlRequested(runId, UUID.randomUUID().toString(), control, attempt, null, null,
                "test", System.currentTimeMillis());
    }
}
