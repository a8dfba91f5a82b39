package dev.varflow.infra;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;

import dev.varflow.engine.FanOutItems;
import dev.varflow.engine.TaskState;
import dev.varflow.messages.Activation;
import dev.varflow.messages.RunEvent;

/**
 * One run is one trace (docs/operations.md, "Tracing"): the W3C trace context ({@code traceparent},
 * {@code tracestate}) travels in the Kafka headers of every record a run's start, its gate and its workers produce.
 * The coordinator opens {@code varflow.run <workflow>}, the gate one {@code activate <task>} per activation it
 * publishes, the worker {@code task <task>} per attempt.
 *
 * <p>Off by default ({@code quarkus.otel.sdk.disabled}, set by {@code VARFLOW_TRACING}); then every method returns
 * after one boolean check (or a check of an invalid span) and no header is written. Spans carry ids, names,
 * attempts and states only: never a variable's value, a token or a task's output.
 */
@Singleton
public class Tracing {

    public static final String TRACEPARENT = "traceparent";
    public static final String TRACESTATE = "tracestate";

    public static final AttributeKey<String> RUN_ID = AttributeKey.stringKey("varflow.run.id");
    public static final AttributeKey<String> WORKFLOW = AttributeKey.stringKey("varflow.workflow");
    public static final AttributeKey<String> TASK = AttributeKey.stringKey("varflow.task");
    public static final AttributeKey<String> PLUGIN = AttributeKey.stringKey("varflow.plugin");
    public static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("varflow.task.attempt");
    public static final AttributeKey<String> WORKER = AttributeKey.stringKey("varflow.worker");
    public static final AttributeKey<String> STATE = AttributeKey.stringKey("varflow.task.state");
    public static final AttributeKey<Long> EXIT_CODE = AttributeKey.longKey("varflow.task.exit_code");
    public static final AttributeKey<String> MESSAGING_SYSTEM = AttributeKey.stringKey("messaging.system");
    public static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");

    private static final TextMapPropagator PROPAGATOR = W3CTraceContextPropagator.getInstance();
    /** Runs whose latest trace context a gate keeps, for activations no record of the batch carries. */
    private static final int REMEMBERED_RUNS = 10_000;

    private static final TextMapSetter<Headers> SETTER = (headers, key, value) -> {
        headers.remove(key);
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    };

    private static final TextMapGetter<Headers> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Headers headers) {
            List<String> keys = new ArrayList<>();
            headers.forEach(header -> keys.add(header.key()));
            return keys;
        }

        @Override
        public String get(Headers headers, String key) {
            Header header = headers == null ? null : headers.lastHeader(key);
            return header == null || header.value() == null ? null
                    : new String(header.value(), StandardCharsets.UTF_8);
        }
    };

    private final boolean enabled;
    private final Tracer tracer;
    /** Run id to the context of the latest traced record of the run this gate consumed (bounded, LRU). */
    private final Map<String, SpanContext> runContexts;

    @Inject
    public Tracing(OpenTelemetry openTelemetry,
            @ConfigProperty(name = "quarkus.otel.sdk.disabled", defaultValue = "false") boolean sdkDisabled) {
        this(sdkDisabled ? null : openTelemetry);
    }

    /** Tracing into {@code openTelemetry}, or off when it is null. */
    public Tracing(OpenTelemetry openTelemetry) {
        this.enabled = openTelemetry != null;
        this.tracer = enabled ? openTelemetry.getTracer("dev.varflow") : null;
        this.runContexts = enabled ? Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, SpanContext> eldest) {
                return size() > REMEMBERED_RUNS;
            }
        }) : Map.of();
    }

    /** Tracing that does nothing (tests, tools). */
    public static Tracing off() {
        return new Tracing(null);
    }

    public boolean enabled() {
        return enabled;
    }

    // ---- headers ----

    /** Writes {@code context}'s span as {@code traceparent} (and {@code tracestate}) into {@code headers}. */
    public static void inject(Context context, Headers headers) {
        PROPAGATOR.inject(context, headers, SETTER);
    }

    /** The remote span context in {@code headers}; {@link Context#root()} when they carry none (or a bad one). */
    public static Context extract(Headers headers) {
        return PROPAGATOR.extract(Context.root(), headers, GETTER);
    }

    /** Puts {@code span}'s context on the record's headers; does nothing for an invalid (tracing off) span. */
    public static <K, V> ProducerRecord<K, V> tag(Span span, ProducerRecord<K, V> record) {
        if (span != null && span.getSpanContext().isValid()) {
            inject(Context.root().with(span), record.headers());
        }
        return record;
    }

    // ---- coordinator ----

    /**
     * Opens {@code varflow.run <workflow>} as a child of {@code parent} (an incoming HTTP request's or run request's
     * context) or, when null, of the current context: a new trace when there is none.
     */
    public Span startRun(Context parent, String workflow, String runId) {
        if (!enabled) {
            return Span.getInvalid();
        }
        return runSpan(workflow, runId).setParent(parent != null ? parent : Context.current()).startSpan();
    }

    /**
     * Opens {@code varflow.run <workflow>} of one run of a batch start as a new trace (one run, one trace), linked
     * to {@code request} (the batch request's context) when it has a span.
     */
    public Span startRunOfBatch(Context request, String workflow, String runId) {
        if (!enabled) {
            return Span.getInvalid();
        }
        SpanBuilder builder = runSpan(workflow, runId).setNoParent();
        SpanContext link = request == null ? SpanContext.getInvalid() : Span.fromContext(request).getSpanContext();
        if (link.isValid()) {
            builder.addLink(link);
        }
        return builder.startSpan();
    }

    private SpanBuilder runSpan(String workflow, String runId) {
        return tracer.spanBuilder("varflow.run " + workflow).setSpanKind(SpanKind.PRODUCER)
                .setAttribute(RUN_ID, runId).setAttribute(WORKFLOW, workflow)
                .setAttribute(MESSAGING_SYSTEM, "kafka");
    }

    /** Ends a span; a failure sets the error status (its type only: messages may quote input). */
    public static void end(Span span, Throwable failure) {
        if (!span.isRecording()) {
            return;
        }
        if (failure != null) {
            span.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName());
        }
        span.end();
    }

    // ---- gate ----

    /** Keeps the trace context of a consumed event (keyed by run id) for the activations it causes. */
    public void remember(ConsumerRecord<String, ?> record) {
        if (!enabled || record.key() == null || record.headers().lastHeader(TRACEPARENT) == null) {
            return;
        }
        SpanContext context = Span.fromContext(extract(record.headers())).getSpanContext();
        if (context.isValid()) {
            runContexts.put(record.key(), context);
        }
    }

    /**
     * Makes the span {@code activate <task>} of an activation about to be published, as a child of the latest traced
     * record of its run this gate consumed, and puts its context on the record. An activation with no such record
     * at hand (a retry or re-send by the sweeper after this gate restarted) starts a trace of its own.
     */
    public <K, V> ProducerRecord<K, V> activation(Activation activation, ProducerRecord<K, V> record) {
        if (!enabled) {
            return record;
        }
        SpanContext cause = runContexts.get(activation.runId());
        SpanBuilder builder = tracer.spanBuilder("activate " + FanOutItems.parentOf(activation.task()))
                .setSpanKind(SpanKind.PRODUCER)
                .setAttribute(RUN_ID, activation.runId()).setAttribute(TASK, activation.task())
                .setAttribute(PLUGIN, activation.plugin()).setAttribute(ATTEMPT, (long) activation.attempt())
                .setAttribute(MESSAGING_SYSTEM, "kafka").setAttribute(DESTINATION, record.topic());
        if (cause != null) {
            builder.setParent(Context.root().with(Span.wrap(cause)));
        } else {
            builder.setNoParent();
        }
        // From the claim (in the gate's transaction) to the hand-over to the producer.
        long claimed = activation.activatedAt();
        if (claimed > 0 && claimed <= System.currentTimeMillis()) {
            builder.setStartTimestamp(claimed, TimeUnit.MILLISECONDS);
        }
        Span span = builder.startSpan();
        try {
            return tag(span, record);
        } finally {
            span.end();
        }
    }

    // ---- worker ----

    /**
     * Opens {@code task <task>} for an attempt, continuing the context on its activation record (a new trace when it
     * carries none). Tag the attempt's records with it and end it with {@link #endTask}.
     */
    public Span startTask(ConsumerRecord<?, ?> record, Activation activation, String workerId) {
        if (!enabled) {
            return Span.getInvalid();
        }
        return tracer.spanBuilder("task " + FanOutItems.parentOf(activation.task()))
                .setParent(extract(record.headers())).setSpanKind(SpanKind.CONSUMER)
                .setAttribute(RUN_ID, activation.runId()).setAttribute(TASK, activation.task())
                .setAttribute(PLUGIN, activation.plugin()).setAttribute(ATTEMPT, (long) activation.attempt())
                .setAttribute(WORKER, workerId)
                .setAttribute(MESSAGING_SYSTEM, "kafka").setAttribute(DESTINATION, record.topic())
                .startSpan();
    }

    /**
     * Ends an attempt's span with its outcome (the state of the TASK_FINISHED among {@code events}): error status
     * unless it SUCCEEDED, or when it could not report at all ({@code error}).
     */
    public static void endTask(Span span, List<RunEvent> events, Throwable error) {
        if (!span.isRecording()) {
            return;
        }
        RunEvent.TaskFinished finished = null;
        if (events != null) {
            for (RunEvent event : events) {
                if (event instanceof RunEvent.TaskFinished taskFinished) {
                    finished = taskFinished;
                }
            }
        }
        if (error != null) {
            span.setStatus(StatusCode.ERROR, error.getClass().getSimpleName());
        } else if (finished != null) {
            span.setAttribute(STATE, finished.state().name());
            if (finished.exitCode() != null) {
                span.setAttribute(EXIT_CODE, finished.exitCode().longValue());
            }
            if (finished.state() != TaskState.SUCCEEDED) {
                span.setStatus(StatusCode.ERROR, finished.state().name());
            }
        }
        span.end();
    }
}
