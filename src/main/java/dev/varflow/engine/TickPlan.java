package dev.varflow.engine;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Which ticks of a schedule to fire, looking at the ticks since the scheduler last looked: a tick younger than the
 * grace period fires (late but on time); older ones were missed (the scheduler was down) and start nothing, except
 * that with {@code runOnce} the latest missed tick fires as one catch-up run.
 *
 * @param fire ticks to start runs for, oldest first
 */
public record TickPlan(List<Instant> fire) {

    /** Ticks enumerated before skipping ahead; a schedule this dense had missed ticks in the last hour anyway. */
    private static final int MAX_STEPS = 100_000;

    /** Plans the ticks in {@code (lastSeen, now]}. */
    public static TickPlan plan(CronExpression cron, ZoneId zone, boolean runOnce, Instant lastSeen, Instant now,
            Duration grace) {
        Instant onTimeFrom = now.minus(grace);
        List<Instant> fire = new ArrayList<>();
        Instant latestMissed = null;
        ZonedDateTime t = cron.next(lastSeen.atZone(zone));
        int steps = 0;
        while (t != null && !t.toInstant().isAfter(now)) {
            if (t.toInstant().isBefore(onTimeFrom)) {
                latestMissed = t.toInstant();
                if (++steps == MAX_STEPS) {
                    t = cron.next(onTimeFrom.minus(Duration.ofHours(1)).atZone(zone));
                    continue;
                }
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
