package dev.varflow.gate;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

import dev.varflow.infra.RecordGuard;
import dev.varflow.infra.TopicInitializer;
import dev.varflow.infra.Tracing;
import dev.varflow.messages.Activation;
import dev.varflow.messages.Json;
import dev.varflow.messages.RunEvent;

/** The gate's producer side: activations (signed, traced) and run ends to Kafka, control records to workers. */
final class GatePublisher {

    private static final Logger LOG = Logger.getLogger(GatePublisher.class);

    private final KafkaProducer<String, byte[]> producer;
    private final String eventsTopic;
    private final String controlTopic;
    private final TopicInitializer topics;
    private final Tracing tracing;
    private final RecordGuard guard;

    GatePublisher(KafkaProducer<String, byte[]> producer, String eventsTopic, String controlTopic,
            TopicInitializer topics, Tracing tracing, RecordGuard guard) {
        this.producer = producer;
        this.eventsTopic = eventsTopic;
        this.controlTopic = controlTopic;
        this.topics = topics;
        this.tracing = tracing;
        this.guard = guard;
    }

    /** Remembers a consumed record's trace context, so the activations it leads to continue its trace. */
    void remember(ConsumerRecord<String, byte[]> record) {
        tracing.remember(record);
    }

    /** Sends the batch's records and waits for Kafka's acknowledgements; returns the activations sent. */
    List<Activation> send(BatchResult result) {
        try {
            return sendAsync(result).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing activations", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot publish activations: " + e.getCause().getMessage(), e);
        }
    }

    /**
     * Hands the batch's records to the producer without waiting: the future completes with the activations once
     * Kafka acknowledged every record of the batch, or fails with the first record Kafka refused.
     */
    CompletableFuture<List<Activation>> sendAsync(BatchResult result) {
        int records = result.activations().size() + result.finishedRuns().size() + result.answers().size();
        CompletableFuture<List<Activation>> acknowledged = new CompletableFuture<>();
        if (records == 0) {
            acknowledged.complete(result.activations());
            return acknowledged;
        }
        AtomicInteger remaining = new AtomicInteger(records);
        Callback callback = (metadata, error) -> {
            if (error != null) {
                acknowledged.completeExceptionally(error);
            } else if (remaining.decrementAndGet() == 0) {
                acknowledged.complete(result.activations());
            }
        };
        topics.ensureActivationTopics(result.activations().stream().map(Activation::plugin).distinct().toList());
        for (Activation activation : result.activations()) {
            // Keyed by task rather than run, so one run's parallel tasks spread over all workers.
            String key = activation.runId() + "/" + activation.task();
            String topic = topics.activationTopic(activation.plugin());
            producer.send(guard.sign(tracing.activation(activation, new ProducerRecord<>(topic, key,
                    Json.write(activation)))), callback);
        }
        for (RunEvent.RunFinished finished : result.finishedRuns()) {
            producer.send(new ProducerRecord<>(eventsTopic, finished.runId(), Json.write(finished)), callback);
            LOG.debugf("run %s finished %s", finished.runId(), finished.state());
        }
        for (RunEvent answer : result.answers()) {
            // The requester waits for its answer; observers see the run paused, resumed, replayed or cancelled.
            producer.send(new ProducerRecord<>(eventsTopic, answer.runId(), Json.write(answer)), callback);
            if (answer instanceof RunEvent.RunFinished cancelled) {
                control(cancelled); // workers stop the run's running attempts
            }
        }
        return acknowledged;
    }

    /** Tells observers a run ended outside a batch (its deadline passed). */
    void event(RunEvent.RunFinished finished) {
        producer.send(new ProducerRecord<>(eventsTopic, finished.runId(), Json.write(finished)));
    }

    /** Tells workers a run ended, so they stop its running attempts; signed, as workers act only on signed records. */
    void control(RunEvent.RunFinished finished) {
        producer.send(guard.sign(new ProducerRecord<>(controlTopic, finished.runId(), Json.write(finished))));
    }

    void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
