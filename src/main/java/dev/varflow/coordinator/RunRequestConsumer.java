package dev.varflow.coordinator;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

import io.quarkus.vertx.VertxContextSupport;

import dev.varflow.infra.ConsumerLoop;
import dev.varflow.infra.Tracing;
import dev.varflow.messages.Json;

/**
 * Starts runs from JSON records on the run-request topic. The run id is derived from the request id, so however
 * often a request is delivered (or by however many coordinators) it starts one run. A record that cannot start a
 * run goes to the dead-letter topic with the reason, and consumption goes on.
 */
final class RunRequestConsumer extends ConsumerLoop {

    private static final Logger LOG = Logger.getLogger(RunRequestConsumer.class);

    private final RunService runs;
    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final String deadLetterTopic;

    RunRequestConsumer(KafkaConsumer<String, byte[]> consumer, KafkaProducer<String, byte[]> producer,
            RunService runs, String topic, String deadLetterTopic) {
        super("varflow-run-requests", consumer);
        this.runs = runs;
        this.producer = producer;
        this.topic = topic;
        this.deadLetterTopic = deadLetterTopic;
    }

    @Override
    protected void subscribe() {
        consumer.subscribe(List.of(topic));
    }

    @Override
    protected void handle(ConsumerRecords<String, byte[]> records) {
        if (records.isEmpty()) {
            return;
        }
        for (ConsumerRecord<String, byte[]> record : records) {
            handle(record);
        }
        consumer.commitSync();
    }

    private void handle(ConsumerRecord<String, byte[]> record) {
        RunRequest request;
        try {
            request = Json.read(record.value(), RunRequest.class);
        } catch (RuntimeException e) {
            // Not the parser's message: it can quote the offending text, which may be the token.
            deadLetter(record, "not a JSON run request (" + rootType(e) + ")");
            return;
        }
        String problem = request.problem();
        if (problem != null) {
            deadLetter(record, problem);
            return;
        }
        String runId = runIdFor(request.requestId());
        try {
            VertxContextSupport.subscribeAndAwait(() -> runs.start(request.toStartRequest(), runId, Caller.KAFKA,
                    Tracing.extract(record.headers())));
            LOG.debugf("request %s started run %s", request.requestId(), runId);
        } catch (InvalidWorkflowException e) {
            deadLetter(record, e.getMessage());
        } catch (BadRequestException | NotFoundException e) {
            deadLetter(record, e.getMessage());
        } catch (Throwable e) {
            // Not the request's fault (database or broker trouble): do not commit, let it be redelivered.
            throw new IllegalStateException("cannot start run for request " + request.requestId(), e);
        }
    }

    /** The same request id always names the same run. */
    static String runIdFor(String requestId) {
        return UUID.nameUUIDFromBytes(("varflow-run-request:" + requestId).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    private void deadLetter(ConsumerRecord<String, byte[]> record, String reason) {
        LOG.warnf("run request at %s-%d@%d rejected: %s", record.topic(), record.partition(), record.offset(),
                reason);
        Map<String, Object> letter = Map.of(
                "reason", reason,
                "topic", record.topic(),
                "partition", record.partition(),
                "offset", record.offset(),
                "record", RunRequestRedaction.redact(record.value()));
        try {
            producer.send(new ProducerRecord<>(deadLetterTopic, record.key(), Json.write(letter))).get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot write to dead-letter topic " + deadLetterTopic, e);
        }
    }

    private static String rootType(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName();
    }

    @Override
    protected void beforeClose() {
        producer.close(Duration.ofSeconds(5));
    }
}
