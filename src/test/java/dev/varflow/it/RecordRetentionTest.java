package dev.varflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** Run requests may carry tokens: their topic keeps records one hour, not Kafka's default week. */
@QuarkusTest
@IntegrationTest
class RecordRetentionTest {

    private static final String HOUR_MS = "3600000";

    @Test
    void shouldCreateTheRunRequestTopicWithAnHourOfRetention() throws Exception {
        // given the topics Varflow created at start
        ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, "varflow.run-requests");

        // when
        Config config;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", Topics.bootstrap()))) {
            config = admin.describeConfigs(List.of(topic)).all().get().get(topic);
        }

        // then
        assertThat(config.get("retention.ms").value()).isEqualTo(HOUR_MS);
    }

    @Test
    void shouldDeclareTheSameRetentionInTheKubernetesTopics() throws Exception {
        // given
        String manifests = Files.readString(Path.of("k8s/kafka-topics.yaml"));

        // when the run-request topic's document is taken
        String runRequests = java.util.Arrays.stream(manifests.split("\n---\n"))
                .filter(document -> document.contains("topicName: varflow.run-requests\n")).findFirst().orElseThrow();

        // then
        assertThat(runRequests).contains("retention.ms: " + HOUR_MS);
    }
}
