package bench.dbscheduler;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.ExecutionContext;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;

/**
 * The workload of Varflow's bench on db-scheduler, the seed-004 design: each task of {@code S -> A -> B1..B4 -> C
 * (join) -> D -> E -> F} is a one-time task (instance {@code run/TASK}); its execution records the task row and
 * the join counter in one transaction, then schedules its successors to run now, and db-scheduler persists every
 * execution's state (scheduled, picked, deleted on completion). C is scheduled by the branch whose increment of the
 * run's join counter reaches four.
 */
final class Chain {

    private static final Map<String, List<String>> NEXT = Map.of("S", List.of("A"),
            "A", List.of("B1", "B2", "B3", "B4"), "C", List.of("D"), "D", List.of("E"), "E", List.of("F"));

    private final DataSource db;
    private final OneTimeTask<Void> task;
    private final AtomicInteger finishedRuns = new AtomicInteger();
    private final Map<String, CountDownLatch> waiting = new ConcurrentHashMap<>();
    private volatile Scheduler scheduler;

    Chain(DataSource db) {
        this.db = db;
        this.task = Tasks.oneTime("step").execute(this::execute);
    }

    OneTimeTask<Void> task() {
        return task;
    }

    void use(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    int finishedRuns() {
        return finishedRuns.get();
    }

    /** Creates the run's row and schedules its S now. */
    void start(String runId) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO runs (id, status, created_at) VALUES (?, 'RUNNING', ?)")) {
            insert.setString(1, runId);
            insert.setTimestamp(2, Timestamp.from(now()));
            insert.executeUpdate();
        }
        scheduler.schedule(task.instance(runId + "/S"), Instant.now());
    }

    /** Starts a run and waits until its F finished. */
    void startAndWait(String runId) throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        waiting.put(runId, done);
        start(runId);
        done.await();
        waiting.remove(runId);
    }

    private void execute(TaskInstance<Void> instance, ExecutionContext context) {
        Instant started = now();
        String id = instance.getId();
        int slash = id.indexOf('/');
        String runId = id.substring(0, slash);
        String name = id.substring(slash + 1);
        // The no-op task itself: nothing between its start and its finish.
        Instant finished = now();
        List<String> next;
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement row = c.prepareStatement(
                    "INSERT INTO task_runs (run_id, task, state, started_at, finished_at) VALUES (?, ?, 'SUCCEEDED', ?, ?)")) {
                row.setString(1, runId);
                row.setString(2, name);
                row.setTimestamp(3, Timestamp.from(started));
                row.setTimestamp(4, Timestamp.from(finished));
                row.executeUpdate();
            }
            next = name.startsWith("B") ? join(c, runId) : NEXT.getOrDefault(name, List.of());
            if (name.equals("F")) {
                try (PreparedStatement end = c.prepareStatement(
                        "UPDATE runs SET status = 'SUCCEEDED', finished_at = ? WHERE id = ?")) {
                    end.setTimestamp(1, Timestamp.from(now()));
                    end.setString(2, runId);
                    end.executeUpdate();
                }
            }
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("Expected to record task " + id + ", but: " + e.getMessage(), e);
        }
        // Scheduled outside the transaction, as immediate execution requires (the row must be visible).
        for (String successor : next) {
            scheduler.schedule(task.instance(runId + "/" + successor), Instant.now());
        }
        if (name.equals("F")) {
            finishedRuns.incrementAndGet();
            CountDownLatch done = waiting.get(runId);
            if (done != null) {
                done.countDown();
            }
        }
    }

    /** The branch whose finish completes the join schedules C. */
    private static List<String> join(Connection c, String runId) throws SQLException {
        try (PreparedStatement inc = c.prepareStatement(
                "UPDATE runs SET joined = joined + 1 WHERE id = ? RETURNING joined")) {
            inc.setString(1, runId);
            try (ResultSet rs = inc.executeQuery()) {
                rs.next();
                return rs.getInt(1) == 4 ? List.of("C") : List.of();
            }
        }
    }

    /** Wall clock with microseconds, like Varflow's workers (EpochClock). */
    static Instant now() {
        Instant now = Instant.now();
        return now.minusNanos(now.getNano() % 1000);
    }
}
