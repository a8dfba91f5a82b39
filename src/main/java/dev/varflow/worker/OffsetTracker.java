package dev.varflow.worker;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Tracks which records of each partition are still being worked on, so the committed offset never passes a
 * record whose task has not finished (tasks finish out of order).
 */
final class OffsetTracker {

    private final Map<TopicPartition, TreeSet<Long>> pending = new HashMap<>();
    private final Map<TopicPartition, Long> nextOffset = new HashMap<>();
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    private int inFlight;

    synchronized void started(TopicPartition partition, long offset) {
        pending.computeIfAbsent(partition, p -> new TreeSet<>()).add(offset);
        nextOffset.merge(partition, offset + 1, Math::max);
        inFlight++;
    }

    synchronized void finished(TopicPartition partition, long offset) {
        TreeSet<Long> offsets = pending.get(partition);
        if (offsets != null && offsets.remove(offset)) {
            inFlight--;
        }
    }

    synchronized int inFlight() {
        return inFlight;
    }

    /** Offsets that may be committed now and were not committed yet. */
    synchronized Map<TopicPartition, OffsetAndMetadata> committable() {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        nextOffset.forEach((partition, next) -> {
            TreeSet<Long> open = pending.get(partition);
            long safe = open == null || open.isEmpty() ? next : open.first();
            if (!Long.valueOf(safe).equals(committed.get(partition))) {
                offsets.put(partition, new OffsetAndMetadata(safe));
            }
        });
        return offsets;
    }

    synchronized void markCommitted(Map<TopicPartition, OffsetAndMetadata> offsets) {
        offsets.forEach((partition, offset) -> committed.put(partition, offset.offset()));
    }

    /** Forgets partitions this worker no longer owns; their unfinished records will be redelivered elsewhere. */
    synchronized void forget(Iterable<TopicPartition> partitions) {
        for (TopicPartition partition : partitions) {
            TreeSet<Long> open = pending.remove(partition);
            if (open != null) {
                inFlight -= open.size();
            }
            nextOffset.remove(partition);
            committed.remove(partition);
        }
    }
}
