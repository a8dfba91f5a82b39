package dev.varflow.worker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import dev.varflow.messages.RunEvent;

/**
 * Reports an attempt's start exactly once: as a TASK_STARTED record once the attempt has run for {@link #DELAY}
 * (so the run view shows it RUNNING and a crash leaves the attempt counted), or, for an attempt that finishes
 * sooner, folded into its TASK_FINISHED. Short tasks thus cost one record and one gate update instead of two.
 */
final class StartReport {

    /** How long an attempt runs before its start is reported on its own. */
    static final Duration DELAY = Duration.ofMillis(5);

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "varflow-start-reports");
        thread.setDaemon(true);
        return thread;
    });

    private final Runnable sendStarted;
    private boolean reported;
    private ScheduledFuture<?> timer;

    StartReport(Runnable sendStarted) {
        this.sendStarted = sendStarted;
    }

    /** Sends TASK_STARTED after {@code delay} unless the attempt finished first. */
    synchronized void sendAfter(Duration delay) {
        if (!reported) {
            timer = TIMER.schedule(this::sendNow, delay.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    /** Sends TASK_STARTED now unless the start was reported already. */
    synchronized void sendNow() {
        if (!reported) {
            reported = true;
            // Sent under the lock, so it is always handed to the producer before the attempt's TASK_FINISHED.
            sendStarted.run();
        }
    }

    /** The attempt's outcome records, with the start folded into TASK_FINISHED when it was not reported yet. */
    synchronized List<RunEvent> fold(List<RunEvent> events) {
        if (reported) {
            return events;
        }
        reported = true;
        if (timer != null) {
            timer.cancel(false);
        }
        List<RunEvent> folded = new ArrayList<>(events.size());
        for (RunEvent event : events) {
            folded.add(event instanceof RunEvent.TaskFinished finished ? finished.withStart() : event);
        }
        return folded;
    }
}
