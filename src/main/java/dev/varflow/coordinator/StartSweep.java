package dev.varflow.coordinator;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.varflow.VarflowConfig;
import dev.varflow.engine.RunStatus;
import dev.varflow.infra.StateSql;
import dev.varflow.messages.Json;
import dev.varflow.messages.RunEvent;

/**
 * Closes the start window: a coordinator that dies after writing a run's row and before Kafka acknowledged the run's
 * start records leaves a run RUNNING that no gate will ever hear of. Every {@code varflow.start-sweep.interval} each
 * coordinator takes runs that are RUNNING, not started and older than {@code grace} (one coordinator per run and
 * grace period: the claim is one UPDATE with SKIP LOCKED) and sends their stored start variables and RUN_STARTED
 * again. That is harmless when the first records did arrive after all: variables keep their first value and claims
 * are unique, so the gate changes nothing but a second RUN_STARTED line in the history. Runs written before start
 * variables were stored cannot be started again: they fail, saying why.
 */
@ApplicationScoped
public class StartSweep {

    private static final Logger LOG = Logger.getLogger(StartSweep.class);
    private static final TypeReference<LinkedHashMap<String, String>> VARS = new TypeReference<>() {
    };
    private static final String RUNNING = StateSql.literal(RunStatus.RUNNING);
    /** Uses runs_status_idx (status, created_at): only live runs older than the grace are looked at. */
    static final String CLAIM = "UPDATE runs r SET start_resent_at = now() FROM (SELECT id FROM runs WHERE status = "
            + RUNNING + " AND NOT started AND created_at < now() - make_interval(secs => $1) AND (start_resent_at "
            + "IS NULL OR start_resent_at < now() - make_interval(secs => $1)) ORDER BY created_at LIMIT $2 "
            + "FOR UPDATE SKIP LOCKED) due WHERE r.id = due.id RETURNING r.id, r.start_vars";
    static final String FAIL = "UPDATE runs r SET status = " + StateSql.literal(RunStatus.FAILED) + ", finished_at = "
            + "now(), error = v.e FROM unnest($1::text[], $2::text[]) AS v(i, e) WHERE r.id = v.i AND r.status = "
            + RUNNING + " AND NOT r.started";
    static final String NO_START_VARS = "Expected to send this run's start records again (they never reached Kafka), "
            + "but it was written before start variables were stored with runs; start it again";
    static final String UNREADABLE_START_VARS = "Expected this run's stored start variables to be a JSON object of "
            + "strings, to send its start records again (they never reached Kafka), but they are not; start it again";
    private static final Duration PASS_TIMEOUT = Duration.ofMinutes(2);

    private final Pool pool;
    private final EventPublisher publisher;
    private final VarflowConfig.StartSweep config;
    private ScheduledExecutorService timer;

    public StartSweep(Pool pool, EventPublisher publisher, VarflowConfig config) {
        this.pool = pool;
        this.publisher = publisher;
        this.config = config.startSweep();
    }

    /** The outcome of one pass: runs whose start records were sent again, and runs failed for want of them. */
    public record Swept(List<String> republished, List<String> failed) {
    }

    /** Starts sweeping on its own thread, unless disabled. */
    public synchronized void start() {
        if (!config.enabled() || timer != null) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "varflow-start-sweep");
            thread.setDaemon(true);
            return thread;
        });
        long millis = Math.max(100, config.interval().toMillis());
        timer.scheduleWithFixedDelay(this::sweepQuietly, millis, millis, TimeUnit.MILLISECONDS);
    }

    public synchronized void stop() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }

    private void sweepQuietly() {
        try {
            Swept swept = sweep().await().atMost(PASS_TIMEOUT);
            if (!swept.republished().isEmpty() || !swept.failed().isEmpty()) {
                LOG.infof("start sweep: sent the start records of %d runs again, failed %d runs without stored start "
                        + "variables", swept.republished().size(), swept.failed().size());
            }
        } catch (RuntimeException e) {
            // PostgreSQL or Kafka is away for a moment: claimed runs come back after the grace, others next pass.
            LOG.warnf("start sweep failed; trying again in %s: %s", config.interval(), e.getMessage());
        }
    }

    /** One pass: claims the due runs, sends their start records again, fails those without stored variables. */
    public Uni<Swept> sweep() {
        double graceSeconds = config.grace().toMillis() / 1000.0;
        return pool.preparedQuery(CLAIM).execute(Tuple.of(graceSeconds, config.maxRuns())).flatMap(rows -> {
            List<RunEvent> events = new ArrayList<>();
            List<String> republished = new ArrayList<>();
            Map<String, String> failed = new LinkedHashMap<>();
            for (Row row : rows) {
                String runId = row.getString("id");
                String vars = row.getString("start_vars");
                Map<String, String> seed = vars == null ? null : vars(vars);
                if (seed == null) {
                    failed.put(runId, vars == null ? NO_START_VARS : UNREADABLE_START_VARS);
                } else {
                    events.addAll(RunService.startEvents(runId, seed));
                    republished.add(runId);
                }
            }
            Uni<Void> fail = failed.isEmpty() ? Uni.createFrom().voidItem()
                    : pool.preparedQuery(FAIL).execute(Tuple.of(failed.keySet().toArray(String[]::new),
                            failed.values().toArray(String[]::new))).replaceWithVoid();
            Uni<Void> send = events.isEmpty() ? Uni.createFrom().voidItem() : publisher.publish(events);
            return fail.chain(() -> send).replaceWith(new Swept(republished, List.copyOf(failed.keySet())));
        });
    }

    /** The stored form of a run's start variables. */
    static String json(Map<String, String> seed) {
        return new String(Json.write(seed), StandardCharsets.UTF_8);
    }

    /** The stored variables, or null when they are not a JSON object of strings (a row edited by hand). */
    private static Map<String, String> vars(String json) {
        try {
            Map<String, String> vars = Json.mapper().readValue(json, VARS);
            return vars == null || vars.containsValue(null) ? null : vars;
        } catch (JsonProcessingException e) {
            LOG.warnf("unreadable start_vars: %s", e.getOriginalMessage());
            return null;
        }
    }
}
