package dev.varflow.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.varflow.engine.RunStatus;
import dev.varflow.engine.TaskState;

class RunStateCacheTest {

    @Test
    void shouldKeepFirstValueOfCachedVariable() {
        // given
        RunStateCache cache = new RunStateCache(10);
        cache.put(snapshot("r1", RunStatus.RUNNING, 1, Map.of("X", "first")));

        // when
        cache.variableSet("r1", "X", "second");
        cache.variableSet("r1", "Y", "y");

        // then
        assertThat(cache.get("r1").variables()).isEqualTo(Map.of("X", "first", "Y", "y"));
    }

    @Test
    void shouldRecordClaimAsFirstAttempt() {
        // given
        RunStateCache cache = new RunStateCache(10);
        cache.put(snapshot("r1", RunStatus.RUNNING, 1, Map.of()));

        // when
        cache.taskChanged("r1", "C", TaskState.ACTIVATED, true);

        // then
        assertThat(cache.get("r1")).isEqualTo(new RunStateCache.Entry(1, Map.of(),
                Map.of("C", TaskState.ACTIVATED), Map.of("C", 1)));
    }

    @Test
    void shouldDropEntryOfRunNoLongerRunningOrReplayed() {
        // given
        RunStateCache cache = new RunStateCache(10);
        cache.put(snapshot("paused", RunStatus.RUNNING, 1, Map.of()));
        cache.put(snapshot("replayed", RunStatus.RUNNING, 1, Map.of()));
        cache.put(snapshot("same", RunStatus.RUNNING, 1, Map.of()));

        // when
        cache.retainValid(Map.of("paused", locked("paused", RunStatus.PAUSED, 1),
                "replayed", locked("replayed", RunStatus.RUNNING, 2), "same", locked("same", RunStatus.RUNNING, 1)));

        // then
        assertThat(cache.get("paused")).isNull();
        assertThat(cache.get("replayed")).isNull();
        assertThat(cache.get("same")).isNotNull();
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void shouldEvictLeastRecentlyUsedRunBeyondItsBound() {
        // given
        RunStateCache cache = new RunStateCache(2);
        cache.put(snapshot("a", RunStatus.RUNNING, 1, Map.of()));
        cache.put(snapshot("b", RunStatus.RUNNING, 1, Map.of()));
        cache.get("a");

        // when
        cache.put(snapshot("c", RunStatus.RUNNING, 1, Map.of()));

        // then
        assertThat(cache.get("b")).isNull();
        assertThat(cache.get("a")).isNotNull();
        assertThat(cache.get("c")).isNotNull();
    }

    @Test
    void shouldNotCacheRunThatIsNotRunning() {
        // given
        RunStateCache cache = new RunStateCache(10);

        // when
        cache.put(snapshot("r1", RunStatus.PAUSED, 1, Map.of()));

        // then
        assertThat(cache.size()).isZero();
    }

    @Test
    void shouldBuildSnapshotFromLockedRowAndCachedState() {
        // given
        RunStateCache.Entry entry = new RunStateCache.Entry(2, Map.of("X", "1"), Map.of("P", TaskState.SUCCEEDED),
                Map.of("P", 1));

        // when
        RunSnapshot run = RunStateCache.snapshot(new LockedRun("r1", 7, RunStatus.RUNNING, "[\"a\"]", null, 2, true),
                entry);

        // then
        assertThat(run).isEqualTo(new RunSnapshot("r1", 7, RunStatus.RUNNING, "[\"a\"]", null, Map.of("X", "1"),
                Map.of("P", TaskState.SUCCEEDED), Set.of(), Map.of("P", 1), 2));
    }

    private static RunSnapshot snapshot(String runId, RunStatus status, int runAttempt,
            Map<String, String> variables) {
        return new RunSnapshot(runId, 7, status, null, null, variables, Map.of(), Set.of(), Map.of(), runAttempt);
    }

    private static LockedRun locked(String runId, RunStatus status, int attempt) {
        return new LockedRun(runId, 7, status, null, null, attempt, true);
    }
}
