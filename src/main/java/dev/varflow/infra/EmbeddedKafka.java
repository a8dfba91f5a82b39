package dev.varflow.infra;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import net.sourceforge.argparse4j.inf.Namespace;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node Apache Kafka broker (KRaft, broker and controller in one) running inside this JVM, for the
 * one-process mode and the test suite.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private final KafkaRaftServer server;
    private final Path dataDir;
    private final String bootstrapServers;
    private final boolean deleteOnClose;

    private EmbeddedKafka(KafkaRaftServer server, Path dataDir, String bootstrapServers, boolean deleteOnClose) {
        this.server = server;
        this.dataDir = dataDir;
        this.bootstrapServers = bootstrapServers;
        this.deleteOnClose = deleteOnClose;
    }

    /** Starts a broker on free loopback ports with its data in a fresh temporary directory. */
    public static EmbeddedKafka start() throws IOException {
        return start(Files.createTempDirectory("varflow-kafka"), freePort(), true);
    }

    /** Starts a broker on the given port with its data in {@code dataDir} (formatted on first use). */
    public static EmbeddedKafka start(Path dataDir, int port, boolean deleteOnClose) throws IOException {
        return start(dataDir, port, deleteOnClose, Map.of());
    }

    /**
     * A throwaway broker whose only client listener takes SASL_PLAINTEXT with the PLAIN mechanism, for the given
     * users (name to password; the first one is the broker's own): tests of the clients' security settings.
     */
    static EmbeddedKafka startWithSasl(Map<String, String> users) throws IOException {
        Map.Entry<String, String> broker = users.entrySet().iterator().next();
        StringBuilder jaas = new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required")
                .append(" username=\"").append(broker.getKey()).append("\" password=\"").append(broker.getValue())
                .append('"');
        users.forEach((user, password) -> jaas.append(" user_").append(user).append("=\"").append(password)
                .append('"'));
        jaas.append(';');
        int port = freePort();
        return start(Files.createTempDirectory("varflow-kafka-sasl"), port, true, Map.of(
                "listeners", "SASL_PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + freePort(),
                "advertised.listeners", "SASL_PLAINTEXT://127.0.0.1:" + port,
                "listener.security.protocol.map", "SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT",
                "inter.broker.listener.name", "SASL_PLAINTEXT",
                "sasl.enabled.mechanisms", "PLAIN",
                "sasl.mechanism.inter.broker.protocol", "PLAIN",
                "listener.name.sasl_plaintext.plain.sasl.jaas.config", jaas.toString()));
    }

    private static EmbeddedKafka start(Path dataDir, int port, boolean deleteOnClose, Map<String, String> overrides)
            throws IOException {
        int controllerPort = freePort();
        Properties props = new Properties();
        props.putAll(Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", "1"),
                Map.entry("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort),
                Map.entry("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port),
                Map.entry("controller.listener.names", "CONTROLLER"),
                Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
                Map.entry("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort),
                Map.entry("log.dirs", dataDir.toString()),
                Map.entry("offsets.topic.replication.factor", "1"),
                Map.entry("offsets.topic.num.partitions", "4"),
                Map.entry("transaction.state.log.replication.factor", "1"),
                Map.entry("transaction.state.log.min.isr", "1"),
                Map.entry("share.coordinator.state.topic.replication.factor", "1"),
                Map.entry("share.coordinator.state.topic.min.isr", "1"),
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                // Consumers learn their assignment on a heartbeat: keep the first one quick.
                Map.entry("group.consumer.heartbeat.interval.ms", "500"),
                Map.entry("group.consumer.min.heartbeat.interval.ms", "500"),
                // A killed consumer's partitions (and a killed worker's tasks) move on after 10 s, not 45 s.
                Map.entry("group.consumer.session.timeout.ms", "10000"),
                Map.entry("group.consumer.min.session.timeout.ms", "6000"),
                Map.entry("auto.create.topics.enable", "false"),
                Map.entry("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE))));
        props.putAll(overrides);
        if (overrides.containsKey("listeners")) {
            // The controller's port is part of the overridden listeners: the quorum must point at it.
            String listeners = overrides.get("listeners");
            props.put("controller.quorum.bootstrap.servers",
                    listeners.substring(listeners.indexOf("CONTROLLER://") + "CONTROLLER://".length()));
        }
        KafkaConfig config = new KafkaConfig(props, false);
        if (!Files.exists(dataDir.resolve("meta.properties"))) {
            format(config);
        }
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        return new EmbeddedKafka(server, dataDir, "127.0.0.1:" + port, deleteOnClose);
    }

    private static void format(KafkaConfig config) {
        Namespace options = new Namespace(Map.of(
                "standalone", true,
                "cluster_id", Uuid.randomUuid().toString(),
                "ignore_formatted", true));
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        kafka.tools.StorageTool$.MODULE$.runFormatCommand(options, config, quiet);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
        if (deleteOnClose) {
            deleteRecursively(dataDir);
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // Best effort: a temp dir left behind is harmless.
        }
    }
}
