package dev.varflow.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class PluginSlotsTest {

    private static final TopicPartition CMD_0 = new TopicPartition("a.cmd", 0);
    private static final TopicPartition CMD_1 = new TopicPartition("a.cmd", 1);
    private static final TopicPartition NOOP_0 = new TopicPartition("a.noop", 0);

    private final PluginSlots slots = new PluginSlots(new ConcurrencyLimits(4, Map.of("cmd", 2),
            plugin -> "a." + plugin));
    private final MockConsumer<String, byte[]> consumer = new MockConsumer<>(OffsetResetStrategy.EARLIEST);

    @Test
    void shouldBeFullOnceThePluginsLimitIsTaken() {
        // given
        PluginSlots.Slots cmd = slots.of("a.cmd");

        // when
        cmd.take();
        boolean fullAfterOne = cmd.isFull();
        cmd.take();
        boolean fullAfterTwo = cmd.isFull();

        // then
        assertThat(fullAfterOne).isFalse();
        assertThat(fullAfterTwo).isTrue();
        assertThat(slots.of("a.cmd")).isSameAs(cmd);
    }

    @Test
    void shouldAskForAWakeUpOnlyWhenTheLoopFoundThePluginFull() {
        // given one plugin full and seen full, another with a free slot
        PluginSlots.Slots cmd = slots.of("a.cmd");
        cmd.take();
        cmd.take();
        cmd.isFull();
        PluginSlots.Slots noop = slots.of("a.noop");
        noop.take();

        // when
        boolean first = cmd.release();
        boolean second = cmd.release();
        boolean other = noop.release();

        // then
        assertThat(first).isTrue();
        assertThat(second).isFalse();
        assertThat(other).isFalse();
    }

    @Test
    void shouldPauseTheFullPluginsPartitionsOnly() {
        // given
        consumer.assign(List.of(CMD_0, CMD_1, NOOP_0));
        slots.of("a.cmd").take();
        slots.of("a.cmd").take();

        // when
        slots.pauseOrResume(consumer, false);

        // then
        assertThat(consumer.paused()).containsExactlyInAnyOrder(CMD_0, CMD_1);
    }

    @Test
    void shouldResumeAPluginsPartitionsOnceASlotIsFree() {
        // given
        consumer.assign(List.of(CMD_0, NOOP_0));
        PluginSlots.Slots cmd = slots.of("a.cmd");
        cmd.take();
        cmd.take();
        slots.pauseOrResume(consumer, false);

        // when
        cmd.release();
        slots.pauseOrResume(consumer, false);

        // then
        assertThat(consumer.paused()).isEmpty();
    }

    @Test
    void shouldPauseEveryPartitionWhileDraining() {
        // given
        consumer.assign(List.of(CMD_0, NOOP_0));

        // when
        slots.pauseOrResume(consumer, true);

        // then
        assertThat(consumer.paused()).containsExactlyInAnyOrder(CMD_0, NOOP_0);
    }
}
