package dev.varflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.varflow.coordinator.RunService;
import dev.varflow.coordinator.schedule.ScheduleTicks;
import dev.varflow.coordinator.schedule.Scheduler;

/** Schedules with two coordinators' schedulers sharing the real database: one run per tick. */
@QuarkusTest
@IntegrationTest
class SchedulerTest {

    @Inject
    ScheduleTicks ticks;

    @Inject
    RunService runs;

    @Inject
    Pool pool;

    @Test
    void shouldStartExactlyOneRunPerTickWithTwoSchedulers() throws Throwable {
        // given a workflow ticking every 2 seconds and two schedulers polling it
        Api.register("""
                workflow:
                  name: every-two-seconds
                  schedule: {cron: "*/2 * * * * *", timezone: "Europe/Berlin", vars: {WHO: cron}}
                  tasks:
                    - name: hello
                      plugin: cmd
                      inputs: [WHO]
                      outputs: [GREETING]
                      params:
                        command: 'echo "GREETING=hello $WHO"'
                """);
        List<Scheduler> schedulers = List.of(scheduler(), scheduler());
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        List<Throwable> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        for (Scheduler scheduler : schedulers) {
            Thread thread = new Thread(() -> {
                while (!stop.get()) {
                    try {
                        scheduler.poll();
                    } catch (Throwable e) {
                        errors.add(e);
                    }
                    Api.sleep(50); // not polling: paces this scheduler loop like the real one
                }
            });
            thread.start();
            threads.add(thread);
        }

        // when they run over several ticks
        Thread.sleep(7_000); // not polling: lets several ticks pass
        stop.set(true);
        for (Thread thread : threads) {
            thread.join();
        }

        // then each tick claimed once, by one scheduler, and its run is the one derived from it
        assertThat(errors).isEmpty();
        List<Row> claimed = rows("SELECT tick, run_id FROM schedule_ticks WHERE workflow_name = $1 ORDER BY tick",
                "every-two-seconds");
        assertThat(claimed).hasSizeBetween(3, 4);
        for (Row tick : claimed) {
            Instant at = tick.getOffsetDateTime(0).toInstant();
            assertThat(at.getEpochSecond() % 2).isZero();
            assertThat(tick.getString(1)).isEqualTo(Scheduler.runIdFor("every-two-seconds", at));
            assertThat(Api.awaitFinished(tick.getString(1), Duration.ofSeconds(30)).getString("variables.GREETING"))
                    .isEqualTo("hello cron");
        }
        assertThat(rows("SELECT id FROM runs WHERE workflow_name = $1", "every-two-seconds")).hasSameSizeAs(claimed);
    }

    @Test
    void shouldStartTheRunOfATickWhoseClaimerCrashedBeforeStartingIt() throws Throwable {
        // given a tick claimed ten seconds ago by a coordinator that died before starting its run
        Api.register("""
                workflow:
                  name: crashed-claimer
                  schedule: "0 0 1 1 *"
                  tasks:
                    - name: one
                      plugin: noop
                """);
        Instant tick = Instant.now().minusSeconds(10).truncatedTo(ChronoUnit.SECONDS);
        String runId = Scheduler.runIdFor("crashed-claimer", tick);
        assertThat(await(() -> ticks.claim("crashed-claimer", tick, runId))).isTrue();

        // when another scheduler passes
        scheduler().poll();

        // then the run of that tick exists and completes, and the tick cannot be claimed twice
        JsonPath run = Api.awaitFinished(runId, Duration.ofSeconds(30));
        assertThat(run.getString("status")).isEqualTo("SUCCEEDED");
        assertThat(run.getString("startedBy")).as("owner of scheduled runs").isEqualTo("schedule:crashed-claimer");
        assertThat(await(() -> ticks.claim("crashed-claimer", tick, runId))).isFalse();
    }

    private Scheduler scheduler() {
        return new Scheduler(ticks, runs, Clock.systemUTC(), Duration.ofSeconds(60));
    }

    private List<Row> rows(String sql, String param) throws Throwable {
        List<Row> rows = new ArrayList<>();
        await(() -> pool.preparedQuery(sql).execute(Tuple.of(param))).forEach(rows::add);
        return rows;
    }

    private static <T> T await(java.util.function.Supplier<io.smallrye.mutiny.Uni<T>> work) throws Throwable {
        return io.quarkus.vertx.VertxContextSupport.subscribeAndAwait(work);
    }
}
