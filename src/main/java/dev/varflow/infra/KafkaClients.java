package dev.varflow.infra;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Creates every Kafka client Varflow uses, all pointed at {@code kafka.bootstrap.servers} and all with the client
 * security settings of the configuration ({@link KafkaSecurity}).
 */
@ApplicationScoped
public class KafkaClients {

    private final String bootstrapServers;
    private final String groupProtocol;
    private final String compression;
    private final Map<String, String> security;

    @Inject
    public KafkaClients(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            @ConfigProperty(name = "varflow.kafka.group-protocol", defaultValue = "classic") String groupProtocol,
            @ConfigProperty(name = "varflow.kafka.compression", defaultValue = "none") String compression,
            Config config) {
        this(bootstrapServers, groupProtocol, compression,
                KafkaSecurity.from(name -> config.getOptionalValue(name, String.class)));
    }

    /** Clients of a broker without security settings (plaintext, no authentication). */
    public KafkaClients(String bootstrapServers, String groupProtocol, String compression) {
        this(bootstrapServers, groupProtocol, compression, Map.of());
    }

    /** @param security client security settings by Kafka name ({@code sasl.mechanism}, ...) */
    public KafkaClients(String bootstrapServers, String groupProtocol, String compression,
            Map<String, String> security) {
        this.bootstrapServers = bootstrapServers;
        this.groupProtocol = groupProtocol;
        this.compression = compression;
        this.security = Map.copyOf(security);
    }

    /** An idempotent producer tuned for low latency: records leave at once, acks from all replicas. */
    public KafkaProducer<String, byte[]> producer(String clientId) {
        return producer(clientId, Map.of());
    }

    /**
     * {@link #producer(String)} with overrides; a request-serving producer (the coordinator's) bounds
     * {@code max.block.ms}, so a send waiting for a broker that is down frees its thread long before Kafka's 60 s.
     */
    public KafkaProducer<String, byte[]> producer(String clientId, Map<String, Object> overrides) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        // max.in.flight.requests.per.connection stays at Kafka's 5: at 1 (tried in issue 14) the broker used ~20% less
        // CPU per task under load, but a record sent right after another one (a task's VARIABLE, then its
        // TASK_FINISHED) may wait for the first one's acknowledgement, which lengthens the idle hop
        // (docs/performance.md).
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        // Records are a few hundred bytes: compressing them costs producer, broker and consumer CPU for little
        // gain. Operators on a metered network may choose lz4 or zstd.
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression);
        props.putAll(security);
        props.putAll(overrides);
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    /** A consumer in a group with manual offset commits, so a record is committed only after it was handled. */
    public KafkaConsumer<String, byte[]> consumer(String groupId, String clientId, int maxPollRecords) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        if (groupId != null) {
            props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
            // Classic protocol by default: measured on Kafka 4.1 clients, the KIP-848 consumer ("consumer") had an
            // idle record-to-record p99 of 170-210 ms against 30 ms (bench/run.sh, docs/performance.md). The
            // cooperative assignor keeps rebalances incremental: partitions that do not move keep being consumed.
            props.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, groupProtocol);
            if ("classic".equalsIgnoreCase(groupProtocol)) {
                props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                        org.apache.kafka.clients.consumer.CooperativeStickyAssignor.class.getName());
                // A killed gate or worker gives its partitions up after 10 s instead of the default 45 s.
                props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
                props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000);
            }
        }
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        // New plugin topics must reach pattern subscribers quickly.
        props.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 10_000);
        props.putAll(security);
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }

    public Admin admin() {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrapServers);
        props.putAll(security);
        return Admin.create(props);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }
}
