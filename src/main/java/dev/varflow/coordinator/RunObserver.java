package dev.varflow.coordinator;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
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

    /** Calls {@code listener} for every later event of the run; the returned handle stops it. */
    public AutoCloseable listen(String runId, Consumer<RunEvent> listener) {
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
            AutoCloseable handle = listen(runId, event -> {
                emitter.emit(event);
                if (event.type() == RunEvent.Type.RUN_FINISHED) {
                    emitter.complete();
                }
            });
            finishedAlready.subscribe().with(finished -> {
                if (finished != null) {
                    emitter.emit(finished);
                    emitter.complete();
                }
            }, emitter::fail);
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

    private final class Loop extends ConsumerLoop {

        Loop(KafkaConsumer<String, byte[]> consumer) {
            super("varflow-observer", consumer);
        }

        @Override
        protected void subscribe() {
            // Partitions were assigned before the loop started.
        }

        @Override
        protected void handle(ConsumerRecords<String, byte[]> records) {
            if (listeners.isEmpty()) {
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
