package dev.varflow.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

import dev.varflow.messages.Json;
import dev.varflow.messages.RunEvent;

/** No record stops a partition: records the state store refuses fail their own run, and the others go on. */
@QuarkusTest
@IntegrationTest
class PoisonRecordTest {

    private static final String EVENTS = "varflow.events";
    private static final String REQUESTS = "varflow.run-requests";
    private static final int PARTITIONS = 8;

    @Test
    void shouldFailThePoisonedRunAndKeepItsPartitionFlowing() throws Exception {
        // given run A, whose start variable holds a NUL byte (produced straight to the events topic, past the
        // API), and run B requested after it on the same partition
        long workflowId = Api.register("""
                workflow:
                  name: poisoned
                  tasks:
                    - name: use
                      plugin: noop
                      inputs: [X]
                """).getLong("id");
        String requestB = "poison-b-" + UUID.randomUUID();
        String runB = UUID.nameUUIDFromBytes(("varflow-run-request:" + requestB).getBytes(StandardCharsets.UTF_8))
                .toString();
        String runA = runOnPartitionOf(runB);
        insertRun(runA, workflowId, "poisoned");

        // when
        try (KafkaProducer<String, byte[]> producer = Topics.rawProducer()) {
            producer.send(new ProducerRecord<>(EVENTS, runA, Json.write(RunEvent.variable(runA, null, "X",
                    "a\u0000b")))).get();
            producer.send(new ProducerRecord<>(EVENTS, runA, Json.write(RunEvent.runStarted(runA)))).get();
            producer.send(new ProducerRecord<>(REQUESTS, requestB, bytes("{\"requestId\": \"" + requestB
                    + "\", \"workflow\": \"poisoned\", \"vars\": {\"X\": \"fine\"}}"))).get();
        }

        // then A failed with a reason naming the refusal, and B, behind it on the same partition, succeeded
        JsonPath b = Api.awaitCreatedThenFinished(runB);
        assertThat(b.getString("status")).as(b.prettify()).isEqualTo("SUCCEEDED");
        JsonPath a = Api.awaitFinished(runA, Duration.ofSeconds(30));
        assertThat(a.getString("status")).isEqualTo("FAILED");
        assertThat(a.getString("error")).contains("SQLSTATE 22021").contains("database refused");
        Topics.awaitNoLag("varflow-gate", EVENTS, Duration.ofSeconds(30));
    }

    @Test
    void shouldStoreCommandOutputWithNulBytesAsReplacementCharacters() {
        // given a command printing a NUL byte inside a variable and in its plain output
        Api.register("""
                workflow:
                  name: prints-nul
                  tasks:
                    - name: emit
                      plugin: cmd
                      outputs: [X]
                      params:
                        command: "printf 'X=a\\\\0b\\\\n'; printf 'raw\\\\0nul\\\\n'"
                    - name: use
                      plugin: cmd
                      inputs: [X]
                      outputs: [Y]
                      params:
                        command: 'echo "Y=got $X"'
                """);

        // when
        JsonPath first = Api.awaitFinished(Api.start("prints-nul", Map.of()), Duration.ofSeconds(60));
        JsonPath second = Api.awaitFinished(Api.start("prints-nul", Map.of()), Duration.ofSeconds(60));

        // then the NUL became U+FFFD (stored, visible), and the gate kept going
        assertThat(first.getString("status")).as(first.prettify()).isEqualTo("SUCCEEDED");
        assertThat(first.getString("variables.X")).isEqualTo("a\uFFFDb");
        assertThat(first.getString("variables.Y")).isEqualTo("got a\uFFFDb");
        assertThat((String) Api.task(first, "emit").get("output")).contains("raw\uFFFDnul");
        assertThat(second.getString("status")).isEqualTo("SUCCEEDED");
    }

    @Test
    void shouldDeadLetterARunRequestTheDatabaseRefusesAndKeepTakingRequests() throws Exception {
        // given a request naming a workflow with a NUL byte (the lookup fails in PostgreSQL), then a valid one
        Api.register("""
                workflow:
                  name: after-poison
                  tasks:
                    - name: one
                      plugin: noop
                """);
        String badKey = "nul-" + UUID.randomUUID();
        String goodId = "good-" + UUID.randomUUID();

        // when
        try (KafkaProducer<String, byte[]> producer = Topics.rawProducer()) {
            producer.send(new ProducerRecord<>(REQUESTS, badKey, bytes("{\"requestId\": \"" + badKey
                    + "\", \"workflow\": \"after\\u0000poison\"}"))).get();
            producer.send(new ProducerRecord<>(REQUESTS, goodId, bytes("{\"requestId\": \"" + goodId
                    + "\", \"workflow\": \"after-poison\"}"))).get();
        }

        // then the consumer lived on: the valid request ran, the bad one is dead-lettered, intake is healthy
        String runId = UUID.nameUUIDFromBytes(("varflow-run-request:" + goodId).getBytes(StandardCharsets.UTF_8))
                .toString();
        assertThat(Api.awaitCreatedThenFinished(runId).getString("status")).isEqualTo("SUCCEEDED");
        ConsumerRecord<String, byte[]> letter = Topics.readAll("varflow.run-requests.dlq").stream()
                .filter(r -> badKey.equals(r.key())).findFirst().orElseThrow();
        assertThat((String) Json.read(letter.value(), Map.class).get("reason")).isNotBlank();
        for (String check : new String[] {"/q/health/live", "/q/health/ready"}) {
            JsonPath health = RestAssured.get(check).then().statusCode(200).extract().jsonPath();
            assertThat(health.getString("checks.find { it.name == 'varflow-run-intake' }.status")).isEqualTo("UP");
        }
    }

    /** A fresh run id the default partitioner puts on the same events partition as {@code other}. */
    private static String runOnPartitionOf(String other) {
        int wanted = partition(other);
        while (true) {
            String candidate = UUID.randomUUID().toString();
            if (partition(candidate) == wanted) {
                return candidate;
            }
        }
    }

    private static int partition(String key) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
    }

    private static void insertRun(String runId, long workflowId, String workflowName) throws SQLException {
        try (Connection conn = StateRows.database(); PreparedStatement insert = conn.prepareStatement(
                "INSERT INTO runs (id, workflow_id, workflow_name, status) VALUES (?, ?, ?, 'RUNNING')")) {
            insert.setString(1, runId);
            insert.setLong(2, workflowId);
            insert.setString(3, workflowName);
            insert.executeUpdate();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
