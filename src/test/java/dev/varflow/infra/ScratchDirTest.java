package dev.varflow.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScratchDirTest {

    @TempDir
    Path tmp;

    @Test
    void shouldMarkANewScratchDirectoryWithThisProcessAndDeleteItWithItsContent() throws IOException {
        // given
        ScratchDir scratch = ScratchDir.create(tmp);
        Files.createDirectories(scratch.path().resolve("postgres/base"));
        Files.writeString(scratch.path().resolve("postgres/base/data"), "rows");

        // when
        String marker = Files.readString(scratch.path().resolve(ScratchDir.MARKER));
        scratch.delete();

        // then
        assertThat(scratch.path().getFileName().toString()).startsWith("varflow-run-");
        assertThat(marker).isEqualTo(ProcessHandle.current().pid() + "\n");
        assertThat(scratch.path()).doesNotExist();
    }

    @Test
    void shouldSweepOnlyTheDirectoriesOfProcessesThatAreGone() throws Exception {
        // given one directory of a process that ended, one of this live process, one without a (complete) marker
        Path dead = marked("varflow-run-dead", deadPid() + "\n");
        Files.writeString(Files.createDirectories(dead.resolve("kafka")).resolve("log"), "records");
        Path alive = ScratchDir.create(tmp).path();
        Path creating = Files.createDirectory(tmp.resolve("varflow-run-creating"));
        Path halfWritten = marked("varflow-run-half", String.valueOf(deadPid()));
        Path other = marked("varflow-pg-other", deadPid() + "\n");

        // when
        var removed = ScratchDir.sweepStale(tmp);

        // then
        assertThat(removed).containsExactly(dead);
        assertThat(dead).doesNotExist();
        assertThat(alive).exists();
        assertThat(creating).exists();
        assertThat(halfWritten).exists();
        assertThat(other).exists();
    }

    @Test
    void shouldStopTheDatabaseServerAKilledRunLeftRunningBeforeDeletingItsData() throws Exception {
        // given a dead run's directory whose server process still runs with that data directory
        Path dead = marked("varflow-run-orphan", deadPid() + "\n");
        Path dataDir = Files.createDirectories(dead.resolve(ScratchDir.POSTGRES));
        Process server = new ProcessBuilder("sh", "-c", "sleep 60; :", "postgres", "-D", dataDir.toString()).start();
        try {
            Files.writeString(dataDir.resolve("postmaster.pid"), server.pid() + "\n" + dataDir + "\n");

            // when
            var removed = ScratchDir.sweepStale(tmp);

            // then
            assertThat(removed).containsExactly(dead);
            assertThat(server.waitFor(5, TimeUnit.SECONDS)).isTrue();
            assertThat(dead).doesNotExist();
        } finally {
            server.destroyForcibly();
        }
    }

    @Test
    void shouldKeepTheDirectoryWhenItsServerIdNowBelongsToAnUnrelatedProcess() throws Exception {
        // given the recorded server id is now a process that does not run with that data directory
        Path dead = marked("varflow-run-reused", deadPid() + "\n");
        Path dataDir = Files.createDirectories(dead.resolve(ScratchDir.POSTGRES));
        Process unrelated = new ProcessBuilder("sh", "-c", "sleep 60; :").start();
        try {
            Files.writeString(dataDir.resolve("postmaster.pid"), unrelated.pid() + "\n");

            // when
            var removed = ScratchDir.sweepStale(tmp);

            // then
            assertThat(removed).isEmpty();
            assertThat(unrelated.isAlive()).isTrue();
            assertThat(dead).exists();
        } finally {
            unrelated.destroyForcibly();
        }
    }

    private Path marked(String name, String marker) throws IOException {
        Path dir = Files.createDirectory(tmp.resolve(name));
        Files.writeString(dir.resolve(ScratchDir.MARKER), marker);
        return dir;
    }

    private static long deadPid() throws Exception {
        Process process = new ProcessBuilder("true").start();
        process.waitFor();
        return process.pid();
    }
}
