package dev.varflow.coordinator.schedule;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The scheduler's view of the state store. A tick is claimed by inserting it; the insert that wins is the only one
 * that starts a run, so with any number of coordinators each tick starts one run.
 */
@ApplicationScoped
public class ScheduleTicks {

    private final Pool pool;

    public ScheduleTicks(Pool pool) {
        this.pool = pool;
    }

    /** The latest version of every registered workflow that has a schedule key, by name. */
    public Uni<Map<String, ScheduledVersion>> scheduledWorkflows() {
        return pool.query("SELECT DISTINCT ON (name) name, source, created_at FROM workflows "
                        + "ORDER BY name, version DESC")
                .execute()
                .map(rows -> {
                    Map<String, ScheduledVersion> versions = new LinkedHashMap<>();
                    rows.forEach(r -> {
                        if (r.getString(1).contains("schedule")) {
                            versions.put(r.getString(0), new ScheduledVersion(r.getString(1),
                                    r.getOffsetDateTime(2).toInstant()));
                        }
                    });
                    return versions;
                });
    }

    /** The latest tick any coordinator claimed for the workflow, or null. */
    public Uni<Instant> lastTick(String workflow) {
        return pool.preparedQuery("SELECT max(tick) FROM schedule_ticks WHERE workflow_name = $1")
                .execute(Tuple.of(workflow))
                .map(rows -> {
                    OffsetDateTime tick = rows.iterator().next().getOffsetDateTime(0);
                    return tick == null ? null : tick.toInstant();
                });
    }

    /** Claims a tick for a run; true only for the one caller whose insert won. */
    public Uni<Boolean> claim(String workflow, Instant tick, String runId) {
        return pool.preparedQuery("INSERT INTO schedule_ticks (workflow_name, tick, run_id) VALUES ($1, $2, $3) "
                        + "ON CONFLICT DO NOTHING")
                .execute(Tuple.of(workflow, tick.atOffset(ZoneOffset.UTC), runId))
                .map(result -> result.rowCount() == 1);
    }

    /** Claimed ticks of the last day whose run does not exist: the claimer died before starting it. */
    public Uni<List<ClaimedTick>> unstarted() {
        return pool.query("SELECT t.workflow_name, t.tick, t.run_id FROM schedule_ticks t "
                        + "LEFT JOIN runs r ON r.id = t.run_id WHERE t.run_id IS NOT NULL AND r.id IS NULL "
                        + "AND t.tick > now() - interval '1 day' AND t.tick < now() - interval '5 seconds'")
                .execute()
                .map(rows -> {
                    List<ClaimedTick> ticks = new ArrayList<>();
                    rows.forEach(r -> ticks.add(new ClaimedTick(r.getString(0), r.getOffsetDateTime(1).toInstant(),
                            r.getString(2))));
                    return ticks;
                });
    }

    /** Gives up on a tick whose run cannot start (the workflow rejects it); it is kept, without a run. */
    public Uni<Void> abandon(String workflow, Instant tick) {
        return pool.preparedQuery("UPDATE schedule_ticks SET run_id = NULL WHERE workflow_name = $1 AND tick = $2")
                .execute(Tuple.of(workflow, tick.atOffset(ZoneOffset.UTC)))
                .replaceWithVoid();
    }

    /** The source of a workflow's latest version and when it was registered. */
    public record ScheduledVersion(String source, Instant registeredAt) {
    }

    /** A tick some coordinator claimed, with the run it stands for. */
    public record ClaimedTick(String workflow, Instant tick, String runId) {
    }
}
