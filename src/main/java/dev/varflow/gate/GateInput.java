package dev.varflow.gate;

import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

import dev.varflow.infra.RecordGuard;
import dev.varflow.messages.Json;
import dev.varflow.messages.RunEvent;

/**
 * Turns a record of the events topic into the event a gate batch applies, or nothing: unreadable records are
 * skipped (and logged), records a gate wrote itself are already applied, and an unsigned or forged command is
 * refused (whoever can write to Kafka must not pause, cancel or replay runs).
 */
final class GateInput {

    private static final Logger LOG = Logger.getLogger(GateInput.class);

    private final RecordGuard guard;

    GateInput(RecordGuard guard) {
        this.guard = guard;
    }

    Optional<RunEvent> read(ConsumerRecord<String, byte[]> record) {
        RunEvent event;
        try {
            event = Json.read(record.value(), RunEvent.class);
        } catch (RuntimeException e) {
            LOG.errorf("skipping unreadable event at %s-%d@%d: %s", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            return Optional.empty();
        }
        if (isGateOutput(event)) {
            return Optional.empty();
        }
        if (event instanceof RunEvent.ControlRequested && !guard.accept(record)) {
            return Optional.empty();
        }
        return Optional.of(event);
    }

    /**
     * True for a record a gate wrote itself (run ends, answers to commands): its effect is already in the store,
     * written in the transaction that caused it, history included.
     */
    static boolean isGateOutput(RunEvent event) {
        return event instanceof RunEvent.RunFinished || event instanceof RunEvent.RunPaused
                || event instanceof RunEvent.RunResumed || event instanceof RunEvent.ControlRejected
                || event instanceof RunEvent.RunStarted started && started.requestId() != null;
    }
}
