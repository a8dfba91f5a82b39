package dev.varflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InfrastructurePlanTest {

    @ParameterizedTest(name = "oneProcess={0} embedded={1} kafka={2} database={3}")
    @CsvSource({
            "true,  false, false, false",
            "true,  false, true,  false",
            "true,  false, false, true",
            "false, true,  false, false",
            "false, false, true,  true" })
    void shouldStartWhenOneProcessEmbeddedAllowedOrEverythingConfigured(boolean oneProcess, boolean embedded,
            boolean kafka, boolean database) {
        // given
        InfrastructurePlan plan = new InfrastructurePlan(oneProcess, embedded, kafka, database);

        // when / then
        assertThat(plan.refusal("gate")).isEmpty();
    }

    @Test
    void shouldRefuseAGateWithoutKafkaNamingIt() {
        // given
        InfrastructurePlan plan = new InfrastructurePlan(false, false, false, true);

        // when
        String refusal = plan.refusal("gate").orElseThrow();

        // then
        assertThat(refusal).startsWith("Expected a Kafka broker (KAFKA_BOOTSTRAP_SERVERS")
                .contains("--roles gate").contains("it is not configured").contains("--embedded-infrastructure")
                .doesNotContain("PostgreSQL");
    }

    @Test
    void shouldRefuseAWorkerWithoutDatabaseNamingIt() {
        // given
        InfrastructurePlan plan = new InfrastructurePlan(false, false, true, false);

        // when
        String refusal = plan.refusal("worker").orElseThrow();

        // then
        assertThat(refusal).startsWith("Expected a PostgreSQL datasource (DATABASE_URL").contains("--roles worker")
                .doesNotContain("KAFKA_BOOTSTRAP_SERVERS");
    }

    @Test
    void shouldNameBothWhenBothAreMissing() {
        // given
        InfrastructurePlan plan = new InfrastructurePlan(false, false, false, false);

        // when
        String refusal = plan.refusal("coordinator,gate").orElseThrow();

        // then
        assertThat(refusal).contains("KAFKA_BOOTSTRAP_SERVERS").contains("DATABASE_URL").contains("neither is");
    }
}
