package dev.varflow.crash;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a chaos run left behind, read from its database and its broker: run outcomes, claims, variables, duplicate
 * executions, the start-window runs and the outage probes; {@link #violations()} lists what must not happen.
 */
record ChaosReport(int runs, int acknowledged, Map<String, Integer> failedPosts, Map<String, Long> byStatus,
        long unfinished, long lost, long acknowledgedNotSucceeded, long answerLostDuplicates, long claims,
        long runsWithWrongClaims, long claimsNotSucceeded, long missingVariables, long wrongRunNo,
        long duplicateExecutions, long tasksExecutedTwice, long activationRecords, long tasksActivatedTwice,
        long startsResent, Window window, long windowNotSucceeded, long windowNotResent, List<String> faults,
        List<Probe> probes, long kafkaProbeRuns, double seconds) {

    /** The runs the halted coordinator wrote inside the start window, and how it ended. */
    record Window(int exitCode, List<String> runIds) {
    }

    private static final String CHAOS_RUNS = "SELECT r.id FROM runs r JOIN run_variables v ON v.run_id = r.id "
            + "AND v.name = 'RUN_NO' AND v.value ~ '^[0-9]+$'";

    static ChaosReport collect(Database db, Chaos.Settings settings, ChaosLoad load, List<String> faults,
            List<Probe> probes, Window window, String bootstrap, double seconds) throws SQLException {
        Set<String> inDb = new HashSet<>(db.strings("SELECT id FROM runs"));
        Set<String> succeeded = new HashSet<>(db.strings("SELECT id FROM runs WHERE status = 'SUCCEEDED'"));
        Set<String> acknowledged = load.acknowledged();
        long lost = acknowledged.stream().filter(id -> !inDb.contains(id)).count()
                // a run number with no run that succeeded is lost too, whatever the client was told
                + settings.runs() - db.count("SELECT count(DISTINCT v.value) FROM run_variables v JOIN runs r "
                        + "ON r.id = v.run_id WHERE v.name = 'RUN_NO' AND v.value ~ '^[0-9]+$' AND r.status = "
                        + "'SUCCEEDED'");
        String expected = "'" + String.join("','", Chaos.VARIABLES) + "'";
        List<String> windowIds = window == null ? List.of() : window.runIds();
        String windowList = windowIds.isEmpty() ? "''" : "'" + String.join("','", windowIds) + "'";
        Map<String, Integer> activations = ActivationCounter.count(bootstrap, "varflow.activations");
        // What a failure needs to be understood: how each start-window run that did not succeed ended.
        for (String run : db.strings("SELECT r.id || ' ' || r.status || ' waiting=' || coalesce(r.waiting, '') "
                + "|| ' error=' || coalesce(r.error, '') || ' variables=' || (SELECT coalesce(string_agg(v.name, ','"
                + " ORDER BY v.name), '') FROM run_variables v WHERE v.run_id = r.id) || ' tasks=' || (SELECT "
                + "coalesce(string_agg(t.task || ':' || t.state, ',' ORDER BY t.task), '') FROM task_runs t WHERE "
                + "t.run_id = r.id) FROM runs r WHERE r.id IN (" + windowList + ") AND r.status <> 'SUCCEEDED'")) {
            System.out.println("chaos: start-window run not SUCCEEDED: " + run);
        }
        return new ChaosReport(settings.runs(), acknowledged.size(), load.failures(),
                db.counts("SELECT status, count(*) FROM runs GROUP BY status ORDER BY 1"),
                db.count("SELECT count(*) FROM runs WHERE status IN ('RUNNING', 'PAUSED')"), lost,
                acknowledged.stream().filter(id -> !succeeded.contains(id)).count(),
                db.count("SELECT count(*) - count(DISTINCT v.value) FROM run_variables v WHERE v.name = 'RUN_NO' "
                        + "AND v.value ~ '^[0-9]+$'"),
                db.count("SELECT count(*) FROM task_runs WHERE run_id IN (" + CHAOS_RUNS + ")"),
                db.count("SELECT count(*) FROM (" + CHAOS_RUNS + ") c WHERE (SELECT count(*) FROM task_runs t "
                        + "WHERE t.run_id = c.id) <> " + Chaos.TASKS),
                db.count("SELECT count(*) FROM task_runs WHERE state <> 'SUCCEEDED' AND run_id IN (" + CHAOS_RUNS
                        + ")"),
                db.count("SELECT count(*) FROM (" + CHAOS_RUNS + ") c CROSS JOIN unnest(ARRAY[" + expected
                        + "]) AS n(name) WHERE NOT EXISTS (SELECT 1 FROM run_variables v WHERE v.run_id = c.id "
                        + "AND v.name = n.name)"),
                db.count("SELECT count(*) FROM runs r WHERE NOT EXISTS (SELECT 1 FROM run_variables v WHERE "
                        + "v.run_id = r.id AND v.name = 'RUN_NO') AND r.status = 'SUCCEEDED'"),
                db.count("SELECT COALESCE(sum(attempts - 1), 0) FROM task_runs WHERE attempts > 1"),
                db.count("SELECT count(*) FROM task_runs WHERE attempts > 1"),
                activations.values().stream().mapToLong(Integer::longValue).sum(),
                activations.values().stream().filter(n -> n > 1).count(),
                db.count("SELECT count(*) FROM runs WHERE start_resent_at IS NOT NULL"), window,
                db.count("SELECT count(*) FROM runs WHERE id IN (" + windowList + ") AND status <> 'SUCCEEDED'"),
                db.count("SELECT count(*) FROM runs WHERE id IN (" + windowList + ") AND start_resent_at IS NULL"),
                List.copyOf(faults), List.copyOf(probes),
                db.count("SELECT count(*) FROM runs r WHERE r.start_vars LIKE '%" + Chaos.KAFKA_PROBE + "%' OR "
                        + "EXISTS (SELECT 1 FROM run_variables v WHERE v.run_id = r.id AND v.value = '"
                        + Chaos.KAFKA_PROBE + "')"),
                seconds);
    }

    /** Everything that must not happen; empty when the chaos run lost nothing. */
    List<String> violations() {
        List<String> problems = new ArrayList<>();
        check(problems, unfinished == 0, unfinished + " runs never reached a terminal state");
        check(problems, lost == 0, lost + " runs lost");
        check(problems, acknowledged == runs, acknowledged + " of " + runs + " runs acknowledged");
        check(problems, acknowledgedNotSucceeded == 0, acknowledgedNotSucceeded + " acknowledged runs did not succeed");
        check(problems, runsWithWrongClaims == 0, runsWithWrongClaims + " runs whose tasks were not claimed once each");
        check(problems, claimsNotSucceeded == 0, claimsNotSucceeded + " claimed tasks did not succeed");
        check(problems, missingVariables == 0, missingVariables + " variables lost");
        check(problems, wrongRunNo == 0, wrongRunNo + " succeeded runs without their RUN_NO");
        check(problems, window != null && window.exitCode() == 137, "the armed coordinator did not halt (exit "
                + (window == null ? "none" : window.exitCode()) + ")");
        check(problems, window != null && !window.runIds().isEmpty(), "no run was written inside the start window");
        check(problems, windowNotSucceeded == 0, windowNotSucceeded + " start-window runs did not succeed");
        check(problems, windowNotResent == 0, windowNotResent + " start-window runs were not started by the sweep");
        for (Probe probe : probes) {
            boolean postgresDown = probe.what().startsWith("PostgreSQL");
            check(problems, postgresDown ? probe.isRetryable() : probe.status() == 503,
                    "Expected 503" + (postgresDown ? " with Retry-After" : "") + ", but " + probe);
        }
        // A start that got no answer may have created its run; one that was refused must not have.
        boolean refused = probes.stream().anyMatch(p -> p.what().startsWith("broker") && p.status() == 503);
        check(problems, !refused || kafkaProbeRuns == 0, kafkaProbeRuns + " run(s) left behind by the start refused "
                + "while the broker was down");
        return problems;
    }

    private static void check(List<String> problems, boolean holds, String problem) {
        if (!holds) {
            problems.add(problem);
        }
    }

    List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add(String.format("chaos: %d runs (%d tasks each) in %.1f s; runs by status %s", runs, Chaos.TASKS,
                seconds, byStatus));
        lines.add("chaos: faults: " + String.join("; ", faults));
        lines.add("chaos: posts tried again after a failure: " + failedPosts + "; runs created twice because an "
                + "answer was lost: " + answerLostDuplicates);
        lines.add("chaos: runs not terminal " + unfinished + ", lost " + lost + ", acknowledged but not SUCCEEDED "
                + acknowledgedNotSucceeded);
        lines.add("chaos: claims " + claims + "; runs whose tasks were not claimed exactly once " + runsWithWrongClaims
                + "; claimed tasks not SUCCEEDED " + claimsNotSucceeded);
        lines.add("chaos: variables lost " + missingVariables + ", succeeded runs without RUN_NO " + wrongRunNo);
        lines.add("chaos: duplicate executions (at-least-once) " + duplicateExecutions + " on " + tasksExecutedTwice
                + " tasks; activation records " + activationRecords + ", tasks activated more than once "
                + tasksActivatedTwice);
        lines.add("chaos: start window: coordinator exit " + (window == null ? "none" : window.exitCode())
                + ", runs written but never sent " + (window == null ? 0 : window.runIds().size())
                + ", of them not SUCCEEDED " + windowNotSucceeded + ", not started by the sweep " + windowNotResent
                + "; runs whose start the sweep sent again in all " + startsResent);
        probes.forEach(probe -> lines.add("chaos: probe " + probe));
        lines.add("chaos: runs left behind by the start refused while the broker was down: " + kafkaProbeRuns);
        List<String> problems = violations();
        lines.add(problems.isEmpty() ? "chaos: OK, nothing lost" : "chaos: VIOLATIONS: " + String.join("; ",
                problems));
        return lines;
    }
}
