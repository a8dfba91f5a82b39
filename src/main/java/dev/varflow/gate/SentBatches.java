package dev.varflow.gate;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import dev.varflow.messages.Activation;

/**
 * Committed batches whose records Kafka has not acknowledged yet, oldest first. The gate's loop goes on to its next
 * poll instead of waiting for each batch's acknowledgements; a batch's offsets become committable only once it and
 * every batch before it were acknowledged (or refused), so a consumer offset never passes a record whose
 * activations may still be unsent. Only the gate's loop thread uses it.
 */
final class SentBatches {

    /** What became of the oldest batches: activations Kafka acknowledged, and the offsets now committable. */
    record Settled(List<Activation> acknowledged, Map<TopicPartition, OffsetAndMetadata> offsets, int refused) {
    }

    private record Batch(Map<TopicPartition, OffsetAndMetadata> offsets, CompletableFuture<List<Activation>> sent) {
    }

    private final ArrayDeque<Batch> batches = new ArrayDeque<>();

    /** A committed batch: its records are sent, the offsets after its records wait for their acknowledgement. */
    void add(Map<TopicPartition, OffsetAndMetadata> offsets, CompletableFuture<List<Activation>> sent) {
        batches.add(new Batch(Map.copyOf(offsets), sent));
    }

    int size() {
        return batches.size();
    }

    boolean isEmpty() {
        return batches.isEmpty();
    }

    /**
     * Takes the oldest batches whose sends ended, in order, stopping at the first still in flight; with
     * {@code waitAtMostNanos > 0} it first waits that long for the oldest one.
     */
    Settled settle(long waitAtMostNanos) {
        List<Activation> acknowledged = new java.util.ArrayList<>();
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        int refused = 0;
        if (waitAtMostNanos > 0 && !batches.isEmpty()) {
            try {
                batches.peek().sent().get(waitAtMostNanos, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // Looked at below.
            }
        }
        while (!batches.isEmpty() && batches.peek().sent().isDone()) {
            Batch batch = batches.poll();
            try {
                acknowledged.addAll(batch.sent().join());
            } catch (RuntimeException e) {
                // Refused by Kafka after its own retries: the claims stay unmarked, and the sweeper re-sends them.
                refused++;
            }
            offsets.putAll(batch.offsets());
        }
        return new Settled(acknowledged, offsets, refused);
    }
}
