package dev.varflow.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import dev.varflow.messages.Activation;

class SentBatchesTest {

    private static final TopicPartition P0 = new TopicPartition("varflow.events", 0);
    private static final TopicPartition P1 = new TopicPartition("varflow.events", 1);

    private final SentBatches sent = new SentBatches();

    @Test
    void shouldReleaseNoOffsetPastABatchStillInFlight() {
        // given three batches, the middle one not yet acknowledged
        CompletableFuture<List<Activation>> middle = new CompletableFuture<>();
        sent.add(Map.of(P0, new OffsetAndMetadata(10)), CompletableFuture.completedFuture(List.of(activation("a"))));
        sent.add(Map.of(P0, new OffsetAndMetadata(20)), middle);
        sent.add(Map.of(P1, new OffsetAndMetadata(5)), CompletableFuture.completedFuture(List.of(activation("c"))));

        // when
        SentBatches.Settled settled = sent.settle(0);

        // then only the first batch is settled
        assertThat(settled.acknowledged()).extracting(Activation::task).containsExactly("a");
        assertThat(settled.offsets()).containsExactly(Map.entry(P0, new OffsetAndMetadata(10)));
        assertThat(sent.size()).isEqualTo(2);
    }

    @Test
    void shouldSettleTheRestInOrderOnceTheOldestIsAcknowledged() {
        // given
        CompletableFuture<List<Activation>> first = new CompletableFuture<>();
        sent.add(Map.of(P0, new OffsetAndMetadata(20)), first);
        sent.add(Map.of(P0, new OffsetAndMetadata(30), P1, new OffsetAndMetadata(5)),
                CompletableFuture.completedFuture(List.of(activation("c"))));

        // when
        first.complete(List.of(activation("b")));
        SentBatches.Settled settled = sent.settle(0);

        // then the later batch's offsets win for the partition both read
        assertThat(settled.acknowledged()).extracting(Activation::task).containsExactly("b", "c");
        assertThat(settled.offsets()).containsOnly(Map.entry(P0, new OffsetAndMetadata(30)),
                Map.entry(P1, new OffsetAndMetadata(5)));
        assertThat(sent.isEmpty()).isTrue();
    }

    @Test
    void shouldCountARefusedBatchAndStillReleaseItsOffsets() {
        // given a batch Kafka refused (its claims stay unmarked, so the sweeper re-sends them)
        sent.add(Map.of(P0, new OffsetAndMetadata(7)),
                CompletableFuture.failedFuture(new IllegalStateException("broker down")));

        // when
        SentBatches.Settled settled = sent.settle(0);

        // then
        assertThat(settled.refused()).isEqualTo(1);
        assertThat(settled.acknowledged()).isEmpty();
        assertThat(settled.offsets()).containsExactly(Map.entry(P0, new OffsetAndMetadata(7)));
    }

    @Test
    void shouldWaitForTheOldestBatchWhenAsked() {
        // given an acknowledgement that arrives from the producer's thread
        CompletableFuture<List<Activation>> first = new CompletableFuture<>();
        sent.add(Map.of(P0, new OffsetAndMetadata(3)), first);
        CompletableFuture.runAsync(() -> first.complete(List.of(activation("a"))),
                CompletableFuture.delayedExecutor(50, java.util.concurrent.TimeUnit.MILLISECONDS));

        // when
        SentBatches.Settled settled = sent.settle(java.time.Duration.ofSeconds(10).toNanos());

        // then
        assertThat(settled.acknowledged()).extracting(Activation::task).containsExactly("a");
    }

    private static Activation activation(String task) {
        return new Activation("run-1", task, "noop", Map.of(), Map.of(), List.of(), null, null, List.of(), false, 0, 1,
                null, null);
    }
}
