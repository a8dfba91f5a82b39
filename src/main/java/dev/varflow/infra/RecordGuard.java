package dev.varflow.infra;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

/**
 * Signs the records a role produces for workers and refuses the consumed ones that are not authentic: a refused
 * record is logged (where it was, never its content) and counted in {@code varflow_records_rejected_total{reason}}.
 */
public final class RecordGuard {

    private static final Logger LOG = Logger.getLogger(RecordGuard.class);

    private final RecordSigner signer;
    private final VarflowMetrics metrics;

    public RecordGuard(RecordSigner signer, VarflowMetrics metrics) {
        this.signer = signer;
        this.metrics = metrics;
    }

    /** The record with its signature header. */
    public ProducerRecord<String, byte[]> sign(ProducerRecord<String, byte[]> record) {
        return signer.sign(record);
    }

    /** Whether a consumed record may be acted on. */
    public boolean accept(ConsumerRecord<String, byte[]> record) {
        RecordSigner.Verdict verdict = signer.verify(record);
        if (verdict == RecordSigner.Verdict.VALID) {
            return true;
        }
        metrics.recordRejected(verdict.reason());
        LOG.warnf("refused a record with %s at %s-%d@%d: not acted on", verdict == RecordSigner.Verdict.UNSIGNED
                ? "no signature" : "a wrong signature", record.topic(), record.partition(), record.offset());
        return false;
    }
}
