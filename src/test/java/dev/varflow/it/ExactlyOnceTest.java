package dev.varflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.mutiny.Uni;

import dev.varflow.engine.TaskState;
import dev.varflow.gate.BatchResult;
import dev.varflow.gate.GateProcessor;
import dev.varflow.messages.Activation;
import dev.varflow.messages.Json;
import dev.varflow.messages.RunEvent;

/** Activation is exactly once: wide joins, redelivered records, and two gates racing on one record. */
@QuarkusTest
@IntegrationTest
class ExactlyOnceTest {

    private static final int WIDTH = 50;

    @Inject
    GateProcessor gate;

    @Test
    void shouldFireFiftyWideJoinExactlyOnceAndIgnoreRedeliveredRecords() throws Exception {
        // given a run of start -> 50 parallel branches -> join -> end
        Api.register(fanOutWorkflow("wide", WIDTH));
        String runId = Api.start("wide", Map.of());
        JsonPath run = Api.awaitFinished(runId, Duration.ofSeconds(60));
        assertThat(run.getString("status")).as(run.prettify()).isEqualTo("SUCCEEDED");
        assertThat(Topics.activations(runId)).hasSize(WIDTH + 3);
        assertThat(Topics.activations(runId)).filteredOn(a -> a.task().equals("join")).hasSize(1);
        Map<String, Integer> attemptsBefore = StateRows.attempts(runId);

        // when every record of the run is delivered to the gate a second time
        List<ConsumerRecord<String, byte[]>> events = Topics.readAll("varflow.events").stream()
                .filter(r -> runId.equals(r.key())).toList();
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", Topics.bootstrap()),
                new StringSerializer(), new ByteArraySerializer())) {
            for (ConsumerRecord<String, byte[]> record : events) {
                producer.send(new ProducerRecord<>("varflow.events", record.key(), record.value())).get();
            }
        }
        Topics.awaitNoLag("varflow-gate", "varflow.events", Duration.ofSeconds(30));

        // then nothing was activated again and no record changed
        // (a no-op branch emits one record: a TASK_FINISHED carrying its variable that also reports its start)
        assertThat(events).hasSizeGreaterThan(WIDTH);
        assertThat(events).noneMatch(r -> Json.read(r.value(), RunEvent.class) instanceof RunEvent.Variable);
        assertThat(Topics.activations(runId)).hasSize(WIDTH + 3);
        assertThat(StateRows.attempts(runId)).isEqualTo(attemptsBefore);
        assertThat(attemptsBefore).containsEntry("join", 1).hasSize(WIDTH + 3);
        assertThat(Api.run(runId).getString("status")).isEqualTo("SUCCEEDED");
    }

    @Test
    void shouldClaimOnceWhenTwoGatesProcessTheSameRecord() throws Exception {
        // given a run the live gate never hears of, and its start record handed to two gates at once
        long workflowId = Api.register(fanOutWorkflow("race", 3)).getLong("id");
        String runId = StateRows.insertRun(workflowId, "race");
        List<RunEvent> records = List.of(RunEvent.runStarted(runId));

        // when
        List<BatchResult> results = Uni.join().all(IntStream.range(0, 4)
                        .mapToObj(i -> gate.process(records).runSubscriptionOn(Runnable::run)).toList())
                .andFailFast().await().atMost(Duration.ofSeconds(30));

        // then exactly one of them activated START
        List<String> activated = results.stream().flatMap(r -> r.activations().stream()).map(Activation::task)
                .toList();
        assertThat(activated).containsExactly("start");
        assertThat(claims(runId)).isEqualTo(1);
    }

    @Test
    void shouldNotFinishARunBeforeItsStartRecordArrives() throws Exception {
        // given a run whose two start variables reach the gate in different batches, RUN_STARTED last
        long workflowId = Api.register("""
                workflow:
                  name: two-inputs
                  tasks:
                    - name: both
                      plugin: noop
                      inputs: [A, B]
                """).getLong("id");
        String runId = StateRows.insertRun(workflowId, "two-inputs");

        // when
        BatchResult first = gate.process(List.of(RunEvent.variable(runId, null, "A", "1")))
                .await().atMost(Duration.ofSeconds(30));
        BatchResult second = gate.process(List.of(RunEvent.variable(runId, null, "B", "2"),
                RunEvent.runStarted(runId))).await().atMost(Duration.ofSeconds(30));

        // then the first batch neither activated nor finished anything; the second activated the task
        assertThat(first.activations()).isEmpty();
        assertThat(first.finishedRuns()).isEmpty();
        assertThat(second.activations()).extracting(Activation::task).containsExactly("both");
    }

    @Test
    void shouldReadARunAgainBeforeFinishingItOnCachedState() throws Exception {
        // given a run the gate has evaluated (so it holds its state), chain first -> second
        long workflowId = Api.register(chainWorkflow("chain-behind-cache")).getLong("id");
        String runId = StateRows.insertRun(workflowId, "chain-behind-cache");
        BatchResult started = gate.process(List.of(RunEvent.variable(runId, null, "A", "1"),
                RunEvent.runStarted(runId))).await().atMost(Duration.ofSeconds(30));
        assertThat(started.activations()).extracting(Activation::task).containsExactly("first");

        // when X is set behind the gate's back and first's finish arrives without X's record
        try (Connection conn = StateRows.database(); PreparedStatement insert = conn.prepareStatement(
                "INSERT INTO run_variables (run_id, name, value, source_task) VALUES (?, 'X', '1', 'first')")) {
            insert.setString(1, runId);
            insert.executeUpdate();
        }
        BatchResult finished = gate.process(List.of(RunEvent.taskFinished(runId, "first", TaskState.SUCCEEDED, "w", null,
                null, null, dev.varflow.messages.EpochClock.micros(), 1))).await().atMost(Duration.ofSeconds(30));

        // then the gate did not stall the run on what it remembered: it read the run again and fired second
        assertThat(finished.finishedRuns()).isEmpty();
        assertThat(finished.activations()).extracting(Activation::task).containsExactly("second");
    }

    @Test
    void shouldRollBackTheWholeBatchWhenOneOfItsStatementsFails() throws Exception {
        // given a run whose first task the gate claimed
        String runId = chainWithFirstActivated("chain-rollback");
        RunEvent finished = RunEvent.taskFinished(runId, "first", TaskState.SUCCEEDED, "w", null, null, null,
                dev.varflow.messages.EpochClock.micros(), 1);

        // when a batch holds the task's finish and a value PostgreSQL refuses (a NUL character)
        var failed = org.assertj.core.api.Assertions.catchThrowable(() -> gate.process(List.of(finished,
                RunEvent.variable(runId, "first", "X", "bad\u0000value"))).await().atMost(Duration.ofSeconds(30)));

        // then none of it was kept, and the next delivery of the batch goes through on a clean connection
        assertThat(failed).isNotNull();
        assertThat(StateRows.taskState(runId, "first")).isEqualTo("ACTIVATED");
        BatchResult retried = gate.process(List.of(finished, RunEvent.variable(runId, "first", "X", "1")))
                .await().atMost(Duration.ofSeconds(30));
        assertThat(retried.activations()).extracting(Activation::task).containsExactly("second");
        assertThat(StateRows.taskState(runId, "first")).isEqualTo("SUCCEEDED");
    }

    @Test
    void shouldActOnTheLockedRunRowWhenItChangedSinceTheLastBatch() throws Exception {
        // given a run the gate evaluated, so that its next batch goes out with the locks (RunStateCache.expectedRows)
        long workflowId = Api.register(chainWorkflow("chain-row-changed")).getLong("id");
        String runId = StateRows.insertRun(workflowId, "chain-row-changed");
        BatchResult started = gate.process(List.of(RunEvent.variable(runId, null, "A", "1"),
                RunEvent.runStarted(runId))).await().atMost(Duration.ofSeconds(30));
        assertThat(started.activations()).extracting(Activation::task).containsExactly("first");

        // when the run row changes behind the gate's back (paused) and first's finish with X arrives
        try (Connection conn = StateRows.database(); PreparedStatement pause = conn.prepareStatement(
                "UPDATE runs SET status = 'PAUSED' WHERE id = ?")) {
            pause.setString(1, runId);
            pause.executeUpdate();
        }
        BatchResult finished = gate.process(List.of(RunEvent.variable(runId, "first", "X", "1"),
                RunEvent.taskFinished(runId, "first", TaskState.SUCCEEDED, "w", null, null, null,
                        dev.varflow.messages.EpochClock.micros(), 1))).await().atMost(Duration.ofSeconds(30));

        // then the batch met the paused run it locked, not the running one it expected: the finish is recorded,
        // nothing fires
        assertThat(finished.activations()).isEmpty();
        assertThat(StateRows.taskState(runId, "first")).isEqualTo("SUCCEEDED");
    }

    @Test
    void shouldSetTheVariablesATaskFinishedCarriesAndFireWhatTheyCompleteInOneBatch() throws Exception {
        // given a run whose first task was activated
        String runId = chainWithFirstActivated("chain-one-record");

        // when first's one record arrives: its outcome with X
        RunEvent.TaskFinished finished = RunEvent.taskFinished(runId, "first", TaskState.SUCCEEDED, "w", 0, null, null,
                dev.varflow.messages.EpochClock.micros(), 1).withOutputs(Map.of("X", "42"));
        BatchResult result = gate.process(List.of(finished)).await().atMost(Duration.ofSeconds(30));

        // then X is set by first and second fires with it, in that one batch
        assertThat(result.activations()).extracting(Activation::task).containsExactly("second");
        assertThat(result.activations().get(0).inputs()).containsEntry("X", "42");
        assertThat(Api.run(runId).getMap("variables", String.class, String.class)).containsEntry("X", "42");
        assertThat(StateRows.taskState(runId, "first")).isEqualTo("SUCCEEDED");
    }

    /** A run of {@link #chainWorkflow} started with A, so the gate claimed and activated first. */
    private String chainWithFirstActivated(String name) throws Exception {
        long workflowId = Api.register(chainWorkflow(name)).getLong("id");
        String runId = StateRows.insertRun(workflowId, name);
        gate.process(List.of(RunEvent.variable(runId, null, "A", "1"), RunEvent.runStarted(runId)))
                .await().atMost(Duration.ofSeconds(30));
        return runId;
    }

    /** first (needs A, sets X) -> second (needs X). */
    static String chainWorkflow(String name) {
        return """
                workflow:
                  name: %s
                  tasks:
                    - name: first
                      plugin: noop
                      inputs: [A]
                      outputs: [X]
                    - name: second
                      plugin: noop
                      inputs: [X]
                """.formatted(name);
    }

    static String fanOutWorkflow(String name, int width) {
        String branches = IntStream.rangeClosed(1, width).mapToObj(i -> """
                    - name: b%d
                      plugin: noop
                      inputs: [GO]
                      outputs: [B%d]
                """.formatted(i, i)).collect(Collectors.joining());
        String joined = IntStream.rangeClosed(1, width).mapToObj(i -> "B" + i).collect(Collectors.joining(", "));
        return """
                workflow:
                  name: %s
                  tasks:
                    - name: start
                      plugin: start
                      outputs: [GO]
                %s    - name: join
                      plugin: noop
                      inputs: [%s]
                      outputs: [JOINED]
                    - name: end
                      plugin: end
                      inputs: [JOINED]
                """.formatted(name, branches, joined);
    }

    private static int claims(String runId) throws SQLException {
        return StateRows.attempts(runId).size();
    }
}
