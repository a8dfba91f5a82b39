package dev.varflow.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** The parsing rules of the varflow command line: nothing here starts Quarkus, Kafka or a database. */
class VarflowMainTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void shouldRefuseAnUnknownOptionWithExitCodeTwoAndTheCommandsUsage() {
        // when
        int code = execute("validate", "workflows/disk-monitor.yaml", "--bogus");

        // then
        assertThat(code).isEqualTo(2);
        assertThat(out.toString()).isEmpty();
        assertThat(errLines()).startsWith("varflow: Unknown option: '--bogus'",
                "Usage: varflow validate [-h] [--strict] [-v=NAME=VALUE]... FILE");
    }

    @Test
    void shouldSuggestTheOptionMeantByAMisspelling() {
        // when
        int code = execute("replay", "r-1", "--vars", "A=1");

        // then
        assertThat(code).isEqualTo(2);
        assertThat(errLines()).startsWith("varflow: Unknown options: '--vars', 'A=1'", "Possible solutions: --var");
    }

    @Test
    void shouldRefuseAnUnknownCommandWithExitCodeTwo() {
        // when
        int code = execute("frobnicate", "--now");

        // then
        assertThat(code).isEqualTo(2);
        assertThat(errLines()).startsWith("varflow: Unknown command: 'frobnicate'", "Usage: varflow [-h] COMMAND");
    }

    @Test
    void shouldRefuseAMissingFileArgument() {
        // when
        int code = execute("graph");

        // then
        assertThat(code).isEqualTo(2);
        assertThat(errLines()).startsWith("varflow: Missing required parameter: 'FILE'",
                "Usage: varflow graph [-h] FILE");
    }

    @Test
    void shouldParseRepeatedVarsInOrderSplittingAtTheFirstEquals() {
        // when
        ParseResult run = parse("run", "f.yaml", "--var", "A=1", "-v", "B=x=y", "--var", "EMPTY=", "--var=A=2");

        // then
        VarOptions vars = (VarOptions) run.commandSpec().mixins().get("vars").userObject();
        assertThat(vars.asMap()).containsExactly(entry("A", "2"), entry("B", "x=y"), entry("EMPTY", ""));
        assertThat(run.matchedPositionalValue(0, (Path) null)).isEqualTo(Path.of("f.yaml"));
    }

    @Test
    void shouldRefuseAVarWithoutAName() {
        // when
        int code = execute("validate", "f.yaml", "--var", "=x");
        int missing = execute("validate", "f.yaml", "--var", "NAME");

        // then
        assertThat(List.of(code, missing)).containsOnly(2);
        assertThat(errLines()).contains(
                "varflow: Invalid value for option '--var' (NAME=VALUE): Expected NAME=VALUE with a non-empty NAME, "
                        + "but got '=x'",
                "varflow: Invalid value for option '--var' (NAME=VALUE): Expected NAME=VALUE with a non-empty NAME, "
                        + "but got 'NAME'");
    }

    @Test
    void shouldParseTypedOptions() {
        // when
        ParseResult seconds = parse("run", "f.yaml", "--timeout", "1.5");
        ParseResult minutes = parse("run", "f.yaml", "--timeout=2m");
        ParseResult iso = parse("run", "f.yaml", "--timeout", "PT0.25S");
        ParseResult kafka = parse("kafka", "--port", "19092", "--data", "/tmp/k");
        ParseResult attica = parse("attica-dev", "--permissions", "p.yaml", "--require-client-token", "--port", "0");
        ParseResult atticaExplicit = parse("attica-dev", "--permissions", "p.yaml", "--require-client-token", "false");

        // then
        assertThat(List.of(seconds, minutes, iso).stream().map(r -> r.matchedOptionValue("--timeout", Duration.ZERO)))
                .containsExactly(Duration.ofMillis(1500), Duration.ofMinutes(2), Duration.ofMillis(250));
        assertThat(kafka.matchedOptionValue("--port", 0)).isEqualTo(19092);
        assertThat(kafka.matchedOptionValue("--data", Path.of("unset"))).isEqualTo(Path.of("/tmp/k"));
        assertThat(attica.matchedOptionValue("--require-client-token", false)).isTrue();
        assertThat(attica.matchedOptionValue("--port", -1)).isZero();
        assertThat(atticaExplicit.matchedOptionValue("--require-client-token", true)).isFalse();
    }

    @Test
    void shouldRefuseValuesOfTheWrongType() {
        // when
        int port = execute("kafka", "--port", "abc");
        int timeout = execute("run", "f.yaml", "--timeout", "soon");
        int roles = execute("server", "--roles", "coordinator,boss");

        // then
        assertThat(List.of(port, timeout, roles)).containsOnly(2);
        assertThat(errLines()).contains(
                "varflow: Invalid value for option '--port': 'abc' is not an int",
                "varflow: Invalid value for option '--timeout': Expected a duration such as 30, 0.5, 500ms, 30s, 2m, "
                        + "1h or PT30S, but got 'soon'",
                "varflow: Invalid value for option '--roles': unknown role 'boss' (roles: coordinator, gate, worker)");
    }

    @Test
    void shouldListEverySubcommandInTheHelp() {
        // when
        int code = execute("--help");

        // then
        List<String> lines = out.toString().lines().toList();
        List<String> commands = lines.subList(lines.indexOf("Commands:") + 1, lines.indexOf("Exit codes:")).stream()
                .filter(line -> line.matches("  \\S.*")).map(line -> line.trim().split("\\s+")[0]).toList();
        assertThat(code).isZero();
        assertThat(lines.get(0)).isEqualTo("Usage: varflow [-h] COMMAND");
        assertThat(commands).containsExactly("run", "validate", "graph", "server", "runs", "show", "cancel", "pause",
                "resume", "replay", "plugins", "schema", "new", "kafka", "attica-dev", "help");
        assertThat(lines).contains("  0   success", "Run 'varflow COMMAND --help' for the options of a command.");
    }

    @Test
    void shouldPrintTheSameHelpWithoutACommandOrWithHelp() {
        // given
        execute("--help");
        String help = out.toString();
        out.getBuffer().setLength(0);

        // when
        int bare = execute();
        String bareHelp = out.toString();
        out.getBuffer().setLength(0);
        int word = execute("help");

        // then
        assertThat(List.of(bare, word)).containsOnly(0);
        assertThat(bareHelp).isEqualTo(help);
        assertThat(out.toString()).isEqualTo(help);
    }

    @Test
    void shouldPrintTheHelpOfEachSubcommand() {
        // when
        int run = execute("run", "--help");
        int cancel = execute("help", "cancel");

        // then
        assertThat(List.of(run, cancel)).containsOnly(0);
        assertThat(out.toString().lines()).contains(
                "Usage: varflow run [-h] [--timeout=DURATION] [--workdir=DIR] [-v=NAME=VALUE]... FILE",
                "Usage: varflow cancel [-h] [--server=URL] RUN",
                "      --server=URL   The server's REST API (default $VARFLOW_SERVER, else http://localhost:8080).");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void shouldBuildOnlyTheNamedSubcommandSoThatValidateStartsQuickly() {
        // when
        CommandLine validate = VarflowMain.commandLine(new PrintWriter(out), new PrintWriter(err), "validate", "f");
        CommandLine unknown = VarflowMain.commandLine(new PrintWriter(out), new PrintWriter(err), "validat", "f");

        // then
        assertThat(validate.getSubcommands().keySet()).containsExactly("validate");
        assertThat(unknown.getSubcommands()).hasSize(16);
    }

    @Test
    void shouldReportAMissingWorkflowFileInOneLineWithExitCodeOne() {
        // when
        int code = execute("validate", "no-such-workflow.yaml");

        // then
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("varflow: no such file: no-such-workflow.yaml\n");
    }

    private int execute(String... argv) {
        return VarflowMain.commandLine(new PrintWriter(out, true), new PrintWriter(err, true), argv).execute(argv);
    }

    /** The parse result of the subcommand that {@code argv} names. */
    private ParseResult parse(String... argv) {
        CommandLine commandLine = VarflowMain.commandLine(new PrintWriter(out, true), new PrintWriter(err, true),
                argv);
        return commandLine.parseArgs(argv).subcommand();
    }

    private List<String> errLines() {
        return err.toString().lines().toList();
    }
}
