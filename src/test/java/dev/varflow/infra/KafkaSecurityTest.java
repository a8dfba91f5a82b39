package dev.varflow.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.varflow.it.IntegrationTest;

/**
 * Every client Varflow creates takes the Kafka security settings of its configuration: against a broker that only
 * speaks SASL, clients made with the right credentials work and clients without them are refused.
 */
@IntegrationTest
class KafkaSecurityTest {

    private static final String TOPIC = "secured";
    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() throws Exception {
        kafka = EmbeddedKafka.startWithSasl(Map.of("broker", "broker-secret", "varflow", "varflow-secret"));
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void shouldProduceAndConsumeWithTheConfiguredCredentials() throws Exception {
        // given clients built from configuration properties as an operator sets them (KAFKA_SASL_JAAS_CONFIG, ...)
        KafkaClients clients = clients("varflow-secret");

        // when
        try (Admin admin = clients.admin()) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        try (KafkaProducer<String, byte[]> producer = clients.producer("test")) {
            producer.send(new ProducerRecord<>(TOPIC, "k", "hello".getBytes(StandardCharsets.UTF_8)))
                    .get(30, TimeUnit.SECONDS);
        }
        List<ConsumerRecord<String, byte[]>> received = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = clients.consumer("secured-readers", "test", 10)) {
            consumer.subscribe(List.of(TOPIC));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (received.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
            }
        }

        // then
        assertThat(received).extracting(r -> new String(r.value(), StandardCharsets.UTF_8)).containsExactly("hello");
    }

    @Test
    void shouldBeRefusedWithWrongCredentials() {
        // given
        KafkaClients clients = clients("guessed");

        // when
        Admin admin = clients.admin();
        Throwable failure = catchThrowable(() -> admin.listTopics().names().get(30, TimeUnit.SECONDS));
        admin.close(Duration.ofSeconds(1));

        // then
        assertThat(failure).hasRootCauseInstanceOf(SaslAuthenticationException.class);
    }

    @Test
    void shouldGetNothingWithoutSecuritySettings() {
        // given clients of a configuration without the security settings
        KafkaClients clients = new KafkaClients(kafka.bootstrapServers(), "classic", "none",
                KafkaSecurity.from(name -> Optional.empty()));

        // when
        Admin admin = clients.admin();
        Throwable failure = catchThrowable(() -> admin.listTopics().names().get(5, TimeUnit.SECONDS));
        // Not waiting for the refused call to time out on close.
        admin.close(Duration.ofSeconds(1));

        // then
        assertThat(failure).isInstanceOf(java.util.concurrent.TimeoutException.class);
    }

    @Test
    void shouldReadEveryStandardSecuritySettingUnderTheKafkaPrefix() {
        // given
        Map<String, String> config = Map.of("kafka.security.protocol", "SSL",
                "kafka.ssl.truststore.location", "/etc/kafka/truststore.p12",
                "kafka.ssl.keystore.location", "/etc/kafka/keystore.p12",
                "kafka.sasl.mechanism", "SCRAM-SHA-512",
                "kafka.bootstrap.servers", "not-a-security-setting:9092");

        // when
        Map<String, String> settings = KafkaSecurity.from(name -> Optional.ofNullable(config.get(name)));

        // then
        assertThat(settings).containsOnly(Map.entry("security.protocol", "SSL"),
                Map.entry("ssl.truststore.location", "/etc/kafka/truststore.p12"),
                Map.entry("ssl.keystore.location", "/etc/kafka/keystore.p12"),
                Map.entry("sasl.mechanism", "SCRAM-SHA-512"));
    }

    /** Varflow's client factory, configured as {@code kafka.*} properties would configure it. */
    private static KafkaClients clients(String password) {
        Map<String, String> config = Map.of(
                "kafka.security.protocol", "SASL_PLAINTEXT",
                "kafka.sasl.mechanism", "PLAIN",
                "kafka.sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required "
                        + "username=\"varflow\" password=\"" + password + "\";");
        return new KafkaClients(kafka.bootstrapServers(), "classic", "none",
                KafkaSecurity.from(name -> Optional.ofNullable(config.get(name))));
    }
}
