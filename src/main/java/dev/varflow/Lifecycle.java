package dev.varflow;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

import dev.varflow.coordinator.RunObserver;
import dev.varflow.coordinator.RunRequestService;
import dev.varflow.gate.GateService;
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
    private final Duration grace;
    private volatile boolean ready;

    public Lifecycle(Roles roles, TopicInitializer topics, GateService gate, WorkerService worker,
            RunObserver observer, RunRequestService runRequests, @ConfigProperty(name = "varflow.worker.shutdown-grace", defaultValue = "30s")
            Duration grace) {
        this.roles = roles;
        this.topics = topics;
        this.gate = gate;
        this.worker = worker;
        this.observer = observer;
        this.runRequests = runRequests;
        this.grace = grace;
    }

    void onStart(@Observes StartupEvent event) {
        topics.ensureTopics();
        if (roles.has(Roles.COORDINATOR)) {
            observer.start();
            runRequests.start();
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
        runRequests.stop();
        gate.stop();
        observer.stop();
    }

    public boolean isReady() {
        return ready;
    }
}
