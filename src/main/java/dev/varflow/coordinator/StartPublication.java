package dev.varflow.coordinator;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.errors.RetriableException;
import org.jboss.logging.Logger;

import io.opentelemetry.api.trace.Span;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.varflow.VarflowConfig;
import dev.varflow.messages.RunEvent;

/**
 * Publishes the start records of runs whose rows are written, bounded by {@code varflow.api.start-wait}. When Kafka
 * does not take them the runs are deleted again (unless a gate already saw them start) and the caller gets
 * {@link UnavailableException} (503): the client was told the run does not exist, so none is left behind.
 * Records that reach Kafka after the deletion are dropped by the gate as records of an unknown run.
 */
@ApplicationScoped
public class StartPublication {

    private static final Logger LOG = Logger.getLogger(StartPublication.class);

    private final EventPublisher publisher;
    private final Pool pool;
    private final Duration wait;

    public StartPublication(EventPublisher publisher, Pool pool, VarflowConfig config) {
        this.publisher = publisher;
        this.pool = pool;
        this.wait = config.api().startWait();
    }

    /** Publishes {@code events} of the runs {@code runIds}; on failure removes those runs that never started. */
    public Uni<Void> publish(List<String> runIds, List<RunEvent> events, Map<String, Span> traces) {
        // Subscribed on a worker thread: a producer without broker metadata blocks in send().
        return Uni.createFrom().deferred(() -> publisher.publish(events, traces))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .ifNoItem().after(wait).failWith(() -> new UnavailableException("Kafka did not acknowledge the "
                        + "start records within " + wait.toMillis() + " ms", null))
                .onFailure().call(error -> removeUnstarted(runIds, error))
                .onFailure(error -> error instanceof UnavailableException || error instanceof RetriableException)
                .transform(error -> new UnavailableException("Kafka is unavailable (" + error.getMessage()
                        + "); the run was not started, retry later", error));
    }

    private Uni<Void> removeUnstarted(List<String> runIds, Throwable error) {
        LOG.warnf("start records of %d run(s) not written to Kafka (%s): removing the runs", runIds.size(),
                error.toString());
        return pool.preparedQuery("DELETE FROM runs WHERE id = ANY($1) AND NOT started")
                .execute(Tuple.of(runIds.toArray(String[]::new))).replaceWithVoid()
                .onFailure().invoke(e -> LOG.warnf("could not remove the unstarted runs %s: %s", runIds, e))
                .onFailure().recoverWithNull();
    }
}
