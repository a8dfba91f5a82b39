package dev.varflow.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

import dev.varflow.infra.Tracing;

/**
 * One run is one trace: the coordinator's run span, the gate's activation spans and the workers' task spans, joined
 * by the trace context in the Kafka headers (docs/operations.md, "Tracing").
 */
@QuarkusTest
@TestProfile(TracingProfile.class)
@QuarkusTestResource(InfrastructureResource.class)
@IntegrationTest
class RunTracingTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final List<String> TASKS = List.of("split", "left", "right", "join");

    @Inject
    InMemorySpanExporter exporter;

    private static final String SPLIT_JOIN = """
            workflow:
              name: traced
              tasks:
                - name: split
                  plugin: cmd
                  inputs: [SECRET]
                  outputs: [A, B]
                  params:
                    command: 'echo "A=$SECRET"; echo "B=$SECRET"'
                - {name: left, plugin: noop, inputs: [A], outputs: [L]}
                - {name: right, plugin: noop, inputs: [B], outputs: [R]}
                - {name: join, plugin: end, inputs: [L, R]}
            """;

    @Test
    void shouldMakeOneTraceOfARunAcrossCoordinatorGateAndWorkers() {
        // given
        Api.register(SPLIT_JOIN);
        String secret = "hunter2-" + UUID.randomUUID();

        // when
        String runId = Api.start("traced", Map.of("SECRET", secret));
        assertThat(Api.awaitFinished(runId, TIMEOUT).getString("status")).isEqualTo("SUCCEEDED");
        Map<String, SpanData> spans = awaitSpans(runId, 9);

        // then one trace, started by the coordinator's run span under the HTTP request's span
        SpanData run = spans.get("varflow.run traced");
        assertThat(run).isNotNull();
        assertThat(spans.values()).extracting(SpanData::getTraceId).containsOnly(run.getTraceId());
        assertThat(exporter.getFinishedSpanItems()).filteredOn(s -> s.getSpanId().equals(run.getParentSpanId()))
                .singleElement().satisfies(http -> assertThat(http.getKind()).isEqualTo(SpanKind.SERVER));
        // each task's activation is a child of what completed its inputs, its attempt a child of the activation
        assertChild(spans, "activate split", "varflow.run traced");
        assertChild(spans, "activate left", "task split");
        assertChild(spans, "activate right", "task split");
        assertThat(spans.get("activate join").getParentSpanId())
                .isIn(spans.get("task left").getSpanId(), spans.get("task right").getSpanId());
        for (String task : TASKS) {
            assertChild(spans, "task " + task, "activate " + task);
            assertThat(spans.get("task " + task).getAttributes().get(Tracing.ATTEMPT)).isEqualTo(1L);
            assertThat(spans.get("task " + task).getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        }
        assertThat(spans.get("task split").getAttributes().get(Tracing.PLUGIN)).isEqualTo("cmd");
        // every record of the run carries the context (the gate's RUN_FINISHED aside)
        List<String> parents = Topics.readAll("varflow.events").stream()
                .filter(record -> runId.equals(record.key()))
                .filter(record -> !new String(record.value(), StandardCharsets.UTF_8).contains("RUN_FINISHED"))
                .map(record -> record.headers().lastHeader(Tracing.TRACEPARENT))
                .map(header -> header == null ? "none" : new String(header.value(), StandardCharsets.UTF_8))
                .toList();
        // (RUN_STARTED, and at least a TASK_FINISHED per task, which carries its variables)
        assertThat(parents).hasSizeGreaterThanOrEqualTo(1 + TASKS.size())
                .allMatch(parent -> parent.startsWith("00-" + run.getTraceId() + "-"), "in the run's trace");
        // variable values never become span attributes
        assertThat(exporter.getFinishedSpanItems()).flatExtracting(s -> s.getAttributes().asMap().values())
                .noneMatch(value -> value.toString().contains(secret));
    }

    @Test
    void shouldContinueTheCallersTraceAndMarkAFailedTaskAsError() {
        // given a caller's trace context on the start request
        Api.register("""
                workflow:
                  name: traced-failing
                  tasks:
                    - name: boom
                      plugin: cmd
                      outputs: [X]
                      params:
                        command: 'exit 3'
                """);
        String traceId = UUID.randomUUID().toString().replace("-", "");

        // when
        String runId = given().contentType(ContentType.JSON)
                .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                .body(Map.of("workflow", "traced-failing", "vars", Map.of()))
                .when().post("/api/runs").then().statusCode(201).extract().path("id");
        assertThat(Api.awaitFinished(runId, TIMEOUT).getString("status")).isEqualTo("FAILED");
        Map<String, SpanData> spans = awaitSpans(runId, 3);

        // then
        assertThat(spans.values()).extracting(SpanData::getTraceId).containsOnly(traceId);
        SpanData boom = spans.get("task boom");
        assertThat(boom.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(boom.getAttributes().get(Tracing.EXIT_CODE)).isEqualTo(3L);
        assertChild(spans, "task boom", "activate boom");
        assertChild(spans, "activate boom", "varflow.run traced-failing");
    }

    @Test
    void shouldContinueTheTraceOfARunRequestRecord() throws Exception {
        // given
        Api.register(SPLIT_JOIN);
        String requestId = "req-" + UUID.randomUUID();
        String traceId = UUID.randomUUID().toString().replace("-", "");
        String request = "{\"requestId\": \"" + requestId + "\", \"workflow\": \"traced\", "
                + "\"vars\": {\"SECRET\": \"x\"}}";
        var record = new ProducerRecord<>("varflow.run-requests", requestId,
                request.getBytes(StandardCharsets.UTF_8));
        record.headers().add(Tracing.TRACEPARENT,
                ("00-" + traceId + "-00f067aa0ba902b7-01").getBytes(StandardCharsets.UTF_8));

        // when
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Topics.bootstrap()), new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(record).get();
        }
        String runId = UUID.nameUUIDFromBytes(("varflow-run-request:" + requestId).getBytes(StandardCharsets.UTF_8))
                .toString();
        Map<String, SpanData> spans = awaitSpans(runId, 9);

        // then
        assertThat(spans.values()).extracting(SpanData::getTraceId).containsOnly(traceId);
        assertThat(spans.get("varflow.run traced").getParentSpanId()).isEqualTo("00f067aa0ba902b7");
    }

    @Test
    void shouldGiveEveryRunOfABatchItsOwnTrace() {
        // given
        Api.register(SPLIT_JOIN);
        List<Map<String, Object>> runs = List.of(Map.of("workflow", "traced", "vars", Map.of("SECRET", "1")),
                Map.of("workflow", "traced", "vars", Map.of("SECRET", "2")));

        // when
        List<String> ids = given().contentType(ContentType.JSON).body(Map.of("runs", runs))
                .when().post("/api/runs/batch").then().statusCode(201).extract().jsonPath().getList("ids");
        ids.forEach(id -> assertThat(Api.awaitFinished(id, TIMEOUT).getString("status")).isEqualTo("SUCCEEDED"));

        // then each run's spans form one trace, a different one per run, linked to the batch request
        List<String> traces = ids.stream().map(id -> {
            Map<String, SpanData> spans = awaitSpans(id, 9);
            SpanData run = spans.get("varflow.run traced");
            assertThat(run.getParentSpanContext().isValid()).isFalse();
            assertThat(run.getLinks()).hasSize(1);
            assertThat(spans.values()).extracting(SpanData::getTraceId).containsOnly(run.getTraceId());
            return run.getTraceId();
        }).toList();
        assertThat(traces).doesNotHaveDuplicates();
    }

    /** Waits until {@code count} spans of the run have been exported; returns them by name (names are unique). */
    private Map<String, SpanData> awaitSpans(String runId, int count) {
        AtomicReference<List<SpanData>> spans = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
            spans.set(exporter.getFinishedSpanItems().stream()
                    .filter(span -> runId.equals(span.getAttributes().get(Tracing.RUN_ID))).toList());
            assertThat(spans.get()).as("spans of run %s: %s", runId, names(spans.get()))
                    .hasSizeGreaterThanOrEqualTo(count);
        });
        assertThat(spans.get()).extracting(SpanData::getName).doesNotHaveDuplicates();
        return spans.get().stream().collect(Collectors.toMap(SpanData::getName, Function.identity()));
    }

    private static void assertChild(Map<String, SpanData> spans, String child, String parent) {
        assertThat(spans).as(names(spans.values())).containsKeys(child, parent);
        assertThat(spans.get(child).getParentSpanId()).as(child + " under " + parent)
                .isEqualTo(spans.get(parent).getSpanId());
    }

    private static String names(Collection<SpanData> spans) {
        return spans.stream().map(SpanData::getName).sorted().toList().toString();
    }
}
