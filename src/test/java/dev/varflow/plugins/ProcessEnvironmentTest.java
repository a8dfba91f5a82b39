package dev.varflow.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ProcessEnvironmentTest {

    private static final Map<String, String> WORKER = Map.of(
            "PATH", "/usr/bin:/bin",
            "HOME", "/home/varflow",
            "LC_TIME", "C",
            "QUARKUS_DATASOURCE_PASSWORD", "planted-secret-123",
            "AWS_SECRET_ACCESS_KEY", "aws-planted-456",
            "QUARKUS_OIDC_CLIENT_CREDENTIALS_SECRET", "oidc-planted-789");

    @Test
    void shouldInheritOnlyAllowListedWorkerVariables() {
        // given
        ProcessEnvironment environment = new ProcessEnvironment(List.of(ProcessEnvironment.DEFAULT_ALLOW.split(",")),
                WORKER);

        // when
        Map<String, String> child = environment.build(Map.of("FREE_SPACE", "42"));

        // then
        assertThat(child).containsOnly(Map.entry("PATH", "/usr/bin:/bin"), Map.entry("HOME", "/home/varflow"),
                Map.entry("LC_TIME", "C"), Map.entry("FREE_SPACE", "42"));
    }

    @Test
    void shouldHonourTheOperatorsAllowList() {
        // given
        ProcessEnvironment environment = new ProcessEnvironment(List.of(" PATH ", "AWS_*", ""), WORKER);

        // when
        Map<String, String> child = environment.build(Map.of());

        // then
        assertThat(child).containsOnlyKeys("PATH", "AWS_SECRET_ACCESS_KEY");
    }

    @Test
    void shouldRefuseTaskVariablesWithReservedNames() {
        // given
        ProcessEnvironment environment = new ProcessEnvironment(List.of("PATH"), WORKER);

        // when / then
        assertThatThrownBy(() -> environment.build(Map.of("LD_PRELOAD", "/tmp/evil.so")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'LD_PRELOAD' is reserved");
        assertThatThrownBy(() -> environment.build(Map.of("path", "/tmp")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'path' is reserved");
        assertThatThrownBy(() -> environment.build(Map.of("auth_token", "t")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("run's token");
    }
}
