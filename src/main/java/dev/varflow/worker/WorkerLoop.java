package dev.varflow.worker;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import io.opentelemetry.api.trace.Span;

import dev.varflow.infra.ConsumerLoop;
import dev.varflow.infra.Tracing;
import dev.varflow.infra.VarflowMetrics;
import dev.varflow.messages.Activation;
import dev.varflow.messages.Json;
import dev.varflow.messages.RunEvent;

/**
 * The worker's consumer: starts each activation as soon as it arrives (up to the concurrency limit, pausing the
 * consumer above it), emits the outcome records, and commits an activation's offset only once its records are
 * acknowledged by Kafka. A crash before that redelivers the activation: execution is at least once.
 */
final class WorkerLoop extends ConsumerLoop {

    private static final Logger LOG = Logger.getLogger(WorkerLoop.class);

    private final KafkaProducer<String, byte[]> producer;
    private final TaskExecutor executor;
    private final String eventsTopic;
    private final Pattern allTopics;
    private final List<String> topics;
    private final int concurrency;
    private final VarflowMetrics metrics;
    private final Tracing tracing;
    private final OffsetTracker offsets = new OffsetTracker();
    private final AtomicInteger running = new AtomicInteger();
    private volatile boolean draining;

    WorkerLoop(KafkaConsumer<String, byte[]> consumer, KafkaProducer<String, byte[]> producer, TaskExecutor executor,
            String eventsTopic, Pattern allTopics, List<String> topics, int concurrency, VarflowMetrics metrics,
            Tracing tracing) {
        super("varflow-worker", consumer);
        this.metrics = metrics;
        this.tracing = tracing;
        this.producer = producer;
        this.executor = executor;
        this.eventsTopic = eventsTopic;
        this.allTopics = allTopics;
        this.topics = topics;
        this.concurrency = concurrency;
    }

    @Override
    protected void subscribe() {
        ConsumerRebalanceListener listener = new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                commit(true);
                offsets.forget(partitions);
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            }
        };
        if (topics.isEmpty()) {
            consumer.subscribe(allTopics, listener);
        } else {
            consumer.subscribe(topics, listener);
        }
    }

    @Override
    protected void handle(ConsumerRecords<String, byte[]> records) {
        for (ConsumerRecord<String, byte[]> record : records) {
            TopicPartition partition = new TopicPartition(record.topic(), record.partition());
            offsets.started(partition, record.offset());
            Activation activation;
            try {
                activation = Json.read(record.value(), Activation.class);
            } catch (RuntimeException e) {
                LOG.errorf("skipping unreadable activation at %s@%d: %s", partition, record.offset(), e.getMessage());
                offsets.finished(partition, record.offset());
                continue;
            }
            run(activation, partition, record.offset(), tracing.startTask(record, activation, executor.workerId()));
        }
        if (draining || running.get() >= concurrency) {
            consumer.pause(consumer.assignment());
        } else if (!consumer.paused().isEmpty()) {
            consumer.resume(consumer.paused());
        }
        commit(false);
    }

    private void run(Activation activation, TopicPartition partition, long offset, Span trace) {
        running.incrementAndGet();
        metrics.activationStarted(activation.activatedAt());
        metrics.taskStarted(activation.plugin());
        StartReport start = new StartReport(() -> producer.send(Tracing.tag(trace, new ProducerRecord<>(eventsTopic,
                activation.runId(), Json.write(RunEvent.taskStarted(activation.runId(), activation.task(),
                        executor.workerId(), activation.attempt()))))));
        CompletableFuture<List<RunEvent>> outcome = executor.execute(activation).toCompletableFuture();
        if (!outcome.isDone()) {
            start.sendAfter(StartReport.DELAY);
        }
        outcome.whenComplete((events, error) -> {
            Tracing.endTask(trace, events, error);
            if (error != null) {
                LOG.errorf(error, "task %s of run %s could not report", activation.task(), activation.runId());
                running.decrementAndGet();
                return;
            }
            RunEvent finished = events.get(events.size() - 1);
            metrics.taskFinished(activation.plugin(), "SUCCEEDED".equals(finished.state()));
            emit(start.fold(events), partition, offset, trace);
        });
    }

    private void emit(List<RunEvent> events, TopicPartition partition, long offset, Span trace) {
        AtomicInteger remaining = new AtomicInteger(events.size());
        for (RunEvent event : events) {
            var record = Tracing.tag(trace, new ProducerRecord<>(eventsTopic, event.runId(), Json.write(event)));
            producer.send(record, (meta, error) -> {
                if (error != null) {
                    // Not acknowledged: leave the offset open so the activation is redelivered.
                    LOG.errorf("cannot emit %s of run %s: %s", event.type(), event.runId(), error.getMessage());
                    if (remaining.getAndSet(-1) > 0) {
                        running.decrementAndGet();
                    }
                } else if (remaining.decrementAndGet() == 0) {
                    offsets.finished(partition, offset);
                    running.decrementAndGet();
                }
            });
        }
    }

    /** Commits finished activations' offsets; asynchronously on the hot path (a lost commit only redelivers). */
    private void commit(boolean sync) {
        Map<TopicPartition, OffsetAndMetadata> committable = offsets.committable();
        if (!committable.isEmpty()) {
            committable.keySet().retainAll(consumer.assignment());
            if (committable.isEmpty()) {
                return;
            }
            if (sync) {
                consumer.commitSync(committable);
            } else {
                consumer.commitAsync(committable, (done, error) -> {
                    if (error != null) {
                        LOG.warnf("offset commit failed (activations may be redelivered): %s", error.getMessage());
                    }
                });
            }
            offsets.markCommitted(committable);
        }
    }

    /** Stops taking work; returns once running tasks finished or the grace period ended. */
    void drain(Duration grace) {
        draining = true;
        long deadline = System.nanoTime() + grace.toNanos();
        while (running.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (running.get() > 0) {
            LOG.warnf("%d tasks still running after the grace period; they will be redelivered", running.get());
        }
    }

    int running() {
        return running.get();
    }

    @Override
    protected void beforeClose() {
        commit(true);
        producer.close(Duration.ofSeconds(5));
    }
}
