package bench.dbscheduler;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * db-scheduler running Varflow's bench workload: a warm-up load, a load of N runs started at once, then R runs one
 * at a time on the idle system; prints the figures of bench/run.sh, last line
 * {@code tasks_per_s=... runs_per_s=... hop_p50_ms=... hop_p99_ms=... run_ms_p50=...}.
 *
 * <p>Usage: {@code Harness JDBC_URL RUNS IDLE WARMUP THREADS POLL_MS}
 */
public final class Harness {

    private static final String SCHEMA = """
            CREATE TABLE scheduled_tasks (task_name TEXT NOT NULL, task_instance TEXT NOT NULL, task_data BYTEA,
              execution_time TIMESTAMPTZ NOT NULL, picked BOOLEAN NOT NULL, picked_by TEXT,
              last_success TIMESTAMPTZ, last_failure TIMESTAMPTZ, consecutive_failures INT,
              last_heartbeat TIMESTAMPTZ, version BIGINT NOT NULL, priority SMALLINT,
              PRIMARY KEY (task_name, task_instance));
            CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time);
            CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat);
            CREATE INDEX priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC);
            CREATE TABLE runs (id TEXT PRIMARY KEY, status TEXT NOT NULL, joined INT NOT NULL DEFAULT 0,
              created_at TIMESTAMPTZ NOT NULL, finished_at TIMESTAMPTZ);
            CREATE TABLE task_runs (run_id TEXT NOT NULL, task TEXT NOT NULL, state TEXT NOT NULL,
              started_at TIMESTAMPTZ NOT NULL, finished_at TIMESTAMPTZ NOT NULL, PRIMARY KEY (run_id, task));
            """;

    private Harness() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int runs = Integer.parseInt(args[1]);
        int idle = Integer.parseInt(args[2]);
        int warmup = Integer.parseInt(args[3]);
        int threads = Integer.parseInt(args[4]);
        Duration poll = Duration.ofMillis(Long.parseLong(args[5]));
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername("postgres");
        config.setMaximumPoolSize(threads + 8);
        try (HikariDataSource db = new HikariDataSource(config)) {
            try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
                st.execute(SCHEMA);
            }
            Chain chain = new Chain(db);
            // Low latency as db-scheduler's documentation describes it: executions scheduled to now() are run at
            // once by this instance (enableImmediateExecution), a short polling interval for the rest, and the
            // lock-and-fetch polling strategy its documentation recommends on PostgreSQL for throughput.
            Scheduler scheduler = Scheduler.create(db, chain.task())
                    .threads(threads)
                    .pollingInterval(poll)
                    .pollUsingLockAndFetch(0.5, 1.0)
                    .enableImmediateExecution()
                    .registerShutdownHook()
                    .build();
            chain.use(scheduler);
            scheduler.start();
            Measures measures = new Measures(db);
            System.out.printf("db-scheduler 16.7.1: %d threads, polling every %d ms, lock-and-fetch, immediate execution%n",
                    threads, poll.toMillis());
            load(chain, "warm", warmup);
            long[] before = measures.cpuMs();
            List<String> loaded = load(chain, "load", runs);
            long[] after = measures.cpuMs();
            String[] stats = measures.load(loaded);
            long tasks = Long.parseLong(stats[2]);
            double seconds = Double.parseDouble(stats[3]);
            System.out.printf("cpu ms per 1000 tasks (load phase): db-scheduler=%d postgres=%d total=%d%n",
                    (after[0] - before[0]) * 1000 / tasks, (after[1] - before[1]) * 1000 / tasks,
                    (after[0] - before[0] + after[1] - before[1]) * 1000 / tasks);
            String[] loadHops = measures.hops(loaded);
            System.out.printf("load: %s runs started at once (%s SUCCEEDED), %d tasks in %.3f s%n", stats[1], stats[0],
                    tasks, seconds);
            System.out.printf("load hops (%s): p50 %s ms, p99 %s ms%n", loadHops[2], loadHops[0], loadHops[1]);
            List<String> single = new ArrayList<>();
            for (int i = 0; i < idle; i++) {
                String runId = "idle-" + UUID.randomUUID();
                chain.startAndWait(runId);
                single.add(runId);
            }
            String[] hops = measures.hops(single);
            String[] runMs = measures.runMs(single);
            System.out.printf("idle: %d runs one at a time, %s hops: p50 %s ms, p99 %s ms; run S..F p50 %s ms, max %s ms%n",
                    idle, hops[2], hops[0], hops[1], runMs[0], runMs[1]);
            System.out.printf("tasks_per_s=%d runs_per_s=%.1f hop_p50_ms=%s hop_p99_ms=%s run_ms_p50=%s%n",
                    Math.round(tasks / seconds), Long.parseLong(stats[1]) / seconds, hops[0], hops[1], runMs[0]);
            scheduler.stop();
        }
    }

    /** Starts {@code runs} runs from 4 threads at once (as BenchClient posts 4 batches in flight), waits for all. */
    private static List<String> load(Chain chain, String prefix, int runs) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            ids.add(prefix + "-" + UUID.randomUUID());
        }
        int target = chain.finishedRuns() + runs;
        ExecutorService starters = Executors.newFixedThreadPool(4);
        List<Future<?>> started = new ArrayList<>();
        int slice = (runs + 3) / 4;
        for (int from = 0; from < runs; from += slice) {
            List<String> part = ids.subList(from, Math.min(runs, from + slice));
            started.add(starters.submit(() -> {
                for (String id : part) {
                    chain.start(id);
                }
                return null;
            }));
        }
        for (Future<?> f : started) {
            f.get();
        }
        starters.shutdown();
        while (chain.finishedRuns() < target) {
            Thread.sleep(20);
        }
        return Collections.unmodifiableList(ids);
    }
}
