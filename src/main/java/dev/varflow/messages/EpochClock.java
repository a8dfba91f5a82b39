package dev.varflow.messages;

import java.time.Instant;

/** Wall-clock time in epoch microseconds, the precision task timestamps are stored with. */
public final class EpochClock {

    private EpochClock() {
    }

    public static long micros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }
}
