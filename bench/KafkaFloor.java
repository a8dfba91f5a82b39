import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The Kafka leg of a hop on its own: one record produced with Varflow's producer settings (acks=all, idempotent,
 * linger 0), consumed with its consumer settings (fetch.max.wait.ms 50), one at a time with an idle gap between
 * records, as in an idle run. Prints the produce-to-consume and produce-to-acknowledgement percentiles.
 *
 *   java -cp 'target/quarkus-app/lib/main/*' bench/KafkaFloor.java BOOTSTRAP SAMPLES GAP_MS WARMUP
 */
public class KafkaFloor {

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        int samples = Integer.parseInt(args[1]);
        int gapMillis = Integer.parseInt(args[2]);
        int warmup = Integer.parseInt(args[3]);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic("floor", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        Map<String, Object> producerProps = Map.of("bootstrap.servers", bootstrap, "acks", "all",
                "enable.idempotence", true, "linger.ms", 0);
        Map<String, Object> consumerProps = Map.of("bootstrap.servers", bootstrap, "group.id", "floor",
                "auto.offset.reset", "earliest", "fetch.max.wait.ms", 50, "enable.auto.commit", false);
        try (var producer = new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer());
                var consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("floor"));
            while (consumer.assignment().isEmpty()) {
                consumer.poll(Duration.ofMillis(100));
            }
            long[] consumed = new long[samples];
            long[] acknowledged = new long[samples];
            for (int i = -warmup; i < samples; i++) {
                Thread.sleep(i < 0 ? 1 : gapMillis);
                long sent = System.nanoTime();
                long[] ackAt = new long[1];
                var ack = producer.send(new ProducerRecord<>("floor", "k", Long.toString(sent)),
                        (metadata, error) -> ackAt[0] = System.nanoTime());
                long received = 0;
                while (received == 0) {
                    for (var record : consumer.poll(Duration.ofSeconds(1))) {
                        if (record.value().equals(Long.toString(sent))) {
                            received = System.nanoTime();
                        }
                    }
                }
                ack.get();
                if (i >= 0) {
                    consumed[i] = received - sent;
                    acknowledged[i] = ackAt[0] - sent;
                }
            }
            System.out.println("kafka produce->consume (ms): " + percentiles(consumed));
            System.out.println("kafka produce->acknowledged (ms): " + percentiles(acknowledged));
        }
    }

    private static String percentiles(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return String.format("p50 %.2f p90 %.2f p99 %.2f", at(sorted, 50), at(sorted, 90), at(sorted, 99));
    }

    private static double at(long[] sorted, int percentile) {
        return sorted[Math.min(sorted.length - 1, sorted.length * percentile / 100)] / 1e6;
    }
}
