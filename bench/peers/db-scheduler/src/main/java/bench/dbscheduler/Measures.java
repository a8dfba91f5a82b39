package bench.dbscheduler;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import javax.sql.DataSource;

/** The figures of Varflow's bench/run.sh, computed the same way from the same columns. */
final class Measures {

    /** Hops: a successor's start minus the latest finish of its predecessors (bench/run.sh's query). */
    private static final String HOPS = """
            WITH pred(task, p) AS (VALUES ('A','S'),('B1','A'),('B2','A'),('B3','A'),('B4','A'),('C','B1'),('C','B2'),
              ('C','B3'),('C','B4'),('D','C'),('E','D'),('F','E')),
            h AS (SELECT extract(epoch FROM t.started_at - max(p.finished_at)) * 1000 AS ms
              FROM task_runs t JOIN pred ON pred.task = t.task
              JOIN task_runs p ON p.run_id = t.run_id AND p.task = pred.p
              WHERE t.run_id = ANY (?) GROUP BY t.run_id, t.task, t.started_at)
            SELECT round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ms)::numeric, 2),
                   round(percentile_cont(0.99) WITHIN GROUP (ORDER BY ms)::numeric, 2), count(*) FROM h""";
    /** One run's S..F: F's finish minus S's start. */
    private static final String RUN_MS = """
            SELECT round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ms)::numeric, 2), round(max(ms)::numeric, 2)
            FROM (SELECT extract(epoch FROM f.finished_at - s.started_at) * 1000 AS ms
              FROM task_runs s JOIN task_runs f ON f.run_id = s.run_id AND f.task = 'F'
              WHERE s.task = 'S' AND s.run_id = ANY (?)) r""";
    private static final String LOAD = """
            SELECT count(*) FILTER (WHERE status = 'SUCCEEDED'), count(*),
              (SELECT count(*) FROM task_runs WHERE run_id = ANY (?)),
              extract(epoch FROM max(finished_at) - min(created_at)) FROM runs WHERE id = ANY (?)""";

    private final DataSource db;

    Measures(DataSource db) {
        this.db = db;
    }

    String[] hops(List<String> runIds) throws SQLException {
        return row(HOPS, runIds, 3);
    }

    String[] runMs(List<String> runIds) throws SQLException {
        return row(RUN_MS, runIds, 2);
    }

    /** succeeded runs, runs, tasks, seconds from the first run created to the last finished */
    String[] load(List<String> runIds) throws SQLException {
        return row(LOAD, runIds, 4);
    }

    private String[] row(String sql, List<String> runIds, int columns) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            Array ids = c.createArrayOf("text", runIds.toArray());
            for (int i = 1; i <= st.getParameterMetaData().getParameterCount(); i++) {
                st.setArray(i, ids);
            }
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                String[] out = new String[columns];
                for (int i = 0; i < columns; i++) {
                    out[i] = rs.getString(i + 1);
                }
                return out;
            }
        }
    }

    /** CPU ms so far of this JVM and of the PostgreSQL backends serving this database. */
    long[] cpuMs() throws SQLException {
        long self = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime() / 1_000_000;
        long pg = 0;
        try (Connection c = db.getConnection(); PreparedStatement st = c.prepareStatement(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database()");
                ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                pg += procCpuMs(rs.getInt(1));
            }
        }
        return new long[] {self, pg};
    }

    /** utime + stime of a process from /proc, in ms (clock ticks of 10 ms). */
    private static long procCpuMs(int pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
