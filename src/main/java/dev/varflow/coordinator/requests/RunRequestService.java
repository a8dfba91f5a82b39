package dev.varflow.coordinator.requests;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import dev.varflow.VarflowConfig;
import dev.varflow.coordinator.RunService;
import dev.varflow.infra.KafkaClients;

/** Starts and stops the coordinator's consumer of run requests. */
@ApplicationScoped
public class RunRequestService {

    static final String GROUP = "varflow-coordinator";

    private final KafkaClients clients;
    private final RunService runs;
    private final VarflowConfig config;
    private volatile RunRequestConsumer consumer;

    public RunRequestService(KafkaClients clients, RunService runs, VarflowConfig config) {
        this.clients = clients;
        this.runs = runs;
        this.config = config;
    }

    public synchronized void start() {
        String id = "coordinator-" + ProcessHandle.current().pid();
        consumer = new RunRequestConsumer(clients.consumer(GROUP, id, 100), clients.producer(id + "-dlq"), runs,
                config.topics().runRequests(), config.topics().runRequestsDeadLetter());
        consumer.start();
    }

    public synchronized void stop() {
        if (consumer != null) {
            consumer.stop(Duration.ofSeconds(10));
            consumer = null;
        }
    }

    public boolean isHealthy() {
        return intakeProblem() == null;
    }

    /** Why run requests are not being taken in (consumer dead or stuck), or null when they are (or not consumed). */
    public String intakeProblem() {
        RunRequestConsumer current = consumer;
        return current == null ? null : current.problem();
    }
}
