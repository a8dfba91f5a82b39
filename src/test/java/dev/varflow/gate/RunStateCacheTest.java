package dev.varflow.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;


import dev.varflow.engine.RunStatus;
import dev.varflow.engine.TaskState;

class RunStateCacheTest {

    @Test
    void shouldCacheARunningRunAsRead() {
        // given
        RunStateCache cache = new RunStateCache(10);

        // when
        cache.put(snapshot("r1", RunStatus.RUNNING, 1));

        // then
        assertThat(cache.get("r1")).isEqualTo(new RunStateCache.Entry(1, Map.of("A", "1"),
                Map.of("a", TaskState.SUCCEEDED), Map.of("a", 1)));
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void shouldNotCacheARunThatIsNotRunning() {
        // given
        RunStateCache cache = new RunStateCache(10);

        // when
        cache.put(snapshot("r1", RunStatus.PAUSED, 1));
        cache.put(snapshot("r2", RunStatus.SUCCEEDED, 1));

        // then
        assertThat(cache.get("r1")).isNull();
        assertThat(cache.get("r2")).isNull();
        assertThat(cache.size()).isZero();
    }

    @Test
    void shouldEvictTheLeastRecentlyUsedRunBeyondTheLimit() {
        // given two runs cached, the first one read since
        RunStateCache cache = new RunStateCache(2);
        cache.put(snapshot("r1", RunStatus.RUNNING, 1));
        cache.put(snapshot("r2", RunStatus.RUNNING, 1));
        cache.get("r1");

        // when
        cache.put(snapshot("r3", RunStatus.RUNNING, 1));

        // then
        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.get("r2")).isNull();
        assertThat(cache.get("r1")).isNotNull();
        assertThat(cache.get("r3")).isNotNull();
    }

    @Test
    void shouldCacheNothingWhenTheLimitIsZero() {
        // given
        RunStateCache cache = new RunStateCache(0);

        // when
        cache.put(snapshot("r1", RunStatus.RUNNING, 1));

        // then
        assertThat(cache.get("r1")).isNull();
        assertThat(cache.size()).isZero();
    }

    @Test
    void shouldDropRunsTheLockedRowsShowOutOfDate() {
        // given
        RunStateCache cache = new RunStateCache(10);
        cache.put(snapshot("running", RunStatus.RUNNING, 1));
        cache.put(snapshot("cancelled", RunStatus.RUNNING, 1));
        cache.put(snapshot("replayed", RunStatus.RUNNING, 1));
        cache.put(snapshot("unlocked", RunStatus.RUNNING, 1));

        // when
        cache.retainValid(Map.of(
                "running", lockedRun(RunStatus.RUNNING, 1),
                "cancelled", lockedRun(RunStatus.CANCELLED, 1),
                "replayed", lockedRun(RunStatus.RUNNING, 2),
                "uncached", lockedRun(RunStatus.RUNNING, 1)));

        // then
        assertThat(cache.get("running")).isNotNull();
        assertThat(cache.get("cancelled")).isNull();
        assertThat(cache.get("replayed")).isNull();
        assertThat(cache.get("unlocked")).isNotNull();
        assertThat(cache.get("uncached")).isNull();
        assertThat(cache.size()).isEqualTo(2);
    }

    @Test
    void shouldLearnAVariableTheStoreAccepted() {
        // given
        RunStateCache cache = new RunStateCache(10);
        cache.put(snapshot("r1", RunStatus.RUNNING, 1));

        // when
        cache.variableSet("r1", "B", "2");

        // then
        assertThat(cache.get("r1").variables()).isEqualTo(Map.of("A", "1", "B", "2"));
    }

    @Test
    void shouldKeepTheFirstValueOfAVariable() {
        // given
        RunStateCache cache = new RunStateCache(10);
        cache.put(snapshot("r1", RunStatus.RUNNING, 1));

        // when
        cache.variableSet("r1", "A", "other");

        // then
        assertThat(cache.get("r1").variables()).isEqualTo(Map.of("A", "1"));
    }

    @Test
    void shouldNotCreateAnEntryForAChangeOfAnUncachedRun() {
        // given
        RunStateCache cache = new RunStateCache(10);

        // when
        cache.variableSet("r1", "A", "1");
        cache.taskChanged("r1", "a", TaskState.ACTIVATED, true);

        // then
        assertThat(cache.get("r1")).isNull();
        assertThat(cache.size()).isZero();
    }

    @Test
    void shouldCountAClaimAsTheFirstAttempt() {
        // given
        RunStateCache cache = new RunStateCache(10);
        cache.put(snapshot("r1", RunStatus.RUNNING, 1));

        // when
        cache.taskChanged("r1", "b", TaskState.ACTIVATED, true);

        // then
        assertThat(cache.get("r1").taskStates()).isEqualTo(Map.of("a", TaskState.SUCCEEDED, "b", TaskState.ACTIVATED));
        assertThat(cache.get("r1").attempts()).isEqualTo(Map.of("a", 1, "b", 1));
    }

    @Test
    void shouldKeepTheAttemptsWhenATaskChangesWithoutAClaim() {
        // given a task on its second attempt
        RunStateCache cache = new RunStateCache(10);
        cache.put(new RunSnapshot("r1", 7L, RunStatus.RUNNING, null, null, Map.of(),
                Map.of("a", TaskState.RUNNING), Set.of(), Map.of("a", 2), 1));

        // when
        cache.taskChanged("r1", "a", TaskState.FAILED, false);

        // then
        assertThat(cache.get("r1")).isEqualTo(new RunStateCache.Entry(1, Map.of(), Map.of("a", TaskState.FAILED),
                Map.of("a", 2)));
    }

    @Test
    void shouldApplyAStepsChangesToEachRunAtOnce() {
        // given
        RunStateCache cache = new RunStateCache(10);
        cache.put(snapshot("r1", RunStatus.RUNNING, 1));
        cache.put(snapshot("r2", RunStatus.RUNNING, 1));

        // when: several changes per run in one step, the first value of a variable winning as in the store
        cache.apply(new CacheChanges()
                .variable("r1", "B", "2").variable("r1", "B", "later").variable("r1", "A", "other")
                .task("r1", "b", TaskState.ACTIVATED, true).task("r1", "a", TaskState.SUCCEEDED, false)
                .task("r2", "b", TaskState.FAILED, false)
                .variable("unknown", "A", "1"));

        // then
        assertThat(cache.get("r1")).isEqualTo(new RunStateCache.Entry(1, Map.of("A", "1", "B", "2"),
                Map.of("a", TaskState.SUCCEEDED, "b", TaskState.ACTIVATED), Map.of("a", 1, "b", 1)));
        assertThat(cache.get("r2")).isEqualTo(new RunStateCache.Entry(1, Map.of("A", "1"),
                Map.of("a", TaskState.SUCCEEDED, "b", TaskState.FAILED), Map.of("a", 1)));
        assertThat(cache.get("unknown")).isNull();
    }

    @Test
    void shouldForgetARunAStepDistrustsWhateverElseItChanged() {
        // given
        RunStateCache cache = new RunStateCache(10);
        cache.put(snapshot("r1", RunStatus.RUNNING, 1));
        cache.put(snapshot("r2", RunStatus.RUNNING, 1));

        // when: r1 changed before and after it was found out of date; r2 only changed
        cache.apply(new CacheChanges().task("r1", "b", TaskState.ACTIVATED, true).forget("r1")
                .variable("r1", "B", "2").task("r2", "b", TaskState.ACTIVATED, true));

        // then
        assertThat(cache.get("r1")).isNull();
        assertThat(cache.get("r2").taskStates()).isEqualTo(Map.of("a", TaskState.SUCCEEDED, "b", TaskState.ACTIVATED));
    }

    @Test
    void shouldLeaveTheSnapshotsHandedOutUnchanged() {
        // given a snapshot of the cached run, as a batch holds it while deciding
        RunStateCache cache = new RunStateCache(10);
        cache.put(snapshot("r1", RunStatus.RUNNING, 1));
        RunStateCache.Entry before = cache.get("r1");

        // when
        cache.apply(new CacheChanges().variable("r1", "B", "2").task("r1", "b", TaskState.ACTIVATED, true));

        // then
        assertThat(before).isEqualTo(new RunStateCache.Entry(1, Map.of("A", "1"), Map.of("a", TaskState.SUCCEEDED),
                Map.of("a", 1)));
    }

    @Test
    void shouldForgetTheNamedRunsOnly() {
        // given
        RunStateCache cache = new RunStateCache(10);
        cache.put(snapshot("r1", RunStatus.RUNNING, 1));
        cache.put(snapshot("r2", RunStatus.RUNNING, 1));
        cache.put(snapshot("r3", RunStatus.RUNNING, 1));

        // when
        cache.forget("r1");
        cache.forget(List.of("r2", "unknown"));

        // then
        assertThat(cache.get("r1")).isNull();
        assertThat(cache.get("r2")).isNull();
        assertThat(cache.get("r3")).isNotNull();
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void shouldForgetEverythingOnClear() {
        // given
        RunStateCache cache = new RunStateCache(10);
        cache.put(snapshot("r1", RunStatus.RUNNING, 1));
        cache.put(snapshot("r2", RunStatus.RUNNING, 1));

        // when
        cache.clear();

        // then
        assertThat(cache.size()).isZero();
        assertThat(cache.get("r1")).isNull();
    }

    @Test
    void shouldTakeStatusPermissionsAndAttemptOfASnapshotFromTheLockedRow() {
        // given
        RunStateCache.Entry entry = new RunStateCache.Entry(1, Map.of("A", "1"), Map.of("a", TaskState.RUNNING),
                Map.of("a", 1));
        LockedRun row = new LockedRun("r1", 7L, RunStatus.RUNNING, "[\"p\"]", "none", 1, true);

        // when
        RunSnapshot snapshot = RunStateCache.snapshot(row, entry);

        // then
        assertThat(snapshot).isEqualTo(new RunSnapshot("r1", 7L, RunStatus.RUNNING, "[\"p\"]", "none",
                Map.of("A", "1"), Map.of("a", TaskState.RUNNING), Set.of(), Map.of("a", 1), 1));
    }

    @Test
    void shouldExpectTheRowsTheLastCommittedBatchLeftForCachedRuns() {
        // given
        RunStateCache cache = new RunStateCache(10);
        cache.put(snapshot("r1", RunStatus.RUNNING, 1));
        cache.put(snapshot("r2", RunStatus.RUNNING, 1));
        LockedRun r1 = new LockedRun("r1", 7L, RunStatus.RUNNING, null, null, 1, true);
        LockedRun r2 = new LockedRun("r2", 7L, RunStatus.RUNNING, null, null, 1, true);

        // when
        cache.rowsCommitted(List.of(r1, r2));

        // then
        assertThat(cache.expectedRows(List.of("r2", "r1"))).containsExactly(Map.entry("r2", r2), Map.entry("r1", r1));
    }

    @Test
    void shouldExpectNothingWhenARunHasNoEntryOrNoCommittedRow() {
        // given r1 cached with its row, r2 cached without one, r3 with a row but no entry
        RunStateCache cache = new RunStateCache(10);
        cache.put(snapshot("r1", RunStatus.RUNNING, 1));
        cache.put(snapshot("r2", RunStatus.RUNNING, 1));
        cache.rowsCommitted(List.of(new LockedRun("r1", 7L, RunStatus.RUNNING, null, null, 1, true),
                new LockedRun("r3", 7L, RunStatus.RUNNING, null, null, 1, true)));

        // when / then
        assertThat(cache.expectedRows(List.of("r1"))).isNotNull();
        assertThat(cache.expectedRows(List.of("r1", "r2"))).isNull();
        assertThat(cache.expectedRows(List.of("r3"))).isNull();
    }

    @Test
    void shouldForgetAnExpectedRowWithItsEntry() {
        // given
        RunStateCache cache = new RunStateCache(1);
        cache.put(snapshot("r1", RunStatus.RUNNING, 1));
        cache.rowsCommitted(List.of(new LockedRun("r1", 7L, RunStatus.RUNNING, null, null, 1, true)));

        // when the entry is evicted, then cached again without a committed row
        cache.put(snapshot("r2", RunStatus.RUNNING, 1));
        cache.put(snapshot("r1", RunStatus.RUNNING, 1));

        // then
        assertThat(cache.expectedRows(List.of("r1"))).isNull();
    }

    @Test
    void shouldForgetAnExpectedRowWhenTheLockedRowShowsTheEntryOutOfDate() {
        // given
        RunStateCache cache = new RunStateCache(10);
        cache.put(snapshot("r1", RunStatus.RUNNING, 1));
        cache.rowsCommitted(List.of(new LockedRun("r1", 7L, RunStatus.RUNNING, null, null, 1, true)));

        // when a replay shows up in the locked row, then the run is read and cached again
        cache.retainValid(Map.of("r1", new LockedRun("r1", 7L, RunStatus.RUNNING, null, null, 2, true)));
        cache.put(snapshot("r1", RunStatus.RUNNING, 2));

        // then
        assertThat(cache.expectedRows(List.of("r1"))).isNull();
    }

    private static RunSnapshot snapshot(String runId, RunStatus status, int runAttempt) {
        return new RunSnapshot(runId, 7L, status, null, null, Map.of("A", "1"), Map.of("a", TaskState.SUCCEEDED),
                Set.of(), Map.of("a", 1), runAttempt);
    }

    /** The locked run's columns that decide whether its cache entry is still valid. */
    private static LockedRun lockedRun(RunStatus status, int attempt) {
        return new LockedRun("locked", 7L, status, null, null, attempt, true);
    }
}
