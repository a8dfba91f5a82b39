package dev.varflow.engine;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

import dev.varflow.workflow.CronExpression;

/**
 * Which ticks of a schedule to fire, looking at the ticks since the scheduler last looked: a tick younger than the
 * grace period fires (late but on time); older ones were missed (the scheduler was down) and start nothing, except
 * that with {@code runOnce} the latest missed tick fires as one catch-up run.
 *
 * @param fire ticks to start runs for, oldest first
 */
public record TickPlan(List<Instant> fire) {

    /**
     * Where a scheduler that has not looked at a schedule yet starts counting its ticks: after the latest tick claimed
     * for it, but never before its registration, so that a schedule registered at 14:17:02 fires first at 14:18:00,
     * not for 14:17:00, and a new version (another cron) catches up nothing of the version before.
     *
     * @param lastClaimed the latest tick claimed in the store, or null when none ever was
     * @param registeredAt when the workflow's latest version was registered
     */
    public static Instant resumeFrom(Instant lastClaimed, Instant registeredAt) {
        return lastClaimed == null || lastClaimed.isBefore(registeredAt) ? registeredAt : lastClaimed;
    }

    /** Plans the ticks in {@code (lastSeen, now]}. */
    public static TickPlan plan(CronExpression cron, ZoneId zone, boolean runOnce, Instant lastSeen, Instant now,
            Duration grace) {
        Instant onTimeFrom = now.minus(grace);
        // The latest missed tick is found directly, so a dense schedule after a long downtime costs no more than
        // the ticks of one grace period.
        Instant latestMissed = null;
        if (onTimeFrom.isAfter(lastSeen)) {
            ZonedDateTime missed = cron.previous(onTimeFrom.atZone(zone));
            if (missed != null && missed.toInstant().isAfter(lastSeen)) {
                latestMissed = missed.toInstant();
            }
        }
        List<Instant> fire = new ArrayList<>();
        ZonedDateTime t = cron.next((latestMissed == null ? lastSeen : latestMissed).atZone(zone));
        while (t != null && !t.toInstant().isAfter(now)) {
            if (t.toInstant().isBefore(onTimeFrom)) {
                latestMissed = t.toInstant();
            } else {
                fire.add(t.toInstant());
            }
            t = cron.next(t);
        }
        if (runOnce && latestMissed != null) {
            fire.add(0, latestMissed);
        }
        return new TickPlan(List.copyOf(fire));
    }
}
