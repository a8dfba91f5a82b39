package dev.varflow.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import dev.varflow.spi.TaskResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TouchedPluginTest {

    @TempDir
    Path workDir;

    private final TouchedPlugin plugin = new TouchedPlugin();

    @Test
    void shouldSucceedWhenFileTouchedBeforeTimeout() throws Exception {
        // given
        Path file = Files.writeString(workDir.resolve("flag"), "x");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(60)));
        TestTaskContext context = TestTaskContext.in(workDir).withParam("file", "flag").withParam("timeout", "10")
                .withOutputs("TOUCHED");

        // when
        CompletableFuture<TaskResult> result = plugin.execute(context).toCompletableFuture();
        touchLater(file, 200);

        // then
        TaskResult done = result.get(5, TimeUnit.SECONDS);
        assertThat(done.outcome()).isEqualTo(TaskResult.Outcome.SUCCEEDED);
        assertThat(done.outputs()).isEqualTo(Map.of("TOUCHED", "1"));
    }

    @Test
    void shouldTimeOutWhenFileNotTouched() throws Exception {
        // given
        Files.writeString(workDir.resolve("quiet"), "x");
        TestTaskContext context = TestTaskContext.in(workDir).withParam("file", "quiet").withParam("timeout", "30")
                .withInput("TIMEOUT", "0.5");
        long started = System.nanoTime();

        // when
        TaskResult result = plugin.execute(context).toCompletableFuture().get(5, TimeUnit.SECONDS);

        // then
        assertThat(result.outcome()).isEqualTo(TaskResult.Outcome.TIMED_OUT);
        assertThat(result.error()).contains("quiet").contains("not touched within 0.5 s");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(400), Duration.ofSeconds(3));
        assertThat(FileWatchHub.shared().waiterCount()).isZero();
    }

    @Test
    void shouldSucceedWhenFileCreated() throws Exception {
        // given
        Path file = workDir.resolve("sub").resolve("created.txt");
        Files.createDirectories(file.getParent());
        TestTaskContext context = TestTaskContext.in(workDir).withParam("file", file.toString()).withParam("timeout", "10");

        // when
        CompletableFuture<TaskResult> result = plugin.execute(context).toCompletableFuture();
        Thread.sleep(100); // not polling: the file appears after the plugin started, the case under test
        Files.writeString(file, "new");

        // then
        TaskResult done = result.get(5, TimeUnit.SECONDS);
        assertThat(done.outcome()).isEqualTo(TaskResult.Outcome.SUCCEEDED);
        assertThat(done.outputs()).isEqualTo(Map.of("TRUE", "1"));
    }

    @Test
    void shouldFailWhenDirectoryMissing() throws Exception {
        // given
        TestTaskContext context = TestTaskContext.in(workDir).withParam("file", "missing/dir/file");

        // when
        TaskResult result = plugin.execute(context).toCompletableFuture().get(5, TimeUnit.SECONDS);

        // then
        assertThat(result.outcome()).isEqualTo(TaskResult.Outcome.FAILED);
        assertThat(result.error()).contains("missing/dir");
    }

    @Test
    void shouldWaitThousandsOfFilesWithFewThreads() throws Exception {
        // given
        int waits = 2000;
        int threadsBefore = Thread.activeCount();
        List<Path> files = new ArrayList<>();
        List<CompletableFuture<TaskResult>> results = new ArrayList<>();
        Path dir = Files.createDirectories(workDir.resolve("many"));
        for (int i = 0; i < waits; i++) {
            files.add(dir.resolve("f" + i));
        }

        // when
        for (Path file : files) {
            TestTaskContext context = TestTaskContext.in(workDir).withParam("file", file.toString())
                    .withParam("timeout", "60");
            results.add(plugin.execute(context).toCompletableFuture());
        }
        int threadsWhileWaiting = Thread.activeCount();
        int pendingWhileWaiting = FileWatchHub.shared().waiterCount();
        for (Path file : files) {
            Files.writeString(file, "x");
        }
        CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

        // then
        assertThat(pendingWhileWaiting).isEqualTo(waits);
        assertThat(threadsWhileWaiting - threadsBefore).isLessThanOrEqualTo(10);
        assertThat(results).allSatisfy(result ->
                assertThat(result.join().outcome()).isEqualTo(TaskResult.Outcome.SUCCEEDED));
        assertThat(FileWatchHub.shared().waiterCount()).isZero();
        assertThat(FileWatchHub.shared().watchedDirectoryCount()).isZero();
    }

    @Test
    void shouldNotFireForUnrelatedFileInSameDirectory() throws Exception {
        // given
        TestTaskContext context = TestTaskContext.in(workDir).withParam("file", "wanted").withParam("timeout", "0.7");

        // when
        CompletableFuture<TaskResult> result = plugin.execute(context).toCompletableFuture();
        Files.writeString(workDir.resolve("other"), "x");

        // then
        assertThat(result.get(5, TimeUnit.SECONDS).outcome()).isEqualTo(TaskResult.Outcome.TIMED_OUT);
    }

    @Test
    void shouldStopWaitingWhenCancelled() {
        // given
        TestTaskContext context = TestTaskContext.in(workDir).withParam("file", "never").withParam("timeout", "60");
        CompletableFuture<TaskResult> result = plugin.execute(context).toCompletableFuture();

        // when
        result.cancel(false);

        // then
        assertThat(FileWatchHub.shared().waiterCount()).isZero();
        assertThat(FileWatchHub.shared().watchedDirectoryCount()).isZero();
    }

    private static void touchLater(Path file, long delayMillis) {
        Thread toucher = new Thread(() -> {
            try {
                Thread.sleep(delayMillis);
                Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        toucher.start();
    }
}
