package dev.varflow.infra;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;

/**
 * The standard Kafka client security settings, read from configuration under the {@code kafka.} prefix (as the
 * bootstrap servers are): {@code kafka.security.protocol}, {@code kafka.sasl.mechanism},
 * {@code kafka.sasl.jaas.config}, {@code kafka.ssl.truststore.location}, ... (environment
 * {@code KAFKA_SECURITY_PROTOCOL}, {@code KAFKA_SASL_MECHANISM}, {@code KAFKA_SASL_JAAS_CONFIG}, ...). Every
 * client Varflow creates gets them ({@link KafkaClients}), so SASL/SCRAM or mutual TLS covers all of them.
 */
public final class KafkaSecurity {

    /** Every client setting of the security protocol, SASL and SSL, as Kafka's own clients define them. */
    static final Set<String> NAMES = names();

    private KafkaSecurity() {
    }

    /** The security settings {@code lookup} (a configuration, by full property name) has, by client name. */
    public static Map<String, String> from(Function<String, Optional<String>> lookup) {
        Map<String, String> settings = new TreeMap<>();
        for (String name : NAMES) {
            lookup.apply("kafka." + name).filter(value -> !value.isBlank()).ifPresent(v -> settings.put(name, v));
        }
        return settings;
    }

    private static Set<String> names() {
        ConfigDef definitions = new ConfigDef();
        SaslConfigs.addClientSaslSupport(definitions);
        SslConfigs.addClientSslSupport(definitions);
        Set<String> names = new TreeSet<>(definitions.names());
        names.add(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG);
        return Set.copyOf(names);
    }
}
