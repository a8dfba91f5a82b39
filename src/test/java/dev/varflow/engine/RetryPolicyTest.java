package dev.varflow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    @Test
    void shouldBackOffExponentiallyUpToTheCap() {
        // given
        RetryPolicy policy = RetryPolicy.of(Map.of("retries",
                Map.of("max_attempts", "5", "initial", "100ms", "factor", "3", "max", "1s", "jitter", "0")));

        // when / then
        assertThat(policy.backoffAfter(1, new Random(1))).isEqualTo(Duration.ofMillis(100));
        assertThat(policy.backoffAfter(2, new Random(1))).isEqualTo(Duration.ofMillis(300));
        assertThat(policy.backoffAfter(3, new Random(1))).isEqualTo(Duration.ofMillis(900));
        assertThat(policy.backoffAfter(4, new Random(1))).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.allowsRetryAfter(4)).isTrue();
        assertThat(policy.allowsRetryAfter(5)).isFalse();
    }

    @Test
    void shouldKeepJitterWithinItsSpread() {
        // given
        RetryPolicy policy = RetryPolicy.of(Map.of("retries",
                Map.of("max_attempts", "3", "initial", "1s", "jitter", "0.2")));

        // when / then
        Random random = new Random(42);
        for (int i = 0; i < 100; i++) {
            assertThat(policy.backoffAfter(1, random).toMillis()).isBetween(800L, 1200L);
        }
    }

    @Test
    void shouldNotRetryWithoutPolicyAndReadTheShortForm() {
        assertThat(RetryPolicy.of(Map.of()).allowsRetryAfter(1)).isFalse();
        assertThat(RetryPolicy.of(Map.of("retries", "3")).maxAttempts()).isEqualTo(3);
    }
}
