package dev.varflow.worker;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * The running attempts of each plugin on this worker, by activation topic, and the pausing of the partitions of
 * plugins without a free slot that they drive. Only the worker's loop thread adds topics or pauses partitions;
 * attempts end on any thread.
 */
final class PluginSlots {

    private static final Logger LOG = Logger.getLogger(PluginSlots.class);

    private final ConcurrencyLimits limits;
    private final Map<String, Slots> byTopic = new ConcurrentHashMap<>();

    PluginSlots(ConcurrencyLimits limits) {
        this.limits = limits;
    }

    /** The slots of the plugin whose activations arrive on {@code topic}. */
    Slots of(String topic) {
        return byTopic.computeIfAbsent(topic, t -> new Slots(limits.ofTopic(t)));
    }

    /** Pauses the partitions of plugins without a free slot (all of them while draining), resumes the others. */
    void pauseOrResume(Consumer<?, ?> consumer, boolean draining) {
        Set<TopicPartition> assigned = consumer.assignment();
        if (assigned.isEmpty()) {
            return;
        }
        Set<TopicPartition> paused = consumer.paused();
        List<TopicPartition> pause = new ArrayList<>();
        List<TopicPartition> resume = new ArrayList<>();
        for (TopicPartition partition : assigned) {
            boolean full = draining || of(partition.topic()).isFull();
            if (full && !paused.contains(partition)) {
                pause.add(partition);
            } else if (!full && paused.contains(partition)) {
                resume.add(partition);
            }
        }
        if (!pause.isEmpty()) {
            consumer.pause(pause);
            LOG.debugf("paused %s (no free slot)", pause);
        }
        if (!resume.isEmpty()) {
            consumer.resume(resume);
            LOG.debugf("resumed %s", resume);
        }
    }

    /**
     * The running attempts of one plugin. When they fill its limit the loop pauses the plugin's partitions and sets
     * {@link #watched}; the attempt that then frees a slot clears it and wakes the loop.
     */
    static final class Slots {
        private final int limit;
        private final AtomicInteger running = new AtomicInteger();
        private final AtomicBoolean watched = new AtomicBoolean();

        Slots(int limit) {
            this.limit = limit;
        }

        /** An attempt started and holds a slot until {@link #release}. */
        void take() {
            running.incrementAndGet();
        }

        /** Whether no slot is free; if so, the next attempt to end will ask for a wake-up. Loop thread only. */
        boolean isFull() {
            if (running.get() < limit) {
                return false;
            }
            watched.set(true);
            // Checked again: an attempt that ended before watched was set did not ask for a wake-up.
            return running.get() >= limit;
        }

        /** Frees a slot; true when the loop waits for one and must be woken up. */
        boolean release() {
            return running.decrementAndGet() < limit && watched.compareAndSet(true, false);
        }
    }
}
