package dev.varflow.gate;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.varflow.VarflowConfig;
import dev.varflow.infra.KafkaClients;
import dev.varflow.infra.VarflowMetrics;
import dev.varflow.infra.TopicInitializer;
import dev.varflow.infra.Tracing;

/** Starts and stops the gate role's consumer loop. */
@ApplicationScoped
public class GateService {

    private static final Logger LOG = Logger.getLogger(GateService.class);
    static final String GROUP = "varflow-gate";

    private final KafkaClients clients;
    private final GateProcessor processor;
    private final GateStore store;
    private final VarflowConfig config;
    private final TopicInitializer topics;
    private final VarflowMetrics metrics;
    private final Tracing tracing;
    private GateLoop loop;

    public GateService(KafkaClients clients, GateProcessor processor, GateStore store, VarflowConfig config,
            TopicInitializer topics, VarflowMetrics metrics, Tracing tracing) {
        this.metrics = metrics;
        this.tracing = tracing;
        this.clients = clients;
        this.processor = processor;
        this.store = store;
        this.config = config;
        this.topics = topics;
    }

    public synchronized void start() {
        String id = "gate-" + ProcessHandle.current().pid();
        loop = new GateLoop(clients.consumer(GROUP, id, config.gate().maxBatch()), clients.producer(id), processor,
                store, config.topics().events(), config.topics().control(), topics, metrics, tracing);
        loop.start();
        LOG.info("gate started");
    }

    public synchronized void stop() {
        if (loop != null) {
            loop.stop(Duration.ofSeconds(30));
            loop = null;
        }
    }

    public boolean isHealthy() {
        return loop == null || loop.isHealthy();
    }
}
