package dev.varflow.coordinator.schedule;

import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.varflow.VarflowConfig;
import dev.varflow.coordinator.RunService;

/** Runs this coordinator's {@link Scheduler} on its own thread, polling at {@code varflow.scheduler.poll}. */
@ApplicationScoped
public class SchedulerService {

    private static final Logger LOG = Logger.getLogger(SchedulerService.class);

    private final ScheduleTicks ticks;
    private final RunService runs;
    private final VarflowConfig.Scheduler config;
    private ScheduledExecutorService executor;

    public SchedulerService(ScheduleTicks ticks, RunService runs, VarflowConfig config) {
        this.ticks = ticks;
        this.runs = runs;
        this.config = config.scheduler();
    }

    /** Starts polling, unless disabled. */
    public synchronized void start() {
        if (!config.enabled() || executor != null) {
            return;
        }
        Scheduler scheduler = new Scheduler(ticks, runs, Clock.systemUTC(), config.grace());
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "varflow-scheduler");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(() -> {
            try {
                scheduler.poll();
            } catch (Throwable e) {
                LOG.warnf(e, "scheduler pass failed; trying again in %s", config.poll());
            }
        }, 0, config.poll().toMillis(), TimeUnit.MILLISECONDS);
    }

    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }
}
