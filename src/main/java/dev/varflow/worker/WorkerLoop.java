package dev.varflow.worker;

import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

import io.opentelemetry.api.trace.Span;

import dev.varflow.engine.TaskState;
import dev.varflow.infra.ConsumerLoop;
import dev.varflow.infra.RecordGuard;
import dev.varflow.infra.Tracing;
import dev.varflow.infra.VarflowMetrics;
import dev.varflow.messages.Activation;
import dev.varflow.messages.Json;
import dev.varflow.messages.RunEvent;

/**
 * The worker's consumer: starts each activation as soon as it arrives, emits the outcome records, and commits an
 * activation's offset only once its records are acknowledged by Kafka. A crash before that redelivers the
 * activation: execution is at least once.
 *
 * <p>Each plugin has its own concurrency limit ({@link ConcurrencyLimits}). An activation whose plugin has no free
 * slot is not started: the loop seeks its partition back to it and pauses the plugin's partitions, leaving every
 * other plugin's topic flowing. The attempt that frees a slot wakes the loop up, so the partitions are resumed at
 * once instead of after the poll timeout.
 */
final class WorkerLoop extends ConsumerLoop {

    private static final Logger LOG = Logger.getLogger(WorkerLoop.class);

    private final KafkaProducer<String, byte[]> producer;
    private final TaskExecutor executor;
    private final String eventsTopic;
    private final Pattern allTopics;
    private final List<String> topics;
    private final VarflowMetrics metrics;
    private final Tracing tracing;
    private final RecordGuard guard;
    private final OffsetTracker offsets = new OffsetTracker();
    private final PluginSlots slots;
    private final AtomicInteger running = new AtomicInteger();
    private volatile boolean draining;
    private static final long COMMIT_INTERVAL_NANOS = 100_000_000L;
    private long nextCommit = System.nanoTime();

    WorkerLoop(KafkaConsumer<String, byte[]> consumer, KafkaProducer<String, byte[]> producer, TaskExecutor executor,
            String eventsTopic, Pattern allTopics, List<String> topics, ConcurrencyLimits limits,
            VarflowMetrics metrics, Tracing tracing, RecordGuard guard) {
        this(consumer, producer, executor, eventsTopic, allTopics, topics, limits, metrics, tracing, guard,
                POLL_TIMEOUT);
    }

    /** With another poll timeout (tests: a long one shows that a freed slot does not wait for it). */
    WorkerLoop(KafkaConsumer<String, byte[]> consumer, KafkaProducer<String, byte[]> producer, TaskExecutor executor,
            String eventsTopic, Pattern allTopics, List<String> topics, ConcurrencyLimits limits,
            VarflowMetrics metrics, Tracing tracing, RecordGuard guard, Duration pollTimeout) {
        super("varflow-worker", consumer, pollTimeout);
        this.guard = guard;
        this.metrics = metrics;
        this.tracing = tracing;
        this.producer = producer;
        this.executor = executor;
        this.eventsTopic = eventsTopic;
        this.allTopics = allTopics;
        this.topics = topics;
        this.slots = new PluginSlots(limits);
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
                // Partitions of a plugin without a free slot are paused when the poll returns (pauseOrResume);
                // records they deliver before are held back like any other.
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
        Set<TopicPartition> held = null;
        for (ConsumerRecord<String, byte[]> record : records) {
            TopicPartition partition = new TopicPartition(record.topic(), record.partition());
            if (held != null && held.contains(partition)) {
                continue;
            }
            PluginSlots.Slots plugin = slots.of(record.topic());
            if (draining || plugin.isFull()) {
                // Not started and not tracked: fetched again from here once the partition is resumed.
                consumer.seek(partition, record.offset());
                if (held == null) {
                    held = new HashSet<>();
                }
                held.add(partition);
                continue;
            }
            offsets.started(partition, record.offset());
            if (!guard.accept(record)) {
                // Unsigned or forged (anyone who can write to Kafka could send it): never executed.
                offsets.finished(partition, record.offset());
                continue;
            }
            Activation activation;
            try {
                activation = Json.read(record.value(), Activation.class);
            } catch (RuntimeException e) {
                LOG.errorf("skipping unreadable activation at %s@%d: %s", partition, record.offset(), e.getMessage());
                offsets.finished(partition, record.offset());
                continue;
            }
            run(activation, plugin, partition, record.offset(),
                    tracing.startTask(record, activation, executor.workerId()));
        }
        slots.pauseOrResume(consumer, draining);
        commit(false);
    }

    private void run(Activation activation, PluginSlots.Slots plugin, TopicPartition partition, long offset,
            Span trace) {
        running.incrementAndGet();
        plugin.take();
        metrics.activationStarted(activation.activatedAt());
        metrics.taskStarted(activation.plugin());
        StartReport start = new StartReport(() -> producer.send(Tracing.tag(trace, new ProducerRecord<>(eventsTopic,
                activation.runId(), Json.write(RunEvent.taskStarted(activation.runId(), activation.task(),
                        executor.workerId(), activation.attempt(), activation.runAttempt()))))));
        CompletableFuture<List<RunEvent>> outcome = executor.execute(activation).toCompletableFuture();
        if (!outcome.isDone()) {
            start.sendAfter(StartReport.DELAY);
        }
        outcome.whenComplete((events, error) -> {
            Tracing.endTask(trace, events, error);
            if (error != null) {
                LOG.errorf(error, "task %s of run %s could not report", activation.task(), activation.runId());
                release(plugin);
                return;
            }
            metrics.taskFinished(activation.plugin(), events.get(events.size() - 1)
                    instanceof RunEvent.TaskFinished finished && finished.state() == TaskState.SUCCEEDED);
            emit(start.fold(events), plugin, partition, offset, trace);
        });
    }

    /** An attempt ended (its records acknowledged or given up on): frees its slot. */
    private void release(PluginSlots.Slots plugin) {
        running.decrementAndGet();
        if (plugin.release()) {
            wakeUp();
        }
    }

    private void emit(List<RunEvent> events, PluginSlots.Slots plugin, TopicPartition partition, long offset,
            Span trace) {
        AtomicInteger remaining = new AtomicInteger(events.size());
        for (RunEvent outcome : events) {
            RunEvent event = StorableEvents.clean(outcome);
            var record = Tracing.tag(trace, new ProducerRecord<>(eventsTopic, event.runId(), Json.write(event)));
            producer.send(record, (meta, error) -> {
                if (error != null) {
                    // Not acknowledged: leave the offset open so the activation is redelivered.
                    LOG.errorf("cannot emit %s of run %s: %s", event.type(), event.runId(), error.getMessage());
                    if (remaining.getAndSet(-1) > 0) {
                        release(plugin);
                    }
                } else if (remaining.decrementAndGet() == 0) {
                    offsets.finished(partition, offset);
                    release(plugin);
                }
            });
        }
    }

    /**
     * Commits finished activations' offsets; asynchronously on the hot path (a lost commit only redelivers), and
     * then at most every 100 ms: each commit is a write to the broker's offsets log.
     */
    private void commit(boolean sync) {
        if (!sync && System.nanoTime() < nextCommit) {
            return;
        }
        nextCommit = System.nanoTime() + COMMIT_INTERVAL_NANOS;
        Map<TopicPartition, OffsetAndMetadata> committable = offsets.committable();
        if (!committable.isEmpty()) {
            committable.keySet().retainAll(consumer.assignment());
            if (committable.isEmpty()) {
                return;
            }
            if (sync) {
                commitSync(committable);
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

    private void commitSync(Map<TopicPartition, OffsetAndMetadata> committable) {
        try {
            consumer.commitSync(committable);
        } catch (WakeupException e) {
            // A wakeUp() meant for the poll (a freed slot, or stop()): commit anyway, then pass it on.
            consumer.commitSync(committable);
            if (isRunning()) {
                wakeUp();
            }
        }
    }

    /** Stops taking work; returns once running tasks finished or the grace period ended. */
    void drain(Duration grace) {
        draining = true;
        wakeUp();
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
