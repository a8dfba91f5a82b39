package dev.varflow.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

class ConcurrencyLimitsTest {

    @Test
    void shouldGiveEveryPluginTheDefaultButTouchedItsOwn() {
        // when
        ConcurrencyLimits limits = new ConcurrencyLimits(256, Map.of(), plugin -> "a." + plugin);

        // then
        assertThat(limits.ofTopic("a.cmd")).isEqualTo(256);
        assertThat(limits.ofTopic("a.noop")).isEqualTo(256);
        assertThat(limits.ofTopic("a.touched")).isEqualTo(100_000);
        assertThat(limits).hasToString("{touched=100000}");
    }

    @Test
    void shouldLetConfiguredLimitsOverrideDefaultAndBuiltIns() {
        // when
        ConcurrencyLimits limits = new ConcurrencyLimits(8, Map.of("cmd", 2, "touched", 10),
                plugin -> "a." + plugin);

        // then
        assertThat(limits.ofTopic("a.cmd")).isEqualTo(2);
        assertThat(limits.ofTopic("a.touched")).isEqualTo(10);
        assertThat(limits.ofTopic("a.df")).isEqualTo(8);
    }

    @Test
    void shouldRejectLimitsBelowOne() {
        assertThatThrownBy(() -> new ConcurrencyLimits(0, Map.of(), plugin -> plugin))
                .hasMessage("varflow.worker.concurrency must be at least 1, got 0");
        assertThatThrownBy(() -> new ConcurrencyLimits(4, Map.of("cmd", 0), plugin -> plugin))
                .hasMessage("varflow.worker.plugin-concurrency.cmd must be at least 1, got 0");
    }
}
