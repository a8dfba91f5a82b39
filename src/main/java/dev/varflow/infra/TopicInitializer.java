package dev.varflow.infra;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

import dev.varflow.VarflowConfig;

/** Creates Varflow's topics with the configured partition counts when they do not exist yet. */
@ApplicationScoped
public class TopicInitializer {

    private final KafkaClients clients;
    private final VarflowConfig config;
    private final Set<String> known = ConcurrentHashMap.newKeySet();
    private volatile boolean done;

    public TopicInitializer(KafkaClients clients, VarflowConfig config) {
        this.clients = clients;
        this.config = config;
    }

    /** Topic of a plugin's activations: one per plugin, so a slow plugin never holds up another's work. */
    public String activationTopic(String plugin) {
        return config.topics().activations() + "." + plugin.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /** Creates the activation topic of each plugin unless it exists. */
    public void ensureActivationTopics(java.util.Collection<String> plugins) {
        List<String> names = plugins.stream().map(this::activationTopic).filter(t -> !known.contains(t)).toList();
        if (!names.isEmpty()) {
            create(names);
        }
    }

    /** Idempotent; every role calls it before it consumes or produces. */
    public synchronized void ensureTopics() {
        if (done) {
            return;
        }
        VarflowConfig.Topics topics = config.topics();
        create(List.of(topics.events(), topics.runRequests(), topics.runRequestsDeadLetter(), topics.control()));
        done = true;
    }

    /** The run-request topic keeps tokens no longer than {@code varflow.topics.run-requests-retention}. */
    private NewTopic configured(NewTopic topic) {
        if (topic.name().equals(config.topics().runRequests())) {
            return topic.configs(java.util.Map.of(TopicConfig.RETENTION_MS_CONFIG,
                    String.valueOf(config.topics().runRequestsRetention().toMillis())));
        }
        return topic;
    }

    private synchronized void create(List<String> names) {
        VarflowConfig.Topics topics = config.topics();
        try (Admin admin = clients.admin()) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = names.stream()
                    .filter(name -> !existing.contains(name))
                    .map(name -> configured(new NewTopic(name, topics.partitions(), (short) 1)))
                    .collect(Collectors.toList());
            if (!missing.isEmpty()) {
                try {
                    admin.createTopics(missing).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            known.addAll(names);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create Kafka topics: " + e.getCause().getMessage(), e.getCause());
        }
    }
}
