package dev.varflow.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.restassured.path.json.JsonPath;
import io.quarkus.test.junit.QuarkusTest;

import dev.varflow.engine.RunStatus;
import dev.varflow.infra.RecordSigner;
import dev.varflow.messages.Activation;
import dev.varflow.messages.Json;
import dev.varflow.messages.RunEvent;

/** Whoever can write to Kafka cannot make workers run a task or cancel a run: forged records are refused. */
@QuarkusTest
@IntegrationTest
class ForgedRecordTest {

    private static final String CMD_TOPIC = "varflow.activations.cmd";
    private static final int PARTITIONS = 8;

    @Inject
    MeterRegistry registry;

    @Test
    void shouldRefuseForgedActivationsWhileGenuineWorkRuns() throws Exception {
        // given a command that would leave a mark, in activations that are unsigned, signed with another key, or
        // carrying a genuine signature of the same activation with fewer permissions
        Path marker = Files.createTempDirectory("forged").resolve("pwned");
        String forgedRun = UUID.randomUUID().toString();
        Activation granted = activation(forgedRun, "touch " + marker, Set.of("can_execute_commands"));
        Activation modest = activation(forgedRun, "touch " + marker, Set.of());
        RecordSigner genuine = RecordSigner.fromBase64(ConfigProvider.getConfig()
                .getValue("varflow.security.record-key", String.class));
        RecordSigner attacker = RecordSigner.fromBase64(RecordSigner.randomKey());
        double unsigned = rejected("unsigned");
        double badSignature = rejected("bad_signature");
        Api.register("""
                workflow:
                  name: genuine-after-forged
                  tasks:
                    - name: greet
                      plugin: cmd
                      outputs: [GREETING]
                      params:
                        command: 'echo GREETING=hello'
                """);

        // when each forged activation is sent to every partition of the cmd topic, then a genuine run starts
        try (KafkaProducer<String, byte[]> producer = producer()) {
            for (int partition = 0; partition < PARTITIONS; partition++) {
                String key = forgedRun + "/forged";
                producer.send(new ProducerRecord<>(CMD_TOPIC, partition, key, Json.write(granted))).get();
                producer.send(attacker.sign(new ProducerRecord<>(CMD_TOPIC, partition, key, Json.write(granted))))
                        .get();
                byte[] signature = genuine.sign(new ProducerRecord<>(CMD_TOPIC, partition, key, Json.write(modest)))
                        .headers().lastHeader(RecordSigner.HEADER).value();
                ProducerRecord<String, byte[]> widened = new ProducerRecord<>(CMD_TOPIC, partition, key,
                        Json.write(granted));
                widened.headers().add(RecordSigner.HEADER, signature);
                producer.send(widened).get();
            }
        }
        JsonPath run = Api.awaitFinished(Api.start("genuine-after-forged", Map.of()), Duration.ofSeconds(60));

        // then the genuine run succeeded, every forged activation was refused and counted, none ran
        assertThat(run.getString("status")).as(run.prettify()).isEqualTo("SUCCEEDED");
        awaitCount("unsigned", unsigned + PARTITIONS);
        awaitCount("bad_signature", badSignature + 2 * PARTITIONS);
        assertThat(Files.exists(marker)).as("the forged command ran").isFalse();
        assertThat(Topics.readAll("varflow.events")).noneMatch(r -> forgedRun.equals(r.key()));
    }

    @Test
    void shouldNotCancelARunOnAForgedControlRecord() throws Exception {
        // given a running task
        Api.register("""
                workflow:
                  name: not-cancelled
                  tasks:
                    - name: wait
                      plugin: cmd
                      outputs: [DONE]
                      params:
                        command: 'sleep 3; echo DONE=yes'
                """);
        String runId = Api.start("not-cancelled", Map.of());
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> assertThat(
                Api.task(Api.run(runId), "wait").get("state")).as("task never started").isEqualTo("RUNNING"));
        double before = rejected("unsigned");

        // when an unsigned "run finished" reaches the control topic
        try (KafkaProducer<String, byte[]> producer = producer()) {
            producer.send(new ProducerRecord<>("varflow.control", runId, Json.write(RunEvent.runFinished(runId,
                    RunStatus.CANCELLED, null, "forged")))).get();
        }

        // then the workers ignored it and the task finished its work
        awaitCount("unsigned", before + 1);
        JsonPath run = Api.awaitFinished(runId, Duration.ofSeconds(60));
        assertThat(run.getString("status")).as(run.prettify()).isEqualTo("SUCCEEDED");
        assertThat(run.getString("variables.DONE")).isEqualTo("yes");
    }

    @Test
    void shouldNotApplyAForgedCommandOnTheEventsTopic() throws Exception {
        // given a running task
        Api.register("""
                workflow:
                  name: not-paused
                  tasks:
                    - name: wait
                      plugin: cmd
                      outputs: [DONE]
                      params:
                        command: 'sleep 2; echo DONE=yes'
                """);
        String runId = Api.start("not-paused", Map.of());
        double before = rejected("unsigned");

        // when an unsigned cancel command reaches the run's partition of the events topic
        try (KafkaProducer<String, byte[]> producer = producer()) {
            producer.send(new ProducerRecord<>("varflow.events", runId, Json.write(new RunEvent.ControlRequested(
                    runId, UUID.randomUUID().toString(), RunEvent.Control.CANCEL, null, null, null, "mallory",
                    System.currentTimeMillis())))).get();
        }

        // then the gate refused it and the run went on to succeed
        awaitCount("unsigned", before + 1);
        JsonPath run = Api.awaitFinished(runId, Duration.ofSeconds(60));
        assertThat(run.getString("status")).as(run.prettify()).isEqualTo("SUCCEEDED");
    }

    private static Activation activation(String runId, String command, Set<String> permissions) {
        return new Activation(runId, "forged", "cmd", Map.of("command", command), Map.of(), List.of(),
                permissions, null, List.of(), false, System.currentTimeMillis(), 1, null, null);
    }

    private double rejected(String reason) {
        var counter = registry.find("varflow.records.rejected").tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    private void awaitCount(String reason, double expected) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                assertThat(rejected(reason)).as("records refused as " + reason).isGreaterThanOrEqualTo(expected));
        assertThat(rejected(reason)).as("records refused as " + reason).isEqualTo(expected);
    }

    private static KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Topics.bootstrap(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
    }
}
