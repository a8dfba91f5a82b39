package dev.varflow.infra;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Varflow's own meters (Prometheus format at {@code /q/metrics}). Meters are created once and cached per tag
 * value, so the hot paths only increment.
 */
@ApplicationScoped
public class VarflowMetrics {

    private final MeterRegistry registry;
    private final Map<String, Counter> started = new ConcurrentHashMap<>();
    private final Map<String, Counter> succeeded = new ConcurrentHashMap<>();
    private final Map<String, Counter> failed = new ConcurrentHashMap<>();
    private final Map<String, Counter> runsFinished = new ConcurrentHashMap<>();
    private final Timer activationLatency;
    private final DistributionSummary batchSize;
    private final Timer batchDuration;

    public VarflowMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.activationLatency = Timer.builder("varflow.activation.latency")
                .description("Time from the gate's claim of a task to its start on a worker")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(60)).register(registry);
        this.batchSize = DistributionSummary.builder("varflow.gate.batch.size").baseUnit("events")
                .description("Events handled per gate batch (one state-store transaction)")
                .publishPercentileHistogram().minimumExpectedValue(1.0).maximumExpectedValue(10_000.0)
                .register(registry);
        this.batchDuration = Timer.builder("varflow.gate.batch.duration")
                .description("Gate batch time: transaction, publishing the activations and their acknowledgements")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(60)).register(registry);
    }

    /** A worker started an attempt of a task of this plugin. */
    public void taskStarted(String plugin) {
        counter(started, "varflow.tasks.started", "Task attempts started by this worker", plugin).increment();
    }

    /** A worker finished an attempt; any outcome but SUCCEEDED counts as failed. */
    public void taskFinished(String plugin, boolean success) {
        if (success) {
            counter(succeeded, "varflow.tasks.succeeded", "Task attempts that succeeded on this worker", plugin)
                    .increment();
        } else {
            counter(failed, "varflow.tasks.failed", "Task attempts that failed (or timed out) on this worker",
                    plugin).increment();
        }
    }

    /** Claim-to-start latency of an activation, from the gate's clock to this worker's. */
    public void activationStarted(long activatedAtMillis) {
        activationLatency.record(Math.max(0, System.currentTimeMillis() - activatedAtMillis), TimeUnit.MILLISECONDS);
    }

    /** One gate batch: how many events and how long it took. */
    public void gateBatch(int events, long nanos) {
        batchSize.record(events);
        batchDuration.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** The gate finished a run with this status. */
    public void runFinished(String status) {
        runsFinished.computeIfAbsent(status, s -> Counter.builder("varflow.runs.finished")
                .description("Runs finished by the gates, by final status").tag("status", s).register(registry))
                .increment();
    }

    /** A consumed activation or control record refused as unsigned or forged (never executed). */
    public void recordRejected(String reason) {
        Counter.builder("varflow.records.rejected")
                .description("Activations and control records refused as unsigned or tampered, by reason")
                .tag("reason", reason).register(registry).increment();
    }

    private Counter counter(Map<String, Counter> cache, String name, String description, String plugin) {
        String key = plugin == null ? "unknown" : plugin;
        Counter counter = cache.get(key);
        if (counter == null) {
            counter = cache.computeIfAbsent(key, p -> Counter.builder(name).description(description)
                    .tag("plugin", p).register(registry));
        }
        return counter;
    }
}
