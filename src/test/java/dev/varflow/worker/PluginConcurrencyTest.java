package dev.varflow.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.varflow.engine.TaskState;
import dev.varflow.infra.EmbeddedKafka;
import dev.varflow.infra.KafkaClients;
import dev.varflow.infra.VarflowMetrics;
import dev.varflow.it.IntegrationTest;
import dev.varflow.messages.Activation;
import dev.varflow.messages.Json;
import dev.varflow.messages.RunEvent;
import dev.varflow.plugins.PluginRegistry;

/**
 * Per-plugin concurrency of one worker loop on a real broker (in this JVM, no database): a plugin whose slots
 * are all taken pauses only its own topic, and a freed slot is used at once.
 */
@IntegrationTest
class PluginConcurrencyTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static EmbeddedKafka kafka;
    private static KafkaClients clients;

    @TempDir
    Path workRoot;

    private final String prefix = "act-" + UUID.randomUUID().toString().substring(0, 8);
    private final String eventsTopic = prefix + "-events";
    private final List<RunEvent> events = new CopyOnWriteArrayList<>();
    private volatile boolean reading = true;
    private Thread reader;
    private static final dev.varflow.infra.RecordSigner SIGNER = dev.varflow.infra.RecordSigner.fromBase64(
            dev.varflow.infra.RecordSigner.randomKey());
    private WorkerLoop loop;
    private TaskExecutor executor;
    private KafkaProducer<String, byte[]> activations;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = EmbeddedKafka.start();
        clients = new KafkaClients(kafka.bootstrapServers(), "consumer", "none");
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (loop != null) {
            loop.stop(Duration.ofSeconds(10));
        }
        reading = false;
        if (reader != null) {
            reader.join(10_000);
        }
        if (activations != null) {
            activations.close();
        }
    }

    @Test
    void shouldRunShortTasksWhileAnotherPluginIsSaturated() throws Exception {
        // given a worker that runs at most 2 touched waits at once, busy with 5 that nobody ends
        startWorker(Map.of("touched", 2), Duration.ofMillis(200));
        for (int i = 1; i <= 5; i++) {
            send(touched("wait-" + i, "never.flag"));
        }
        await("2 touched waits running", () -> started("touched").size() == 2);

        // when short tasks of other plugins arrive
        List<String> shortRuns = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            send(activation("noop-" + i, "noop"));
            send(activation("start-" + i, "start"));
            shortRuns.add("noop-" + i);
            shortRuns.add("start-" + i);
        }

        // then they all finish while the touched waits keep waiting, still only 2 of them started
        await("the short tasks finished", () -> finishedRuns().containsAll(shortRuns));
        assertThat(events).filteredOn(RunEvent.TaskFinished.class::isInstance).map(RunEvent.TaskFinished.class::cast)
                .extracting(RunEvent.TaskFinished::state).containsOnly(TaskState.SUCCEEDED);
        assertThat(finishedRuns()).noneMatch(run -> run.startsWith("wait-"));
        assertThat(started("touched")).hasSize(2);
        assertThat(loop.running()).isEqualTo(2);
    }

    @Test
    void shouldStartTheNextActivationOfASaturatedPluginAsSoonAsASlotFrees() throws Exception {
        // given one touched slot, taken by the first of two waits, and polls that would wait 60 s for records
        startWorker(Map.of("touched", 1), Duration.ofSeconds(60));
        send(touched("first", "first.flag"));
        await("the first wait started", () -> started("touched").equals(List.of("first")));
        send(touched("second", "second.flag"));
        Thread.sleep(1000); // time enough for a worker ignoring the limit to start the second wait
        assertThat(started("touched")).containsExactly("first");

        // when the first wait ends
        Files.writeString(workRoot.resolve("first").resolve("first.flag"), "done");

        // then the second one starts at once: woken up, not after the poll timeout
        long finished = awaitNanos("the first wait finished", () -> finishedRuns().contains("first"));
        long second = awaitNanos("the second wait started", () -> started("touched").contains("second"));
        assertThat(Duration.ofNanos(second - finished)).isLessThan(Duration.ofSeconds(10));
        assertThat(loop.running()).isEqualTo(1);
    }

    private void startWorker(Map<String, Integer> limits, Duration pollTimeout) throws Exception {
        List<String> topics = List.of(prefix + ".touched", prefix + ".noop", prefix + ".start");
        try (Admin admin = clients.admin()) {
            List<NewTopic> create = new ArrayList<>();
            topics.forEach(topic -> create.add(new NewTopic(topic, 2, (short) 1)));
            create.add(new NewTopic(eventsTopic, 1, (short) 1));
            admin.createTopics(create).all().get();
        }
        startReader();
        activations = clients.producer("test-activations");
        executor = new TaskExecutor(PluginRegistry.load(null), workRoot, "worker-t", 65_536,
                new PermissionCheck(Set.of("*")));
        loop = new WorkerLoop(clients.consumer(prefix + "-workers", "worker-t", 256), clients.producer("worker-t"),
                executor, eventsTopic, Pattern.compile(Pattern.quote(prefix + ".") + ".+"), topics,
                new ConcurrencyLimits(256, limits, plugin -> prefix + "." + plugin), new VarflowMetrics(
                        new SimpleMeterRegistry()), dev.varflow.infra.Tracing.off(), new dev.varflow.infra.RecordGuard(
                        SIGNER, new VarflowMetrics(new SimpleMeterRegistry())), pollTimeout);
        loop.start();
    }

    private void startReader() {
        KafkaConsumer<String, byte[]> consumer = clients.consumer(null, "test-events", 500);
        TopicPartition partition = new TopicPartition(eventsTopic, 0);
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        reader = new Thread(() -> {
            try (consumer) {
                while (reading) {
                    consumer.poll(Duration.ofMillis(50)).forEach(r -> events.add(Json.read(r.value(),
                            RunEvent.class)));
                }
            }
        }, "test-events-reader");
        reader.setDaemon(true);
        reader.start();
    }

    private void send(Activation activation) throws Exception {
        activations.send(SIGNER.sign(new ProducerRecord<>(prefix + "." + activation.plugin(),
                activation.runId() + "/" + activation.task(), Json.write(activation)))).get();
    }

    /** Run ids of the plugin's attempts that reported a start, in order. */
    private List<String> started(String plugin) {
        return events.stream().filter(RunEvent::startsAttempt).filter(e -> ((RunEvent.TaskEvent) e).task().equals(plugin)).map(RunEvent::runId).toList();
    }

    private List<String> finishedRuns() {
        return events.stream().filter(e -> e.type() == RunEvent.Type.TASK_FINISHED).map(RunEvent::runId).toList();
    }

    private static Activation touched(String runId, String file) {
        return new Activation(runId, "touched", "touched", Map.of("file", file), Map.of("TIMEOUT", "600"),
                List.of(), null, null, List.of(), false, System.currentTimeMillis(), 1, null, null);
    }

    private static Activation activation(String runId, String plugin) {
        return new Activation(runId, plugin, plugin, Map.of(), Map.of(), List.of("OUT"), null, null, List.of(),
                false, System.currentTimeMillis(), 1, null, null);
    }

    private void await(String what, BooleanSupplier condition) throws InterruptedException {
        awaitNanos(what, condition);
    }

    /** Waits for the condition, at most {@link #TIMEOUT}; returns when it was first seen true. */
    private long awaitNanos(String what, BooleanSupplier condition) throws InterruptedException {
        Awaitility.await().atMost(TIMEOUT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10))
                .untilAsserted(() -> assertThat(condition.getAsBoolean())
                        .as(() -> what + "; events: " + summary().get()).isTrue());
        return System.nanoTime();
    }

    private Supplier<String> summary() {
        return () -> events.stream().map(e -> e.type() + " " + e.runId()).toList().toString();
    }
}
