package dev.varflow.coordinator.schedule;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jboss.logging.Logger;

import io.quarkus.vertx.VertxContextSupport;

import dev.varflow.coordinator.BadRequestException;
import dev.varflow.coordinator.InvalidWorkflowException;
import dev.varflow.coordinator.NotFoundException;
import dev.varflow.coordinator.RunService;
import dev.varflow.coordinator.StartRunRequest;
import dev.varflow.coordinator.auth.Caller;
import dev.varflow.engine.TickPlan;
import dev.varflow.workflow.Schedule;

/**
 * Starts the runs of scheduled workflows (latest registered version) at each tick. Every coordinator runs one; a
 * tick starts a run only for the scheduler whose insert into {@code schedule_ticks} won, and the run id is derived
 * from (workflow, tick), so a crash between claiming a tick and starting its run is repaired by starting the same
 * run again later.
 */
public final class Scheduler {

    private static final Logger LOG = Logger.getLogger(Scheduler.class);

    private final ScheduleTicks ticks;
    private final RunService runs;
    private final Clock clock;
    private final Duration grace;
    private final Map<String, Instant> lastSeen = new HashMap<>();

    public Scheduler(ScheduleTicks ticks, RunService runs, Clock clock, Duration grace) {
        this.ticks = ticks;
        this.runs = runs;
        this.clock = clock;
        this.grace = grace;
    }

    /** The run a tick stands for. */
    public static String runIdFor(String workflow, Instant tick) {
        return UUID.nameUUIDFromBytes(("varflow-schedule:" + workflow + "@" + tick)
                .getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** One pass: starts the runs of due ticks this scheduler wins, and of claimed ticks whose run never started. */
    public void poll() throws Throwable {
        Instant now = clock.instant();
        for (ScheduleTicks.ClaimedTick orphan : await(ticks::unstarted)) {
            start(orphan.workflow(), orphan.tick(), orphan.runId(), Map.of());
        }
        Map<String, ScheduleTicks.ScheduledVersion> versions = await(ticks::scheduledWorkflows);
        for (Map.Entry<String, ScheduleTicks.ScheduledVersion> workflow : versions.entrySet()) {
            Optional<Schedule> schedule = Schedule.of(workflow.getValue().source());
            if (schedule.isPresent()) {
                fireDue(workflow.getKey(), schedule.get(), workflow.getValue().registeredAt(), now);
            }
        }
    }

    private void fireDue(String workflow, Schedule schedule, Instant registeredAt, Instant now) throws Throwable {
        Instant seen = lastSeen.get(workflow);
        if (seen == null) {
            // First look of this scheduler: resume where the schedule's claimed ticks end (durable across restarts),
            // never before the latest version's registration.
            Instant last = await(() -> ticks.lastTick(workflow));
            seen = TickPlan.resumeFrom(last, registeredAt);
        }
        TickPlan plan = TickPlan.plan(schedule.cron(), schedule.zone(),
                schedule.missed() == Schedule.Missed.RUN_ONCE, seen, now, grace);
        for (Instant tick : plan.fire()) {
            String runId = runIdFor(workflow, tick);
            if (await(() -> ticks.claim(workflow, tick, runId))) {
                start(workflow, tick, runId, schedule.vars());
            }
        }
        lastSeen.put(workflow, now);
    }

    private void start(String workflow, Instant tick, String runId, Map<String, String> vars) throws Throwable {
        Map<String, String> startVars = vars.isEmpty() ? varsOf(workflow) : vars;
        try {
            await(() -> runs.start(new StartRunRequest(workflow, null, startVars, null), runId,
                    Caller.schedule(workflow)));
            LOG.infof("schedule of %s: tick %s started run %s", workflow, tick, runId);
        } catch (InvalidWorkflowException | BadRequestException | NotFoundException e) {
            LOG.warnf("schedule of %s: tick %s cannot start a run: %s", workflow, tick, e.getMessage());
            await(() -> ticks.abandon(workflow, tick));
        }
    }

    /** The schedule's vars of a workflow, for restarting an orphaned tick. */
    private Map<String, String> varsOf(String workflow) throws Throwable {
        ScheduleTicks.ScheduledVersion version = await(ticks::scheduledWorkflows).get(workflow);
        return version == null ? Map.of() : Schedule.of(version.source()).map(Schedule::vars).orElse(Map.of());
    }

    private static <T> T await(java.util.function.Supplier<io.smallrye.mutiny.Uni<T>> work) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(work);
    }
}
