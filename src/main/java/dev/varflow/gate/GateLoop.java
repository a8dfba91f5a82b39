package dev.varflow.gate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.jboss.logging.Logger;

import dev.varflow.engine.RunStatus;
import dev.varflow.infra.ConsumerLoop;
import dev.varflow.infra.PoisonCheck;
import dev.varflow.infra.RecordGuard;
import dev.varflow.infra.TopicInitializer;
import dev.varflow.infra.Tracing;
import dev.varflow.infra.VarflowMetrics;
import dev.varflow.messages.Activation;
import dev.varflow.messages.Json;
import dev.varflow.messages.RunEvent;

/**
 * The gate's consumer: one batch of events per poll, one transaction per batch, activations published and
 * confirmed before the batch's offsets are committed. The loop does not wait for a batch's acknowledgements before
 * its next poll ({@link SentBatches}): a record that arrives meanwhile is not kept waiting for them. A crash anywhere
 * replays the batch, which is harmless: variables keep their first value, claims are unique, and unconfirmed
 * activations are sent again.
 */
final class GateLoop extends ConsumerLoop {

    private static final Logger LOG = Logger.getLogger(GateLoop.class);
    private static final Duration STORE_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration SWEEP_INTERVAL = Duration.ofMillis(250);
    private static final Duration LOST_SWEEP_INTERVAL = Duration.ofSeconds(5);
    private static final Duration COMMIT_INTERVAL = Duration.ofMillis(100);
    /** Tries of a batch that failed with a poison error before its runs are isolated (PoisonRecords). */
    static final int POISON_ATTEMPTS = 3;
    /** Batches whose acknowledgements the loop does not wait for before polling again; beyond, it waits. */
    private static final int MAX_BATCHES_IN_FLIGHT = 4;
    private static final Duration SEND_WAIT = Duration.ofMinutes(3);

    private final GateProcessor processor;
    private final GateStore store;
    private final String eventsTopic;
    private final GatePublisher publisher;
    private final VarflowMetrics metrics;
    /** Activations acknowledged by Kafka, marked dispatched by a later batch's transaction (or when idle). */
    private final PendingDispatches dispatches = new PendingDispatches();
    private final SentBatches sent = new SentBatches();
    /** Offsets of batches handled and acknowledged, not yet committed. */
    private final Map<TopicPartition, OffsetAndMetadata> committable = new HashMap<>();
    private final PoisonRecords poison;
    private final GateInput input;
    /** Where the batch transactions run: one event loop of this loop's own. */
    private final java.util.concurrent.Executor transactions;
    private int poisonFailures;
    private long nextSweep = System.nanoTime() + SWEEP_INTERVAL.toNanos();
    private long nextLostSweep = System.nanoTime() + LOST_SWEEP_INTERVAL.toNanos();
    private long nextCommit = System.nanoTime();
    private boolean uncommitted;

    GateLoop(KafkaConsumer<String, byte[]> consumer, KafkaProducer<String, byte[]> producer, GateProcessor processor,
            GateStore store, String eventsTopic, String controlTopic, TopicInitializer topics,
            VarflowMetrics metrics, Tracing tracing, RecordGuard guard, java.util.concurrent.Executor transactions) {
        super("varflow-gate", consumer);
        this.transactions = transactions;
        this.metrics = metrics;
        this.processor = processor;
        this.store = store;
        this.eventsTopic = eventsTopic;
        this.input = new GateInput(guard);
        this.publisher = new GatePublisher(producer, eventsTopic, controlTopic, topics, tracing, guard);
        this.poison = new PoisonRecords(processor, store, STORE_TIMEOUT);
    }

    @Override
    protected void subscribe() {
        consumer.subscribe(List.of(eventsTopic), new ConsumerRebalanceListener() {
            // Runs of a partition this gate gives up (or gets back) may change elsewhere meanwhile.
            @Override
            public void onPartitionsRevoked(java.util.Collection<TopicPartition> partitions) {
                processor.forgetCachedRuns();
                try {
                    // Everything polled so far is handled: hand the partitions over without a replay, once its
                    // activations are acknowledged.
                    settleSent(true);
                    if (!committable.isEmpty()) {
                        consumer.commitSync(new HashMap<>(committable));
                        committable.clear();
                    }
                    uncommitted = false;
                } catch (RuntimeException e) {
                    LOG.warnf("offset commit before rebalance failed (the new owner replays a little): %s",
                            e.getMessage());
                }
            }

            @Override
            public void onPartitionsAssigned(java.util.Collection<TopicPartition> partitions) {
                processor.forgetCachedRuns();
            }

            @Override
            public void onPartitionsLost(java.util.Collection<TopicPartition> partitions) {
                processor.forgetCachedRuns();
            }
        });
    }

    @Override
    protected void handle(ConsumerRecords<String, byte[]> records) {
        // The sweep's queries run after a batch, not before: a record that arrives is not kept waiting for them.
        handleBatch(records);
        if (System.nanoTime() >= nextSweep) {
            sweep();
        }
    }

    private void handleBatch(ConsumerRecords<String, byte[]> records) {
        settleSent(false);
        if (records.isEmpty()) {
            flushDispatched();
            commitOffsets(true);
            return;
        }
        long begin = System.nanoTime();
        List<RunEvent> events = new ArrayList<>(records.count());
        for (ConsumerRecord<String, byte[]> record : records) {
            publisher.remember(record);
            input.read(record).ifPresent(events::add);
        }
        try {
            if (!events.isEmpty()) {
                List<TaskKey> marks = dispatches.due(System.nanoTime());
                BatchResult result = processor.process(events, marks).runSubscriptionOn(transactions)
                        .await().atMost(STORE_TIMEOUT);
                dispatches.marked(marks);
                dispatches.reported(events);
                sent.add(nextOffsets(records), publisher.sendAsync(result));
                result.finishedRuns().forEach(run -> metrics.runFinished(run.state().name()));
            } else {
                sent.add(nextOffsets(records), CompletableFuture.completedFuture(List.of()));
            }
            metrics.gateBatch(records.count(), System.nanoTime() - begin);
            poisonFailures = 0;
            // The batch's effects are committed; its offsets may go, asynchronously, once its records are
            // acknowledged (a lost commit only replays the batch, which is harmless).
            settleSent(false);
            while (sent.size() > MAX_BATCHES_IN_FLIGHT) {
                settleSent(true);
            }
            commitOffsets(false);
        } catch (RuntimeException e) {
            // A data error that every try reproduces would stop the partition for ever: after a few tries the
            // batch is applied run by run and the runs whose records cannot be stored fail. Any other failure
            // (database or broker down) is retried for ever and never fails a run.
            boolean poisoned = PoisonCheck.isPoison(e);
            poisonFailures = poisoned ? poisonFailures + 1 : 0;
            if (poisoned && poisonFailures >= POISON_ATTEMPTS && isolate(records, events)) {
                poisonFailures = 0;
                return;
            }
            // Nothing of the batch is committed: rewind and try again, so no event is ever skipped.
            LOG.errorf(e, "gate batch of %d events failed (%s); retrying", events.size(),
                    poisoned ? "poison " + poisonFailures + "/" + POISON_ATTEMPTS : "transient");
            rewind(records);
            pause(poisoned ? Duration.ofMillis(200) : Duration.ofSeconds(1));
        }
    }

    /** Applies a poisoned batch run by run (PoisonRecords); false when that failed too and the batch is retried. */
    private boolean isolate(ConsumerRecords<String, byte[]> records, List<RunEvent> events) {
        try {
            PoisonRecords.Isolated isolated = poison.isolate(events);
            dispatches.reported(events);
            settleSent(true);
            dispatches.acknowledged(publisher.send(isolated.result()), System.nanoTime());
            for (RunEvent.RunFinished failed : isolated.failedRuns()) {
                // Workers stop the run's running attempts.
                publisher.control(failed);
            }
            isolated.result().finishedRuns().forEach(run -> metrics.runFinished(run.state().name()));
            sent.add(nextOffsets(records), CompletableFuture.completedFuture(List.of()));
            settleSent(false);
            commitOffsets(false);
            return true;
        } catch (RuntimeException e) {
            LOG.errorf(e, "isolating the records of a poisoned batch failed; retrying the batch");
            return false;
        }
    }

    /**
     * The gate's timers, kept in the state store so they survive any crash: retries whose backoff has passed, and
     * claims a crashed gate never sent. Only runs whose partitions this gate owns are touched.
     */
    private void sweep() {
        nextSweep = System.nanoTime() + SWEEP_INTERVAL.toNanos();
        try {
            Set<Integer> owned = consumer.assignment().stream().map(TopicPartition::partition)
                    .collect(Collectors.toSet());
            if (owned.isEmpty()) {
                return;
            }
            int partitions = consumer.partitionsFor(eventsTopic).size();
            for (String runId : store.failOverdueRuns(100).await().atMost(STORE_TIMEOUT)) {
                // Observers learn the run ended; workers stop its running attempts.
                RunEvent.RunFinished finished = RunEvent.runFinished(runId, RunStatus.FAILED, null, "run deadline exceeded");
                publisher.event(finished);
                publisher.control(finished);
                LOG.infof("run %s failed: deadline exceeded", runId);
            }
            List<String> retrying = owned(store.runsWithDueRetries(1000), owned, partitions);
            if (!retrying.isEmpty()) {
                publish(new BatchResult(processor.activateDueRetries(retrying).await().atMost(STORE_TIMEOUT),
                        List.of()));
            }
            if (System.nanoTime() >= nextLostSweep) {
                nextLostSweep = System.nanoTime() + LOST_SWEEP_INTERVAL.toNanos();
                List<String> runs = owned(store.runsWithStaleClaims(1000), owned, partitions);
                if (!runs.isEmpty()) {
                    List<Activation> lost = processor.recoverLostActivations(runs).await().atMost(STORE_TIMEOUT);
                    LOG.warnf("re-sending %d activations claimed by a gate that stopped before sending them",
                            lost.size());
                    publish(new BatchResult(lost, List.of()));
                }
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "gate sweep failed; will retry");
        }
    }

    /**
     * Commits the handled batches' offsets at most every {@link #COMMIT_INTERVAL} while busy, and at once when
     * idle: each commit is a write to the broker's offsets log, which at a few hundred small batches a second cost
     * the broker more than the records themselves. A crash replays at most that much more, harmlessly.
     */
    private void commitOffsets(boolean idle) {
        if (uncommitted && (idle || System.nanoTime() >= nextCommit)) {
            consumer.commitAsync(new HashMap<>(committable), this::logCommitFailure);
            committable.clear();
            uncommitted = false;
            nextCommit = System.nanoTime() + COMMIT_INTERVAL.toNanos();
        }
    }

    /**
     * Takes the batches whose records Kafka acknowledged (with {@code waitForOldest}, after waiting for the oldest
     * one): their activations wait for their dispatched mark, their offsets may be committed.
     */
    private void settleSent(boolean waitForOldest) {
        if (sent.isEmpty()) {
            return;
        }
        SentBatches.Settled settled = sent.settle(waitForOldest ? SEND_WAIT.toNanos() : 0);
        if (settled.refused() > 0) {
            LOG.errorf("Kafka refused records of %d committed batches; their claims are re-sent by the sweeper",
                    settled.refused());
        }
        dispatches.acknowledged(settled.acknowledged(), System.nanoTime());
        if (!settled.offsets().isEmpty()) {
            committable.putAll(settled.offsets());
            uncommitted = true;
        }
    }

    /** The offset after each partition's last record of the batch: where a restarted gate reads on. */
    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<String, byte[]> records) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<String, byte[]>> inPartition = records.records(partition);
            offsets.put(partition, new OffsetAndMetadata(inPartition.get(inPartition.size() - 1).offset() + 1));
        }
        return offsets;
    }

    /** Marks pending activations dispatched in their own transaction, when no batch comes to carry them. */
    private void flushDispatched() {
        if (dispatches.isEmpty()) {
            return;
        }
        List<TaskKey> marks = dispatches.all();
        try {
            store.markDispatched(marks).await().atMost(STORE_TIMEOUT);
            dispatches.marked(marks);
        } catch (RuntimeException e) {
            LOG.errorf(e, "cannot mark %d activations dispatched; will retry", marks.size());
        }
    }

    private void logCommitFailure(java.util.Map<TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata>
            offsets, Exception error) {
        if (error != null) {
            LOG.warnf("offset commit failed (the batch will be replayed if this gate stops): %s", error.getMessage());
        }
    }

    private static List<String> owned(io.smallrye.mutiny.Uni<List<String>> runs, Set<Integer> owned,
            int partitions) {
        return runs.await().atMost(STORE_TIMEOUT).stream()
                .filter(runId -> owned.contains(partitionOf(runId, partitions))).toList();
    }

    /** The partition Kafka's default partitioner gives a run id key. */
    static int partitionOf(String runId, int partitions) {
        return Utils.toPositive(Utils.murmur2(runId.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    private void rewind(ConsumerRecords<String, byte[]> records) {
        for (var partition : records.partitions()) {
            consumer.seek(partition, records.records(partition).get(0).offset());
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    protected void beforeClose() {
        while (!sent.isEmpty()) {
            settleSent(true);
        }
        flushDispatched();
        try {
            consumer.commitSync(new HashMap<>(committable));
        } catch (RuntimeException e) {
            LOG.warnf("final offset commit failed: %s", e.getMessage());
        }
        publisher.close();
    }

    /** Publishes and marks dispatched at once (the sweeper's rare re-sends). */
    private void publish(BatchResult result) {
        store.markDispatched(publisher.send(result).stream().map(a -> new TaskKey(a.runId(), a.task())).toList())
                .await().atMost(STORE_TIMEOUT);
    }
}
