package dev.varflow.gate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.varflow.VarflowConfig;
import dev.varflow.infra.KafkaClients;
import dev.varflow.infra.RecordSigning;
import dev.varflow.infra.VarflowMetrics;
import dev.varflow.infra.TopicInitializer;
import dev.varflow.infra.Tracing;

/** Starts and stops the gate role's consumer loops. */
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
    private final RecordSigning signing;
    private final io.vertx.core.Vertx vertx;
    private final List<GateLoop> loops = new ArrayList<>();

    public GateService(KafkaClients clients, GateProcessor processor, GateStore store, VarflowConfig config,
            TopicInitializer topics, VarflowMetrics metrics, Tracing tracing, RecordSigning signing,
            io.vertx.core.Vertx vertx) {
        this.signing = signing;
        this.vertx = vertx;
        this.metrics = metrics;
        this.tracing = tracing;
        this.clients = clients;
        this.processor = processor;
        this.store = store;
        this.config = config;
        this.topics = topics;
    }

    /**
     * Starts {@code varflow.gate.loops} consumers in the gate group: each owns some partitions, so one loop's
     * transaction overlaps another's publishing and polling (a run is still handled by one loop at a time).
     */
    public synchronized void start() {
        for (int i = 1; i <= config.gate().loops(); i++) {
            String id = "gate-" + ProcessHandle.current().pid() + "-" + i;
            // One event loop per consumer loop for its transactions: the connection it takes from the pool is
            // created on that event loop and stays there, so a transaction's statements and answers never hop
            // between event loops (from a thread outside Vert.x each call would get a context of its own).
            io.vertx.core.Context context = vertx.getOrCreateContext();
            GateLoop loop = new GateLoop(clients.consumer(GROUP, id, config.gate().maxBatch()), clients.producer(id),
                    processor, store, config.topics().events(), config.topics().control(), topics, metrics, tracing,
                    signing.guard(), command -> context.runOnContext(ignored -> command.run()));
            loop.start();
            loops.add(loop);
        }
        LOG.infof("gate started (%d consumer loops)", loops.size());
    }

    public synchronized void stop() {
        loops.forEach(loop -> loop.stop(Duration.ofSeconds(30)));
        loops.clear();
    }

    public synchronized boolean isHealthy() {
        return loops.stream().allMatch(GateLoop::isHealthy);
    }
}
