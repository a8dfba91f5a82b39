package dev.varflow;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Varflow's own settings, under the {@code varflow.} prefix. */
@ConfigMapping(prefix = "varflow")
public interface VarflowConfig {

    /**
     * Roles this process runs, comma separated: any of coordinator, gate, worker. {@code worker:cmd,df} restricts
     * the worker to those plugins (names after {@code worker:} that are not roles are plugins).
     */
    @WithDefault("coordinator,gate,worker")
    String roles();

    Topics topics();

    Worker worker();

    Gate gate();

    Attica attica();

    Permissions permissions();

    Api api();

    /** Folder with third-party plugin jars and executable plugins. */
    @WithDefault("plugins")
    String pluginsDir();

    /** Folder under which each task attempt gets its working directory. */
    @WithDefault("${java.io.tmpdir}/varflow-work")
    String workDir();

    /** Largest accepted variable value in bytes (UTF-8); a bigger one fails the task that emits it. */
    @WithDefault("65536")
    int maxVariableBytes();

    /** Most items one fan-out task ({@code foreach:}) may have; a wider list fails the task. */
    @WithDefault("1000")
    int maxFanoutWidth();

    Scheduler scheduler();

    StartSweep startSweep();

    /**
     * The coordinator's start sweep: a run whose row was written but whose start records never reached Kafka (its
     * coordinator died in between) is started again from the start variables stored with it.
     */
    interface StartSweep {
        /** Whether this coordinator sweeps (any number of coordinators may; each run is taken by one at a time). */
        @WithDefault("true")
        boolean enabled();

        /** How often the sweep looks for runs whose start did not arrive. */
        @WithDefault("30s")
        java.time.Duration interval();

        /**
         * How old an unstarted run must be before its start records are sent again, and how long before they are
         * sent once more. Keep it above the Kafka producer's {@code delivery.timeout.ms} (2 minutes by default), so
         * a start whose coordinator is still waiting for Kafka is not swept; sending twice is harmless, only wasted.
         */
        @WithDefault("3m")
        java.time.Duration grace();

        /** Most runs one pass takes; the rest wait for the next pass. */
        @WithDefault("500")
        int maxRuns();
    }

    Faults faults();

    /**
     * Fault injection for crash tests (docs/operations.md#fault-injection), all off by default. Never arm one in
     * production: an armed point kills the process on purpose.
     */
    interface Faults {
        /**
         * Halts the coordinator ({@code Runtime.halt}, no shutdown hook: like SIGKILL) right after it wrote a new
         * run's row and before it sent the run's start records to Kafka: the window the start sweep closes.
         */
        @WithDefault("false")
        boolean dieAfterRunInsert();
    }

    Workflows workflows();

    /** What workflow files may read from the process that loads them. */
    interface Workflows {
        /**
         * Prefixes of the process variables {@code {{ENV:NAME}}} may read (comma separated); any other reference
         * is a validation error, so a workflow cannot copy the coordinator's own secrets into run variables.
         */
        @WithDefault("VARFLOW_WF_")
        List<String> envPrefix();
    }

    Security security();

    /** Authentication of Varflow's own Kafka records (docs/security.md). */
    interface Security {
        /**
         * Base64 key (at least 32 random bytes, the same in every process) under which gates and coordinators sign
         * activations and control records and workers verify them; no role starts without it. The one-process mode
         * makes a random one when unset. Environment: {@code VARFLOW_SECURITY_RECORD_KEY}.
         */
        java.util.Optional<String> recordKey();
    }

    /**
     * Tracing (docs/operations.md): none (default, the OpenTelemetry SDK is off and nothing connects anywhere) or otlp
     * (spans go by OTLP to {@code quarkus.otel.exporter.otlp.endpoint}). Sets {@code quarkus.otel.sdk.disabled}.
     */
    @WithDefault("none")
    String tracing();

    /** Settings of the coordinator's scheduler, which starts the runs of workflows with a {@code schedule:}. */
    interface Scheduler {
        /** Whether this coordinator schedules runs. */
        @WithDefault("true")
        boolean enabled();

        /** How often the scheduler looks for due ticks. */
        @WithDefault("1s")
        java.time.Duration poll();

        /** A tick older than this when first seen was missed (see {@code missed:}); younger ones still fire. */
        @WithDefault("60s")
        java.time.Duration grace();
    }

    /** Kafka topics and their partition counts. */
    interface Topics {
        /** Variable emissions and task outcomes, keyed by run id; consumed by gates. */
        String events();

        /** Task activations, consumed by workers. */
        String activations();

        /** Run requests from external producers, consumed by coordinators. */
        String runRequests();

        /**
         * How long the run-request topic keeps records ({@code retention.ms}, set when Varflow creates the topic):
         * a request may carry an {@code AUTH_TOKEN}, which must not outlive its use by much.
         */
        @WithDefault("1h")
        java.time.Duration runRequestsRetention();

        /** Where run requests that cannot be honoured go, with the reason. */
        String runRequestsDeadLetter();

        /** Run cancellations broadcast to every worker, so they stop the run's running attempts. */
        String control();

        /** Partitions of each topic created at start (existing topics are left as they are). */
        @WithDefault("8")
        int partitions();
    }

    /**
     * Task worker settings. Each plugin has its own concurrency limit, so a plugin whose attempts are all busy
     * (say an hour of {@code touched} waits) pauses only its own activation topic, never other plugins' tasks.
     */
    interface Worker {
        /** Most attempts of one plugin running at once in this process, for plugins without their own limit. */
        @WithDefault("256")
        int concurrency();

        /**
         * Limits of single plugins, overriding {@link #concurrency()}: {@code varflow.worker.plugin-concurrency.cmd=32}
         * (environment: {@code VARFLOW_WORKER_PLUGIN_CONCURRENCY_CMD=32}). {@code touched} defaults to 100000,
         * because its waits hold no thread (see {@code plugins/FileWatchHub}). There is no cap over all plugins.
         */
        Map<String, Integer> pluginConcurrency();

        /** Name reported in task records; defaults to host name and process id. */
        Optional<String> id();

        /**
         * The one directory every task of this worker runs in, set by {@code varflow run FILE} (the directory it was
         * started from, its {@code --workdir}, or the workflow's {@code workdir:}); unset (servers), each run gets
         * its own directory under {@code varflow.work-dir}.
         */
        Optional<String> runDir();

        /** Time running tasks get on shutdown before they are left to redelivery (read by {@code Lifecycle}). */
        @WithDefault("30s")
        java.time.Duration shutdownGrace();

        WorkDir workDir();

        ProcessEnv processEnv();

        /** The environment of the processes tasks start ({@code cmd}, executable plugins). */
        interface ProcessEnv {
            /** The default allow-list: what programs need to find themselves, their home, locale and time zone. */
            String DEFAULT_ALLOW = "PATH,HOME,LANG,LANGUAGE,LC_*,TZ,TMPDIR,USER,LOGNAME,SHELL,TERM";

            /**
             * The worker's own variables a task process inherits; everything else (database passwords, OIDC
             * secrets, cloud credentials) is cleared. The task's variables are added on top.
             */
            @WithDefault(DEFAULT_ALLOW)
            List<String> allow();
        }
    }

    /**
     * Limits of the per-run work directories under {@code varflow.work-dir} on a worker: their size while tasks run,
     * and their removal once the run has finished (docs/security.md#deployment-defaults).
     */
    interface WorkDir {
        /**
         * Largest size of one run's work directory on one worker (regular files, links not followed). A task whose
         * run directory is bigger before it starts, while it runs or when it ends fails with the reason.
         */
        @WithDefault("1G")
        MemorySize maxSize();

        /** How often the directories of runs with running tasks are measured. */
        @WithDefault("1s")
        Duration checkInterval();

        /** How long a finished run's directory is kept (for a look at its files) before it is removed. */
        @WithDefault("1m")
        Duration retention();

        /** How often the worker asks the state store which runs with a directory here have finished. */
        @WithDefault("30s")
        Duration sweepInterval();
    }

    /** Gate settings. */
    interface Gate {
        /** Most records handled in one state-store transaction. */
        @WithDefault("2000")
        int maxBatch();

        /**
         * Running runs whose state the gate keeps in memory between batches (least recently used go first); a run
         * not held is read from the state store when its next record arrives. 0 turns the cache off.
         */
        @WithDefault("20000")
        int cachedRuns();

        /**
         * Consumer loops per gate process, each with its own partitions and transactions: while one waits for
         * PostgreSQL or Kafka, another works. Worth it only with spare cores (on the 2-core benchmark machine two
         * loops cost 30% more CPU per task and ran slower); more loops than partitions stay idle.
         */
        @WithDefault("1")
        int loops();
    }

    /** The Attica permission service the coordinator trades run tokens with (see docs/security.md). */
    interface Attica {
        /** POST endpoint, e.g. https://attica.tech/permissions; without it no token can be honoured. */
        Optional<String> url();

        /** How the coordinator authenticates to Attica: oidc (client-credentials bearer token) or none. */
        @WithDefault("oidc")
        String clientAuth();

        /** Named quarkus.oidc-client.&lt;name&gt; to get the bearer token from; the default client when absent. */
        Optional<String> oidcClient();

        /** Longest wait for one answer. */
        @WithDefault("2s")
        Duration timeout();

        /** Further attempts after a failed one (connection error, timeout, 5xx, 401, 429). */
        @WithDefault("2")
        int retries();

        /** Delay before the first retry; it doubles with each further retry. */
        @WithDefault("200ms")
        Duration backoff();

        /** Upper bound of the retry delay. */
        @WithDefault("2s")
        Duration maxBackoff();

        /** How long a permission set is reused for the same token (keyed by the token's SHA-256). */
        @WithDefault("60s")
        Duration cacheTtl();

        CircuitBreaker circuitBreaker();

        /** Stops calling Attica for a while after too many failed attempts. */
        interface CircuitBreaker {
            /** Attempts looked at (rolling window). */
            @WithDefault("10")
            int requestVolume();

            /** Share of failed attempts in the window that opens the breaker. */
            @WithDefault("0.5")
            double failureRatio();

            /** How long the open breaker rejects calls before letting a trial call through. */
            @WithDefault("10s")
            Duration delay();
        }
    }

    /** How workers decide whether a task may run. */
    interface Permissions {
        /**
         * Permissions granted to runs without an AUTH_TOKEN, for plugin-declared permissions only (never for
         * requires_auth or permissions.required). Empty by default; {@code *} grants every plugin permission.
         * {@code ./varflow run} sets {@code *}.
         */
        Optional<Set<String>> tokenlessGrant();
    }

    /** REST API access. */
    interface Api {
        /**
         * oidc: every request but /q/health needs an OIDC bearer token (audience {@code quarkus.oidc.token.audience})
         * with role viewer, operator or admin; none: every caller is the local admin (one-process mode, 127.0.0.1).
         */
        @WithDefault("oidc")
        String auth();

        /**
         * Lets a coordinator with {@code auth=none} listen on a non-loopback address (e.g. 0.0.0.0 inside a container
         * whose port is published on 127.0.0.1 only). Without it such a coordinator refuses to start.
         */
        @WithDefault("false")
        boolean allowInsecure();

        /**
         * How long a pause, resume, cancel or replay request waits for the run's gate to apply it. Past that the API
         * answers 202 with {@code pending: true}: the request stays on the run's partition and is applied when a
         * gate reads it.
         */
        @WithDefault("10s")
        Duration controlWait();

        /**
         * How long a run start waits for Kafka to acknowledge the run's start records. Past that (or when Kafka
         * refuses them) the start answers 503 with Retry-After and the never-started run is deleted.
         */
        @WithDefault("10s")
        Duration startWait();
    }
}
