package dev.varflow.gate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;

import dev.varflow.engine.RunStatus;
import dev.varflow.infra.PoisonCheck;
import dev.varflow.messages.Activation;
import dev.varflow.messages.RunEvent;

/**
 * Isolates the records that stop a partition. A batch that failed with a poison error ({@link PoisonCheck}) is
 * applied again one run at a time: the runs whose own records still fail are failed with the reason (their
 * records dropped), every other run's records are applied as usual. Only a failure that this re-application
 * reproduces fails a run; a transient failure on the way is thrown, and the whole batch is retried.
 */
final class PoisonRecords {

    private static final Logger LOG = Logger.getLogger(PoisonRecords.class);

    private final GateProcessor processor;
    private final GateStore store;
    private final Duration timeout;

    PoisonRecords(GateProcessor processor, GateStore store, Duration timeout) {
        this.processor = processor;
        this.store = store;
        this.timeout = timeout;
    }

    /** What the isolated batch must publish; {@code failedRuns} must also be broadcast to the workers. */
    record Isolated(BatchResult result, List<RunEvent.RunFinished> failedRuns) {
    }

    Isolated isolate(List<RunEvent> events) {
        Map<String, List<RunEvent>> byRun = new LinkedHashMap<>();
        events.forEach(event -> byRun.computeIfAbsent(event.runId(), id -> new ArrayList<>()).add(event));
        List<Activation> activations = new ArrayList<>();
        List<RunEvent.RunFinished> finished = new ArrayList<>();
        List<RunEvent.RunFinished> failed = new ArrayList<>();
        byRun.forEach((runId, own) -> {
            try {
                BatchResult result = processor.process(own).await().atMost(timeout);
                activations.addAll(result.activations());
                finished.addAll(result.finishedRuns());
            } catch (RuntimeException e) {
                if (!PoisonCheck.isPoison(e)) {
                    throw e;
                }
                fail(runId, own.size(), e).ifPresent(event -> {
                    finished.add(event);
                    failed.add(event);
                });
            }
        });
        return new Isolated(new BatchResult(activations, finished), failed);
    }

    private java.util.Optional<RunEvent.RunFinished> fail(String runId, int records, RuntimeException cause) {
        String reason = "Expected to store every record of this run, but the database refused one ("
                + PoisonCheck.reason(cause) + "); the run was failed so that the other runs of its partition go on";
        processor.forgetCachedRuns(List.of(runId));
        try {
            boolean failedNow = store.failRun(runId, reason).await().atMost(timeout);
            LOG.errorf("run %s failed: %d of its records can never be stored (%s)", runId, records,
                    PoisonCheck.reason(cause));
            return failedNow ? java.util.Optional.of(RunEvent.runFinished(runId, RunStatus.FAILED, null, reason))
                    : java.util.Optional.empty();
        } catch (RuntimeException e) {
            if (!PoisonCheck.isPoison(e)) {
                throw e;
            }
            // The run id itself cannot be stored (no such run can exist): nothing to fail, the records go.
            LOG.errorf("dropping %d records of an unstorable run id (%s)", records, PoisonCheck.reason(e));
            return java.util.Optional.empty();
        }
    }
}
