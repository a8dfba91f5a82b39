package dev.varflow.worker;

import java.util.List;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import dev.varflow.infra.ConsumerLoop;
import dev.varflow.infra.RecordGuard;
import dev.varflow.messages.Json;
import dev.varflow.messages.RunEvent;

/** Follows the control topic from its end (no group: every worker sees every record) and reports runs that ended. */
final class ControlListener extends ConsumerLoop {

    private static final Logger LOG = Logger.getLogger(ControlListener.class);

    private final String topic;
    private final Consumer<String> onCancel;
    private final RecordGuard guard;

    ControlListener(KafkaConsumer<String, byte[]> consumer, String topic, Consumer<String> onCancel,
            RecordGuard guard) {
        super("varflow-worker-control", consumer);
        this.guard = guard;
        this.topic = topic;
        this.onCancel = onCancel;
    }

    @Override
    protected void subscribe() {
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
    }

    @Override
    protected void handle(ConsumerRecords<String, byte[]> records) {
        for (ConsumerRecord<String, byte[]> record : records) {
            if (!guard.accept(record)) {
                // A forged cancellation would stop any run's attempts.
                continue;
            }
            try {
                RunEvent event = Json.read(record.value(), RunEvent.class);
                if (event instanceof RunEvent.RunFinished finished) {
                    LOG.infof("run %s ended (%s): stopping its attempts", finished.runId(), finished.state());
                    onCancel.accept(finished.runId());
                }
            } catch (RuntimeException e) {
                LOG.warnf("skipping unreadable control record: %s", e.getMessage());
            }
        }
    }
}
