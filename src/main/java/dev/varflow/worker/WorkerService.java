package dev.varflow.worker;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.varflow.infra.RunDirectories;
import dev.varflow.Roles;
import dev.varflow.VarflowConfig;
import dev.varflow.infra.KafkaClients;
import dev.varflow.infra.RecordSigning;
import dev.varflow.infra.VarflowMetrics;
import dev.varflow.infra.TopicInitializer;
import dev.varflow.infra.Tracing;
import dev.varflow.plugins.PluginRegistry;

import io.vertx.mutiny.sqlclient.Pool;

/** Starts and stops the worker role: a stateless consumer of activations for all plugins or a chosen few. */
@ApplicationScoped
public class WorkerService {

    private static final Logger LOG = Logger.getLogger(WorkerService.class);
    static final String GROUP = "varflow-worker";

    private final KafkaClients clients;
    private final VarflowConfig config;
    private final TopicInitializer topics;
    private final Roles roles;
    private final PluginRegistry plugins;
    private final VarflowMetrics metrics;
    private final Tracing tracing;
    private final Pool pool;
    private final RecordSigning signing;
    private WorkerLoop loop;
    private ControlListener control;
    private WorkDirLimit workDirLimit;
    private WorkDirSweeper workDirSweeper;

    public WorkerService(KafkaClients clients, VarflowConfig config, TopicInitializer topics, Roles roles,
            PluginRegistry plugins, VarflowMetrics metrics, Tracing tracing, Pool pool,
            RecordSigning signing) {
        this.pool = pool;
        this.signing = signing;
        this.metrics = metrics;
        this.tracing = tracing;
        this.clients = clients;
        this.config = config;
        this.topics = topics;
        this.roles = roles;
        this.plugins = plugins;
    }

    public synchronized void start() {
        String workerId = config.worker().id().orElseGet(() -> ManagementFactory.getRuntimeMXBean().getName());
        List<String> subscribed = roles.workerPlugins()
                .map(names -> names.stream().sorted().map(topics::activationTopic).toList())
                .orElse(List.of());
        topics.ensureActivationTopics(roles.workerPlugins().map(List::copyOf).orElseGet(
                () -> List.copyOf(plugins.names())));
        Pattern all = Pattern.compile(Pattern.quote(config.topics().activations() + ".") + ".+");
        Path workRoot = Path.of(config.workDir());
        var workDirs = config.worker().workDir();
        workDirLimit = new WorkDirLimit(workDirs.maxSize().asLongValue(), workDirs.checkInterval());
        workDirSweeper = new WorkDirSweeper(workRoot, pool, workDirLimit, workDirs.retention(),
                workDirs.sweepInterval());
        RunDirectories directories = config.worker().runDir().map(dir -> new RunDirectories(Path.of(dir), true))
                .orElseGet(() -> RunDirectories.perRun(workRoot));
        var executor = new TaskExecutor(plugins, directories, workerId, config.maxVariableBytes(),
                new PermissionCheck(config.permissions().tokenlessGrant().orElse(java.util.Set.of())), workDirLimit);
        var limits = new ConcurrencyLimits(config.worker().concurrency(), config.worker().pluginConcurrency(),
                topics::activationTopic);
        var consumer = clients.consumer(GROUP, workerId, config.worker().concurrency());
        loop = new WorkerLoop(consumer, clients.producer(workerId), executor, config.topics().events(), all,
                subscribed, limits, metrics, tracing, signing.guard());
        loop.start();
        control = new ControlListener(clients.consumer(null, workerId + "-control", 100), config.topics().control(),
                executor::cancelRun, signing.guard());
        control.start();
        LOG.infof("worker %s started (plugins: %s; attempts at once: %d per plugin, own limits %s)", workerId,
                roles.workerPlugins().map(Object::toString).orElse("all " + plugins.names()),
                config.worker().concurrency(), limits);
    }

    /** Graceful stop: no new work, running tasks get {@code grace} to finish, the rest is redelivered. */
    public synchronized void stop(Duration grace) {
        if (loop != null) {
            loop.drain(grace);
            loop.stop(Duration.ofSeconds(10));
            loop = null;
            control.stop(Duration.ofSeconds(5));
            control = null;
            workDirSweeper.close();
            workDirLimit.close();
        }
    }

    public boolean isHealthy() {
        return (loop == null || loop.isHealthy()) && (control == null || control.isHealthy());
    }
}
