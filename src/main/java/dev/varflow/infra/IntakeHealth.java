package dev.varflow.infra;

import java.time.Duration;

/**
 * Whether a consumer loop still takes in records: it is stuck when no poll came round for {@code stuckAfter} (a
 * call that hangs), or when the same record kept failing for that long (the database or broker is unreachable).
 * Thread-safe; times are {@link System#nanoTime()} values, passed in so tests need no clock.
 */
public final class IntakeHealth {

    private final long stuckAfterNanos;
    private volatile long lastRound;
    private volatile long failingSince;
    private volatile boolean failing;

    public IntakeHealth(Duration stuckAfter, long now) {
        this.stuckAfterNanos = stuckAfter.toNanos();
        this.lastRound = now;
    }

    /** The loop came round (polled, handled what it got). */
    public void round(long now) {
        lastRound = now;
    }

    /** A record failed and will be tried again; the first of a series starts the clock. */
    public void failed(long now) {
        if (!failing) {
            failingSince = now;
            failing = true;
        }
    }

    /** A record was handled (or dead-lettered): intake flows again. */
    public void flowing() {
        failing = false;
    }

    /** Why intake is stuck at {@code now}, or null when it is not. */
    public String stuck(long now) {
        if (now - lastRound > stuckAfterNanos) {
            return "no poll for " + Duration.ofNanos(now - lastRound).toSeconds() + " s";
        }
        if (failing && now - failingSince > stuckAfterNanos) {
            return "the same record has failed for " + Duration.ofNanos(now - failingSince).toSeconds() + " s";
        }
        return null;
    }
}
