package dev.varflow.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import dev.varflow.spi.TaskResult;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DfPluginTest {

    @TempDir
    Path workDir;

    @Test
    void shouldEmitFreeSpace() {
        // given
        TestTaskContext context = TestTaskContext.in(workDir).withParam("path", "/");

        // when
        TaskResult result = new DfPlugin().execute(context).toCompletableFuture().join();

        // then
        assertThat(result.outcome()).isEqualTo(TaskResult.Outcome.SUCCEEDED);
        assertThat(Long.parseLong(result.outputs().get("FREE_BYTES"))).isPositive();
        assertThat(result.outputs().get("FREE_SPACE")).matches("^[0-9.]+[KMGTP]?$");
        assertThat(result.outputs().get("MAIN_VOLUME")).isNotBlank().doesNotStartWith("/dev/");
    }

    @Test
    void shouldDefaultToRoot() {
        // when
        TaskResult result = new DfPlugin().execute(TestTaskContext.in(workDir)).toCompletableFuture().join();

        // then
        assertThat(result.outcome()).isEqualTo(TaskResult.Outcome.SUCCEEDED);
        assertThat(result.outputs()).containsKeys("MAIN_VOLUME", "FREE_SPACE", "FREE_BYTES");
    }

    @Test
    void shouldFailForMissingPath() {
        // given
        TestTaskContext context = TestTaskContext.in(workDir).withParam("path", "/no/such/place");

        // when
        TaskResult result = new DfPlugin().execute(context).toCompletableFuture().join();

        // then
        assertThat(result.outcome()).isEqualTo(TaskResult.Outcome.FAILED);
        assertThat(result.error()).contains("/no/such/place");
    }

    @Test
    void shouldDeclareSystemPermission() {
        assertThat(new DfPlugin().requiredPermissions()).containsExactly("can_view_system");
    }

    @Test
    void shouldFormatLikeDfHuman() {
        assertThat(DfPlugin.humanReadable(0)).isEqualTo("0");
        assertThat(DfPlugin.humanReadable(1023)).isEqualTo("1023");
        assertThat(DfPlugin.humanReadable(1024)).isEqualTo("1.0K");
        assertThat(DfPlugin.humanReadable(1025)).isEqualTo("1.1K");
        assertThat(DfPlugin.humanReadable((long) (9.5 * (1L << 30)))).isEqualTo("9.5G");
        assertThat(DfPlugin.humanReadable((long) (9.99 * (1L << 30)))).isEqualTo("10G");
        assertThat(DfPlugin.humanReadable(52L * (1L << 30) + 1)).isEqualTo("53G");
        assertThat(DfPlugin.humanReadable(1024L * (1L << 30) - 1)).isEqualTo("1.0T");
        assertThat(DfPlugin.humanReadable(3L << 50)).isEqualTo("3.0P");
    }

    @Test
    void shouldResolveSourceFromLongestMountPoint() {
        // given
        MountTable table = MountTable.parse(List.of(
                "22 1 0:21 / / rw - overlay overlay rw",
                "30 22 254:1 / /data rw shared:1 - ext4 /dev/vda1 rw",
                "31 30 254:2 / /data/my\\040disk rw - ext4 /dev/vdb rw"));

        // when / then
        assertThat(table.sourceOf(Path.of("/data/x"))).contains("/dev/vda1");
        assertThat(table.sourceOf(Path.of("/data/my disk/y"))).contains("/dev/vdb");
        assertThat(table.sourceOf(Path.of("/etc"))).contains("overlay");
    }
}
