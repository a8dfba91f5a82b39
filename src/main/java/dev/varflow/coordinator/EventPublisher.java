package dev.varflow.coordinator;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import io.opentelemetry.api.trace.Span;
import io.smallrye.mutiny.Uni;

import dev.varflow.VarflowConfig;
import dev.varflow.infra.KafkaClients;
import dev.varflow.infra.RecordSigning;
import dev.varflow.infra.TopicInitializer;
import dev.varflow.infra.Tracing;
import dev.varflow.messages.Json;
import dev.varflow.messages.RunEvent;

/** Writes the coordinator's records (start variables, run started, control commands) to the events topic. */
@ApplicationScoped
public class EventPublisher {

    private final KafkaClients clients;
    private final TopicInitializer topics;
    private final String eventsTopic;
    private final String controlTopic;
    private final RecordSigning signing;
    private volatile KafkaProducer<String, byte[]> producer;

    public EventPublisher(KafkaClients clients, TopicInitializer topics, VarflowConfig config,
            RecordSigning signing) {
        this.signing = signing;
        this.clients = clients;
        this.topics = topics;
        this.eventsTopic = config.topics().events();
        this.controlTopic = config.topics().control();
    }

    /** Sends the events in order (same key, same partition) and completes once Kafka acknowledged all. */
    public Uni<Void> publish(List<RunEvent> events) {
        return publish(eventsTopic, events, Map.of());
    }

    /** Like {@link #publish(List)}, each record carrying the trace context of its run's span in {@code traces}. */
    public Uni<Void> publish(List<RunEvent> events, Map<String, Span> traces) {
        return publish(eventsTopic, events, traces);
    }

    private Uni<Void> publish(String topic, List<RunEvent> events, Map<String, Span> traces) {
        return Uni.createFrom().<Void>emitter(emitter -> {
            KafkaProducer<String, byte[]> out = producer();
            AtomicInteger remaining = new AtomicInteger(events.size());
            for (RunEvent event : events) {
                if (remaining.get() < 0) {
                    // A record before this one failed (without the topic's metadata the callback runs inside
                    // send): sending the rest could deliver a RUN_STARTED without its start variables, once the
                    // broker is back, and the run would stall without them. The caller sends all again.
                    break;
                }
                var record = new ProducerRecord<>(topic, event.runId(), Json.write(event));
                if (topic.equals(controlTopic) || event instanceof RunEvent.ControlRequested) {
                    // Workers act only on signed control records, gates apply only signed commands (a forged one
                    // could cancel any run).
                    signing.signer().sign(record);
                }
                out.send(Tracing.tag(traces.get(event.runId()), record), (meta, error) -> {
                    if (error != null) {
                        if (remaining.getAndSet(-1) > 0) {
                            emitter.fail(error);
                        }
                    } else if (remaining.decrementAndGet() == 0) {
                        emitter.complete(null);
                    }
                });
            }
            // Continuations must not run on the producer's I/O thread: a send from there can wait on itself. The
            // sends themselves run on a worker thread too: without the topic's metadata (a broker that is down) a
            // send blocks up to max.block.ms, which on an event loop would stall every request it serves.
        }).runSubscriptionOn(io.smallrye.mutiny.infrastructure.Infrastructure.getDefaultWorkerPool())
                .emitOn(io.smallrye.mutiny.infrastructure.Infrastructure.getDefaultWorkerPool()).replaceWithVoid();
    }

    private KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            synchronized (this) {
                if (producer == null) {
                    topics.ensureTopics();
                    // While the broker is down every start would hold a worker thread for Kafka's 60 s and the
                    // pool would run dry: a start gives up (503) after varflow.api.start-wait anyway.
                    producer = clients.producer("coordinator-" + ProcessHandle.current().pid(),
                            Map.of(org.apache.kafka.clients.producer.ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000));
                }
            }
        }
        return producer;
    }

    @PreDestroy
    void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }
}
