package dev.varflow.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

import dev.varflow.messages.Json;

/** Runs started by a plain Kafka producer on the run-request topic, as any external system would. */
@QuarkusTest
@IntegrationTest
class RunRequestTest {

    private static final String TOPIC = "varflow.run-requests";
    private static final String DLQ = "varflow.run-requests.dlq";

    @Test
    void shouldStartOneRunForARequestDeliveredTwice() throws Exception {
        // given
        Api.register("""
                workflow:
                  name: requested
                  tasks:
                    - name: greet
                      plugin: cmd
                      inputs: [WHO]
                      outputs: [GREETING]
                      params:
                        command: 'echo "GREETING=hello $WHO"'
                """);
        String requestId = "req-" + UUID.randomUUID();
        String request = "{\"requestId\": \"" + requestId + "\", \"workflow\": \"requested\", "
                + "\"vars\": {\"WHO\": \"kafka\"}}";

        // when the same request is produced twice
        try (KafkaProducer<String, byte[]> producer = Topics.rawProducer()) {
            producer.send(new ProducerRecord<>(TOPIC, requestId, bytes(request))).get();
            producer.send(new ProducerRecord<>(TOPIC, requestId, bytes(request))).get();
        }

        // then one run, whose id derives from the request id, completes
        String runId = UUID.nameUUIDFromBytes(("varflow-run-request:" + requestId)
                .getBytes(StandardCharsets.UTF_8)).toString();
        JsonPath run = Api.awaitCreatedThenFinished(runId);
        assertThat(run.getString("status")).isEqualTo("SUCCEEDED");
        assertThat(run.getString("variables.GREETING")).isEqualTo("hello kafka");
        assertThat(run.getString("startedBy")).as("owner of runs from Kafka").isEqualTo("kafka");
        Topics.awaitNoLag("varflow-coordinator", TOPIC, Duration.ofSeconds(30));
        List<String> runs = RestAssured.given().queryParam("workflow", "requested").get("/api/runs")
                .then().statusCode(200).extract().jsonPath().getList("id");
        assertThat(runs).containsExactly(runId);
    }

    @Test
    void shouldDeadLetterAnInvalidRecordWithItsReasonAndKeepConsuming() throws Exception {
        // given
        Api.register("""
                workflow:
                  name: after-bad
                  tasks:
                    - name: one
                      plugin: noop
                """);
        String badKey = "bad-" + UUID.randomUUID();
        String goodId = "good-" + UUID.randomUUID();

        // when an invalid record is followed by a valid one
        try (KafkaProducer<String, byte[]> producer = Topics.rawProducer()) {
            producer.send(new ProducerRecord<>(TOPIC, badKey, bytes("{\"workflow\": \"after-bad\", oops"))).get();
            producer.send(new ProducerRecord<>(TOPIC, goodId, bytes("{\"requestId\": \"" + goodId
                    + "\", \"workflow\": \"after-bad\"}"))).get();
        }

        // then the valid one still runs, and the invalid one is on the dead-letter topic with the reason
        String runId = UUID.nameUUIDFromBytes(("varflow-run-request:" + goodId)
                .getBytes(StandardCharsets.UTF_8)).toString();
        assertThat(Api.awaitCreatedThenFinished(runId).getString("status")).isEqualTo("SUCCEEDED");
        ConsumerRecord<String, byte[]> letter = Topics.readAll(DLQ).stream()
                .filter(r -> badKey.equals(r.key())).findFirst().orElseThrow();
        Map<?, ?> body = Json.read(letter.value(), Map.class);
        assertThat((String) body.get("reason")).startsWith("not a JSON run request");
        // A record that is not JSON is not kept verbatim (it might hold a token): its size and hash identify it.
        assertThat(body.get("record")).asString().startsWith("[not JSON, 30 bytes, sha256 ");
        assertThat(body.get("topic")).isEqualTo(TOPIC);
    }

    @Test
    void shouldDeadLetterReservedTokenLikeAndUnstorableVariablesNamingTheField() throws Exception {
        // given
        Api.register("""
                workflow:
                  name: after-poison
                  tasks:
                    - name: one
                      plugin: noop
                """);
        String secret = "dl-secret-" + UUID.randomUUID();
        Map<String, String> requests = Map.of(
                "vars.LD_PRELOAD: ", "\"vars\": {\"LD_PRELOAD\": \"/tmp/evil.so\"}",
                "vars.auth_token: ", "\"vars\": {\"auth_token\": \"" + secret + "\"}",
                "vars.X: ", "\"vars\": {\"X\": \"a\\u0000b\"}");
        String nulWorkflow = "nul-" + UUID.randomUUID();
        String goodId = "good-" + UUID.randomUUID();

        // when the poison records are followed by a valid one
        try (KafkaProducer<String, byte[]> producer = Topics.rawProducer()) {
            for (Map.Entry<String, String> request : requests.entrySet()) {
                producer.send(new ProducerRecord<>(TOPIC, request.getKey(), bytes("{\"requestId\": \""
                        + UUID.randomUUID() + "\", \"workflow\": \"after-poison\", " + request.getValue() + "}")))
                        .get();
            }
            producer.send(new ProducerRecord<>(TOPIC, nulWorkflow, bytes("{\"requestId\": \"" + nulWorkflow
                    + "\", \"workflow\": \"after\\u0000poison\"}"))).get();
            producer.send(new ProducerRecord<>(TOPIC, goodId, bytes("{\"requestId\": \"" + goodId
                    + "\", \"workflow\": \"after-poison\"}"))).get();
        }

        // then the valid one runs, and each poison record is dead-lettered with the field at fault
        String runId = UUID.nameUUIDFromBytes(("varflow-run-request:" + goodId)
                .getBytes(StandardCharsets.UTF_8)).toString();
        assertThat(Api.awaitCreatedThenFinished(runId).getString("status")).isEqualTo("SUCCEEDED");
        List<ConsumerRecord<String, byte[]>> letters = awaitLetters(requests.keySet(), nulWorkflow);
        for (String field : requests.keySet()) {
            Map<?, ?> body = Json.read(letters.stream().filter(r -> field.equals(r.key())).findFirst().orElseThrow()
                    .value(), Map.class);
            assertThat((String) body.get("reason")).startsWith(field);
        }
        Map<?, ?> nul = Json.read(letters.stream().filter(r -> nulWorkflow.equals(r.key())).findFirst()
                .orElseThrow().value(), Map.class);
        assertThat((String) nul.get("reason")).startsWith("workflow contains a NUL character (U+0000)");
        assertThat(letters.stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)))
                .noneMatch(letter -> letter.contains(secret));
    }

    /** Records on other partitions than the valid request's may be dead-lettered a little later. */
    private static List<ConsumerRecord<String, byte[]>> awaitLetters(java.util.Set<String> keys, String key) {
        AtomicReference<List<ConsumerRecord<String, byte[]>>> letters = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    letters.set(Topics.readAll(DLQ));
                    List<String> seen = letters.get().stream().map(ConsumerRecord::key).toList();
                    assertThat(seen.containsAll(keys) && seen.contains(key)).as("dead letters missing, seen " + seen)
                            .isTrue();
                });
        return letters.get();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
