package dev.varflow.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;

import dev.varflow.engine.TaskState;
import dev.varflow.messages.Activation;
import dev.varflow.messages.RunEvent;

class TracingTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String SPAN_ID = "00f067aa0ba902b7";
    private static final String TRACEPARENT = "00-" + TRACE_ID + "-" + SPAN_ID + "-01";

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final SdkTracerProvider provider = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(spans)).build();
    private final Tracing tracing = new Tracing(OpenTelemetrySdk.builder().setTracerProvider(provider).build());

    @AfterEach
    void close() {
        provider.close();
    }

    @Test
    void shouldWriteTheSpanAsW3cTraceparentHeaderAndReadItBack() {
        // given
        Span span = tracing.startRun(Context.root(), "wf", "run-1");

        // when
        ProducerRecord<String, byte[]> record = Tracing.tag(span, record("run-1"));
        Context extracted = Tracing.extract(record.headers());

        // then
        SpanContext sent = span.getSpanContext();
        assertThat(header(record.headers(), Tracing.TRACEPARENT))
                .isEqualTo("00-" + sent.getTraceId() + "-" + sent.getSpanId() + "-01");
        SpanContext received = Span.fromContext(extracted).getSpanContext();
        assertThat(received.isRemote()).isTrue();
        assertThat(received.getTraceId()).isEqualTo(sent.getTraceId());
        assertThat(received.getSpanId()).isEqualTo(sent.getSpanId());
        assertThat(received.isSampled()).isTrue();
    }

    @Test
    void shouldCarryTracestateAndReplaceAnEarlierContextRatherThanAddASecond() {
        // given a record that already carries a context
        Headers headers = new RecordHeaders();
        headers.add(Tracing.TRACEPARENT, TRACEPARENT.getBytes(StandardCharsets.UTF_8));
        headers.add(Tracing.TRACESTATE, "vendor=abc".getBytes(StandardCharsets.UTF_8));
        Span span = tracing.startRun(Tracing.extract(headers), "wf", "run-1");
        ProducerRecord<String, byte[]> record = record("run-1");
        headers.forEach(h -> record.headers().add(h));

        // when
        Tracing.tag(span, record);

        // then one traceparent, the new span's, in the same trace; tracestate travels on
        assertThat(StreamSupport.stream(record.headers().headers(Tracing.TRACEPARENT).spliterator(), false))
                .hasSize(1);
        assertThat(header(record.headers(), Tracing.TRACEPARENT))
                .startsWith("00-" + TRACE_ID + "-").doesNotContain(SPAN_ID);
        assertThat(header(record.headers(), Tracing.TRACESTATE)).isEqualTo("vendor=abc");
    }

    @Test
    void shouldExtractNothingFromMissingOrMalformedHeaders() {
        // given
        Headers none = new RecordHeaders();
        Headers malformed = new RecordHeaders();
        malformed.add(Tracing.TRACEPARENT, "00-not-a-trace-01".getBytes(StandardCharsets.UTF_8));

        // when / then
        assertThat(Span.fromContext(Tracing.extract(none)).getSpanContext().isValid()).isFalse();
        assertThat(Span.fromContext(Tracing.extract(malformed)).getSpanContext().isValid()).isFalse();
    }

    @Test
    void shouldDoNothingWhenOff() {
        // given
        Tracing off = Tracing.off();
        ConsumerRecord<String, byte[]> traced = consumed("run-1", TRACEPARENT);

        // when
        Span run = off.startRun(null, "wf", "run-1");
        off.remember(traced);
        ProducerRecord<String, byte[]> activation = off.activation(activation("a", 1), record("run-1"));
        Span task = off.startTask(traced, activation("a", 1), "w");
        ProducerRecord<String, byte[]> emitted = Tracing.tag(task, Tracing.tag(run, record("run-1")));
        Tracing.endTask(task, List.of(), null);
        Tracing.end(run, null);

        // then
        assertThat(off.enabled()).isFalse();
        assertThat(run.getSpanContext().isValid()).isFalse();
        assertThat(task.getSpanContext().isValid()).isFalse();
        assertThat(activation.headers().toArray()).isEmpty();
        assertThat(emitted.headers().toArray()).isEmpty();
        assertThat(spans.getFinishedSpanItems()).isEmpty();
    }

    @Test
    void shouldMakeTheActivationSpanAChildOfTheLatestTracedRecordOfItsRun() {
        // given the gate consumed a traced record of run-1 and an untraced one after it
        tracing.remember(consumed("run-1", TRACEPARENT));
        tracing.remember(consumed("run-1", null));

        // when
        ProducerRecord<String, byte[]> sent = tracing.activation(activation("join", 2), record("run-1"));

        // then
        SpanData span = only("activate join");
        assertThat(span.getTraceId()).isEqualTo(TRACE_ID);
        assertThat(span.getParentSpanId()).isEqualTo(SPAN_ID);
        assertThat(span.getAttributes().get(Tracing.RUN_ID)).isEqualTo("run-1");
        assertThat(span.getAttributes().get(Tracing.ATTEMPT)).isEqualTo(2L);
        assertThat(header(sent.headers(), Tracing.TRACEPARENT))
                .isEqualTo("00-" + TRACE_ID + "-" + span.getSpanId() + "-01");
    }

    @Test
    void shouldStartATraceOfItsOwnForAnActivationWithoutAKnownContext() {
        // when
        tracing.activation(activation("run-2", "retry", 2), record("run-2"));

        // then
        SpanData span = only("activate retry");
        assertThat(span.getParentSpanContext().isValid()).isFalse();
    }

    @Test
    void shouldNameFanOutItemSpansAfterTheirTask() {
        // when
        tracing.activation(activation("each#3", 1), record("run-1"));

        // then
        assertThat(only("activate each").getAttributes().get(Tracing.TASK)).isEqualTo("each#3");
    }

    @Test
    void shouldContinueTheActivationContextInTheTaskSpanAndPassItOn() {
        // given
        ConsumerRecord<String, byte[]> activationRecord = consumed("run-1/a", TRACEPARENT);

        // when
        Span task = tracing.startTask(activationRecord, activation("a", 1), "worker-1");
        ProducerRecord<String, byte[]> emitted = Tracing.tag(task, record("run-1"));
        Tracing.endTask(task, List.of(RunEvent.variable("run-1", "a", "X", "secret-value"),
                RunEvent.taskFinished("run-1", "a", TaskState.SUCCEEDED, "worker-1", 0, "out", null, 1_000, 1)), null);

        // then
        SpanData span = only("task a");
        assertThat(span.getTraceId()).isEqualTo(TRACE_ID);
        assertThat(span.getParentSpanId()).isEqualTo(SPAN_ID);
        assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        assertThat(span.getAttributes().asMap()).containsEntry(Tracing.PLUGIN, "cmd")
                .containsEntry(Tracing.WORKER, "worker-1").containsEntry(Tracing.STATE, "SUCCEEDED")
                .containsEntry(Tracing.EXIT_CODE, 0L);
        assertThat(span.getAttributes().asMap().values()).noneMatch(v -> v.toString().contains("secret-value"));
        assertThat(header(emitted.headers(), Tracing.TRACEPARENT)).contains(span.getSpanId());
    }

    @Test
    void shouldMarkAFailedAttemptAsError() {
        // given
        Span task = tracing.startTask(consumed("run-1/a", TRACEPARENT), activation("a", 1), "worker-1");

        // when
        Tracing.endTask(task, List.of(RunEvent.taskFinished("run-1", "a", TaskState.FAILED, "worker-1", 3, "oops",
                "command exited with code 3", 1_000, 1)), null);

        // then
        SpanData span = only("task a");
        assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(span.getAttributes().get(Tracing.EXIT_CODE)).isEqualTo(3L);
    }

    private SpanData only(String name) {
        assertThat(spans.getFinishedSpanItems()).extracting(SpanData::getName).containsExactly(name);
        return spans.getFinishedSpanItems().get(0);
    }

    private static ProducerRecord<String, byte[]> record(String key) {
        return new ProducerRecord<>("varflow.activations.cmd", key, new byte[0]);
    }

    private static ConsumerRecord<String, byte[]> consumed(String key, String traceparent) {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("varflow.events", 0, 0, key, new byte[0]);
        if (traceparent != null) {
            record.headers().add(Tracing.TRACEPARENT, traceparent.getBytes(StandardCharsets.UTF_8));
        }
        return record;
    }

    private static Activation activation(String task, int attempt) {
        return activation("run-1", task, attempt);
    }

    private static Activation activation(String runId, String task, int attempt) {
        return new Activation(runId, task, "cmd", Map.of(), Map.of("IN", "secret-value"), List.of(), null, null, null,
                false, System.currentTimeMillis(), attempt, null, null);
    }

    private static String header(Headers headers, String key) {
        return headers.lastHeader(key) == null ? null
                : new String(headers.lastHeader(key).value(), StandardCharsets.UTF_8);
    }
}
