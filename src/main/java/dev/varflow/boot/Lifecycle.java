package dev.varflow.boot;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

import dev.varflow.Roles;
import dev.varflow.coordinator.RunObserver;
import dev.varflow.coordinator.StartSweep;
import dev.varflow.coordinator.requests.RunRequestService;
import dev.varflow.coordinator.schedule.SchedulerService;
import dev.varflow.gate.GateService;
import dev.varflow.infra.RecordSigning;
import dev.varflow.infra.TopicInitializer;
import dev.varflow.worker.WorkerService;

/** Starts the roles this process plays once the application is up, and stops them gracefully on SIGTERM. */
@ApplicationScoped
public class Lifecycle {

    private static final Logger LOG = Logger.getLogger(Lifecycle.class);

    private final Roles roles;
    private final TopicInitializer topics;
    private final GateService gate;
    private final WorkerService worker;
    private final RunObserver observer;
    private final RunRequestService runRequests;
    private final SchedulerService scheduler;
    private final Duration grace;
    private final RecordSigning signing;
    private final StartSweep startSweep;
    private volatile boolean ready;

    public Lifecycle(Roles roles, TopicInitializer topics, GateService gate, WorkerService worker,
            RunObserver observer, RunRequestService runRequests, SchedulerService scheduler,
            @ConfigProperty(name = "varflow.worker.shutdown-grace", defaultValue = "30s") Duration grace,
            RecordSigning signing, StartSweep startSweep) {
        this.signing = signing;
        this.startSweep = startSweep;
        this.scheduler = scheduler;
        this.roles = roles;
        this.topics = topics;
        this.gate = gate;
        this.worker = worker;
        this.observer = observer;
        this.runRequests = runRequests;
        this.grace = grace;
    }

    void onStart(@Observes StartupEvent event) {
        // Every role signs or verifies records: without a key, nothing starts (fail closed).
        signing.signer();
        topics.ensureTopics();
        if (roles.has(Roles.COORDINATOR)) {
            observer.start();
            runRequests.start();
            scheduler.start();
            startSweep.start();
        }
        if (roles.has(Roles.GATE)) {
            gate.start();
        }
        if (roles.has(Roles.WORKER)) {
            worker.start();
        }
        ready = true;
        LOG.infof("varflow ready, roles: %s", roles);
    }

    void onStop(@Observes ShutdownEvent event) {
        ready = false;
        worker.stop(grace);
        scheduler.stop();
        startSweep.stop();
        runRequests.stop();
        gate.stop();
        observer.stop();
    }

    public boolean isReady() {
        return ready;
    }
}
