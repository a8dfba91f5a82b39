package dev.varflow.coordinator;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import dev.varflow.VarflowConfig;
import dev.varflow.infra.ConsumerLoop;
import dev.varflow.infra.KafkaClients;
import dev.varflow.messages.Json;
import dev.varflow.messages.RunEvent;

/**
 * Watches the events topic from its end (no consumer group: every coordinator sees every event) and hands each
 * event to whoever listens to its run: the server-sent event streams and the CLI's live output.
 */
@ApplicationScoped
public class RunObserver {

    private static final Logger LOG = Logger.getLogger(RunObserver.class);

    private final KafkaClients clients;
    private final VarflowConfig config;
    private final Map<String, List<Consumer<RunEvent>>> listeners = new ConcurrentHashMap<>();
    private Loop loop;

    public RunObserver(KafkaClients clients, VarflowConfig config) {
        this.clients = clients;
        this.config = config;
    }

    /** Starts watching; returns once positioned at the end of every partition, so no later event is missed. */
    public synchronized void start() {
        KafkaConsumer<String, byte[]> consumer = clients.consumer(null, "observer-" + ProcessHandle.current().pid(),
                1000);
        List<TopicPartition> partitions = consumer.partitionsFor(config.topics().events()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        loop = new Loop(consumer);
        loop.start();
    }

    public synchronized void stop() {
        if (loop != null) {
            loop.stop(Duration.ofSeconds(5));
            loop = null;
        }
    }

    /**
     * Calls {@code listener} for every event of the run published after this returns; the returned handle stops
     * it.
     */
    public AutoCloseable listen(String runId, Consumer<RunEvent> listener) {
        AutoCloseable handle = register(runId, listener);
        try {
            following().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warnf("event observer did not resume in time: %s", e.toString());
        }
        return handle;
    }

    /** Completes once the observer reads the topic's end (at once unless it was paused for lack of listeners). */
    private CompletableFuture<Void> following() {
        Loop current = loop;
        return current == null ? CompletableFuture.completedFuture(null) : current.following();
    }

    /**
     * Like {@link #listen} without blocking a thread: completes once every event of the run published afterwards
     * will reach {@code listener}, with the action that stops it.
     */
    public Uni<Runnable> watch(String runId, Consumer<RunEvent> listener) {
        AutoCloseable handle = register(runId, listener);
        Runnable stop = () -> {
            try {
                handle.close();
            } catch (Exception ignored) {
                // Removing a listener cannot fail.
            }
        };
        return Uni.createFrom().completionStage(following()).ifNoItem().after(Duration.ofSeconds(10))
                .recoverWithItem((Void) null).replaceWith(stop);
    }

    private AutoCloseable register(String runId, Consumer<RunEvent> listener) {
        listeners.computeIfAbsent(runId, id -> new CopyOnWriteArrayList<>()).add(listener);
        return () -> listeners.computeIfPresent(runId, (id, list) -> {
            list.remove(listener);
            return list.isEmpty() ? null : list;
        });
    }

    /**
     * Live events of a run, ending after its RUN_FINISHED. {@code finishedAlready} is asked once listening has
     * begun, so a run that ended before the stream opened still yields its final event instead of silence.
     */
    public Multi<RunEvent> stream(String runId, Uni<RunEvent> finishedAlready) {
        return Multi.createFrom().emitter(emitter -> {
            AutoCloseable handle = register(runId, event -> {
                emitter.emit(event);
                if (event instanceof RunEvent.RunFinished) {
                    emitter.complete();
                }
            });
            Runnable askIfFinished = () -> finishedAlready.subscribe().with(finished -> {
                if (finished != null) {
                    emitter.emit(finished);
                    emitter.complete();
                }
            }, emitter::fail);
            // Asked only once the observer follows the topic, so a run cannot finish unseen in between; on the
            // caller's Vert.x context, where the store's session lives.
            io.vertx.core.Context context = io.vertx.core.Vertx.currentContext();
            following().whenComplete((ignored, error) -> {
                if (context == null || io.vertx.core.Vertx.currentContext() == context) {
                    askIfFinished.run();
                } else {
                    context.runOnContext(v -> askIfFinished.run());
                }
            });
            emitter.onTermination(() -> {
                try {
                    handle.close();
                } catch (Exception ignored) {
                    // Removing a listener cannot fail.
                }
            });
        });
    }

    public boolean isHealthy() {
        return loop == null || loop.isHealthy();
    }

    /**
     * Reads the events topic only while someone listens: with no listener it pauses (a coordinator must not pay
     * for every event of every run), and the first new listener makes it jump to the end and read on.
     */
    private final class Loop extends ConsumerLoop {

        private final Queue<CompletableFuture<Void>> waiting = new ConcurrentLinkedQueue<>();
        private volatile boolean paused;

        Loop(KafkaConsumer<String, byte[]> consumer) {
            super("varflow-observer", consumer);
        }

        /** Completes once the loop follows the topic's end (at once unless it was paused). */
        CompletableFuture<Void> following() {
            if (!paused) {
                return CompletableFuture.completedFuture(null);
            }
            CompletableFuture<Void> following = new CompletableFuture<>();
            waiting.add(following);
            wakeUp();
            return following;
        }

        private void follow() {
            if (waiting.isEmpty()) {
                return;
            }
            if (!consumer.paused().isEmpty()) {
                try {
                    consumer.seekToEnd(consumer.assignment());
                    consumer.assignment().forEach(consumer::position);
                } catch (WakeupException e) {
                    return; // another listener's wake-up: next round
                }
                consumer.resume(consumer.assignment());
            }
            paused = false;
            CompletableFuture<Void> next;
            while ((next = waiting.poll()) != null) {
                next.complete(null);
            }
        }

        private void pauseWhenNobodyListens() {
            if (!listeners.isEmpty() || !waiting.isEmpty()) {
                return;
            }
            // Flag first: a listener arriving now either is seen below or sees the flag and asks to resume.
            paused = true;
            if (listeners.isEmpty()) {
                consumer.pause(consumer.assignment());
            } else {
                paused = false;
            }
        }

        @Override
        protected void subscribe() {
            // Partitions were assigned before the loop started.
        }

        @Override
        protected void handle(ConsumerRecords<String, byte[]> records) {
            follow();
            if (listeners.isEmpty()) {
                if (!paused) {
                    pauseWhenNobodyListens();
                }
                return;
            }
            for (ConsumerRecord<String, byte[]> record : records) {
                List<Consumer<RunEvent>> forRun = listeners.get(record.key());
                if (forRun == null) {
                    continue;
                }
                try {
                    RunEvent event = Json.read(record.value(), RunEvent.class);
                    forRun.forEach(listener -> listener.accept(event));
                } catch (RuntimeException e) {
                    LOG.warnf("cannot deliver event of run %s: %s", record.key(), e.getMessage());
                }
            }
        }
    }

}
