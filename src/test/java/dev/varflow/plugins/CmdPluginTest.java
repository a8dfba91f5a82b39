package dev.varflow.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import dev.varflow.spi.TaskResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CmdPluginTest {

    @TempDir
    Path workDir;

    private final CmdPlugin plugin = new CmdPlugin();

    @Test
    void shouldParseOutputsFromStdout() throws Exception {
        // given
        TestTaskContext context = TestTaskContext.in(workDir)
                .withParam("command", "echo COUNT=1; echo 'not an output'; echo COUNT=2; echo _NAME=a=b; pwd");

        // when
        TaskResult result = run(context);

        // then
        assertThat(result.outcome()).isEqualTo(TaskResult.Outcome.SUCCEEDED);
        assertThat(result.exitCode()).isZero();
        assertThat(result.outputs()).containsEntry("COUNT", "2").containsEntry("_NAME", "a=b").hasSize(2);
        assertThat(result.output()).contains("not an output").contains(workDir.toRealPath().toString());
    }

    @Test
    void shouldFailWithExitCode() throws Exception {
        // given
        TestTaskContext context = TestTaskContext.in(workDir).withParam("command", "echo oops >&2; exit 3");

        // when
        TaskResult result = run(context);

        // then
        assertThat(result.outcome()).isEqualTo(TaskResult.Outcome.FAILED);
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.error()).isEqualTo("command exited with code 3");
        assertThat(result.output()).isEqualTo("--- stderr ---\noops\n");
    }

    @Test
    void shouldFailWithoutCommand() throws Exception {
        // when
        TaskResult result = run(TestTaskContext.in(workDir).withParam("command", "  "));

        // then
        assertThat(result.outcome()).isEqualTo(TaskResult.Outcome.FAILED);
        assertThat(result.error()).contains("command");
    }

    @Test
    void shouldPassInputsAsDataNotCode() throws Exception {
        for (String template : new String[] {"$(touch %s)", "; touch %s", "`touch %s`"}) {
            // given
            Path marker = Path.of("/tmp", "varflow-injection-" + UUID.randomUUID());
            String value = template.formatted(marker);
            TestTaskContext context = TestTaskContext.in(workDir).withInput("VAL", value)
                    .withParam("command", "echo \"$VAL\"; echo \"ECHOED=$VAL\"");

            // when
            TaskResult result = run(context);

            // then
            assertThat(result.outcome()).isEqualTo(TaskResult.Outcome.SUCCEEDED);
            assertThat(marker).doesNotExist();
            assertThat(result.output().lines().findFirst()).contains(value);
            assertThat(result.outputs()).containsEntry("ECHOED", value);
        }
    }

    @Test
    void shouldKillProcessTreeOnTimeout() throws Exception {
        // given
        TestTaskContext context = TestTaskContext.in(workDir).withParam("timeout", "1")
                .withParam("command", "sleep 30 & echo CHILD=$!; sleep 30");
        long started = System.nanoTime();

        // when
        TaskResult result = run(context);

        // then
        assertThat(result.outcome()).isEqualTo(TaskResult.Outcome.TIMED_OUT);
        assertThat(result.error()).contains("timed out after 1 s");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        Matcher child = Pattern.compile("CHILD=(\\d+)").matcher(result.output());
        assertThat(child.find()).isTrue();
        assertThat(isRunning(Long.parseLong(child.group(1)))).isFalse();
    }

    @Test
    void shouldBoundCapturedOutput() throws Exception {
        // given
        TestTaskContext context = TestTaskContext.in(workDir).withParam("command",
                "head -c 1048576 /dev/zero | tr '\\0' a; echo; echo LAST=yes;"
                        + " head -c 1048576 /dev/zero | tr '\\0' b >&2");

        // when
        TaskResult result = run(context);

        // then
        assertThat(result.outcome()).isEqualTo(TaskResult.Outcome.SUCCEEDED);
        assertThat(result.output().length()).isLessThanOrEqualTo(128 * 1024 + 200);
        assertThat(result.output()).contains("LAST=yes\n--- stderr ---\n").endsWith("bbbb");
        assertThat(result.outputs()).containsEntry("LAST", "yes");
    }

    @Test
    void shouldFailWhenAnOutputIsTooLongToKeep() throws Exception {
        // given a value of 2 MiB on one line
        TestTaskContext context = TestTaskContext.in(workDir).withParam("command",
                "printf 'BIG='; head -c 2097152 /dev/zero | tr '\\0' x; echo; echo SMALL=1");

        // when
        TaskResult result = run(context);

        // then
        assertThat(result.outcome()).isEqualTo(TaskResult.Outcome.FAILED);
        assertThat(result.error()).isEqualTo("output BIG is larger than the 1048576 bytes a command may print on one line");
        assertThat(result.outputs()).isEmpty();
    }

    @Test
    void shouldDeclareExecutePermission() {
        assertThat(plugin.requiredPermissions()).containsExactly("can_execute_commands");
    }

    @Test
    void shouldGiveTheCommandNoWorkerVariableOutsideTheAllowList() throws Exception {
        // given a worker environment with planted secrets, and one variable this JVM really has but may not pass on
        Map<String, String> worker = new HashMap<>(System.getenv());
        worker.put("QUARKUS_DATASOURCE_PASSWORD", "planted-secret-123");
        String notAllowed = System.getenv().keySet().stream()
                .filter(name -> !List.of("PATH", "HOME", "LANG", "LANGUAGE", "TZ", "TMPDIR", "USER", "LOGNAME",
                        "SHELL", "TERM", "PWD", "SHLVL", "_").contains(name) && !name.startsWith("LC_"))
                .findFirst().orElseThrow();
        CmdPlugin isolated = new CmdPlugin(new ProcessRunner(new ProcessEnvironment(
                List.of(ProcessEnvironment.DEFAULT_ALLOW.split(",")), worker)));
        TestTaskContext context = TestTaskContext.in(workDir).withInput("FREE_SPACE", "42").withParam("command", "env");

        // when
        TaskResult result = isolated.execute(context).toCompletableFuture().get(30, TimeUnit.SECONDS);

        // then
        assertThat(result.outcome()).isEqualTo(TaskResult.Outcome.SUCCEEDED);
        assertThat(result.output()).doesNotContain("planted-secret-123")
                .doesNotContainPattern("(?m)^" + Pattern.quote(notAllowed) + "=")
                .containsPattern("(?m)^PATH=").contains("FREE_SPACE=42");
    }

    @Test
    void shouldFailRatherThanPassAReservedVariableToTheCommand() throws Exception {
        // given a fan-out item or a plugin that slipped a reserved name past validation
        TestTaskContext context = TestTaskContext.in(workDir).withInput("BASH_ENV", "/tmp/x")
                .withParam("command", "echo ran");

        // when
        TaskResult result = run(context);

        // then
        assertThat(result.outcome()).isEqualTo(TaskResult.Outcome.FAILED);
        assertThat(result.error()).startsWith("cannot pass variables as environment: variable name 'BASH_ENV' is "
                + "reserved");
        assertThat(result.output()).isNullOrEmpty();
    }

    private TaskResult run(TestTaskContext context) throws Exception {
        return plugin.execute(context).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    // A killed orphan may linger as a zombie until init reaps it; that is not running.
    static boolean isRunning(long pid) throws Exception {
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            Path stat = Path.of("/proc", Long.toString(pid), "stat");
            if (!Files.exists(stat)) {
                return false;
            }
            String text = Files.readString(stat);
            return !text.substring(text.lastIndexOf(')') + 2).startsWith("Z");
        }
        return false;
    }
}
