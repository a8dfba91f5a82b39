package dev.varflow.coordinator.requests;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import io.quarkus.vertx.VertxContextSupport;

import dev.varflow.coordinator.BadRequestException;
import dev.varflow.coordinator.InvalidWorkflowException;
import dev.varflow.coordinator.NotFoundException;
import dev.varflow.coordinator.RunService;
import dev.varflow.coordinator.auth.Caller;
import dev.varflow.infra.ConsumerLoop;
import dev.varflow.infra.IntakeHealth;
import dev.varflow.infra.PoisonCheck;
import dev.varflow.infra.Tracing;
import dev.varflow.messages.Json;

/**
 * Starts runs from JSON records on the run-request topic. The run id is derived from the request id, so however
 * often a request is delivered (or by however many coordinators) it starts one run. A record that cannot start a
 * run goes to the dead-letter topic with the reason, and consumption goes on.
 * <p>
 * Not a SmallRye {@code @Incoming} channel: its dead-letter strategy forwards the raw record and the exception
 * message (a token in clear), and none of its failure strategies retries a record in place while the database is
 * down; both would need this class's code again.
 */
final class RunRequestConsumer extends ConsumerLoop {

    private static final Logger LOG = Logger.getLogger(RunRequestConsumer.class);
    /** Tries of a record failing for no infrastructure reason before it is dead-lettered. */
    static final int ATTEMPTS = 3;
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);
    /** Intake stuck this long (no poll, or one record failing) makes the health checks DOWN. */
    static final Duration STUCK_AFTER = Duration.ofSeconds(60);

    private final RunService runs;
    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final String deadLetterTopic;
    private final IntakeHealth health = new IntakeHealth(STUCK_AFTER, System.nanoTime());
    /** Failures in a row of the current record that were not the infrastructure's. */
    private int attempts;

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
        health.round(System.nanoTime());
        if (records.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            TopicPartition partition = new TopicPartition(record.topic(), record.partition());
            if (!handleSafely(record)) {
                // Not the record's fault: commit what is done, go back to this record and try again later.
                commitSync(done);
                for (TopicPartition p : records.partitions()) {
                    OffsetAndMetadata next = done.get(p);
                    consumer.seek(p, next != null ? next.offset() : records.records(p).get(0).offset());
                }
                pause(RETRY_PAUSE);
                return;
            }
            done.put(partition, new OffsetAndMetadata(record.offset() + 1));
        }
        commitSync(done);
    }

    /**
     * Handles one record; no record can end the loop. A request the database can never store (a poison error,
     * {@link PoisonCheck}) or that fails for no infrastructure reason {@value #ATTEMPTS} times goes to the
     * dead-letter topic; false when it must be tried again (database or broker trouble).
     */
    private boolean handleSafely(ConsumerRecord<String, byte[]> record) {
        try {
            handle(record);
            // A long batch of requests is progress too, not a stuck loop.
            health.round(System.nanoTime());
            health.flowing();
            attempts = 0;
            return true;
        } catch (RuntimeException e) {
            boolean poison = PoisonCheck.isPoison(e);
            boolean infrastructure = !poison && PoisonCheck.isInfrastructure(e);
            attempts = infrastructure ? 0 : attempts + 1;
            if (poison || attempts >= ATTEMPTS) {
                try {
                    // Not the exception's message: it may quote the record, which may hold a token.
                    deadLetter(record, poison ? "cannot be stored (" + PoisonCheck.reason(e) + ")"
                            : "cannot be handled (" + rootType(e) + ")");
                    health.flowing();
                    attempts = 0;
                    return true;
                } catch (RuntimeException deadLetterFailure) {
                    e = deadLetterFailure;
                }
            }
            health.failed(System.nanoTime());
            LOG.errorf("run request at %s-%d@%d failed (%s); retrying", record.topic(), record.partition(),
                    record.offset(), rootType(e));
            return false;
        }
    }

    private void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
        if (offsets.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(offsets);
        } catch (org.apache.kafka.common.errors.WakeupException e) {
            throw e;
        } catch (RuntimeException e) {
            // A rebalance took the partitions: their new owner replays the requests, which start no second run.
            LOG.warnf("run-request offset commit failed (requests may be redelivered): %s", e.getMessage());
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Why run intake is not working (loop dead or stuck), or null when it is. */
    String problem() {
        if (!isHealthy()) {
            return "the run-request consumer stopped";
        }
        return health.stuck(System.nanoTime());
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
        } catch (BadRequestException e) {
            // The field says which variable to fix (vars.LD_PRELOAD); the message never quotes a token.
            deadLetter(record, e.field() + ": " + e.getMessage());
        } catch (NotFoundException e) {
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
