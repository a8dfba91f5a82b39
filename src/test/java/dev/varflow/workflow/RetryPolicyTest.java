package dev.varflow.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;

import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    @Test
    void shouldBackOffExponentiallyUpToTheCap() {
        // given
        RetryPolicy policy = new RetryPolicy(5, Duration.ofMillis(100), 3, Duration.ofSeconds(1), 0);

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
        RetryPolicy policy = new RetryPolicy(3, Duration.ofSeconds(1), 2, Duration.ofMinutes(5), 0.2);

        // when / then
        Random random = new Random(42);
        for (int i = 0; i < 100; i++) {
            assertThat(policy.backoffAfter(1, random).toMillis()).isBetween(800L, 1200L);
        }
    }

    @Test
    void shouldNotRetryWithoutPolicyAndReadTheShortForm() {
        assertThat(Execution.NONE.retryPolicy().allowsRetryAfter(1)).isFalse();
        assertThat(RetryPolicy.attempts(3))
                .isEqualTo(new RetryPolicy(3, Duration.ofSeconds(1), 2, Duration.ofMinutes(5), 0.2));
    }
}
