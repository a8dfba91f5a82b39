package dev.varflow.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ShellReferencesTest {

    private static final Set<String> INPUTS = Set.of("FREE_SPACE", "X");

    @Test
    void shouldMakeAReferenceInsideSingleQuotesMeanTheValue() throws Exception {
        // given the seed's command
        String command = "echo 'Free space is $FREE_SPACE'";

        // when
        String rewritten = ShellReferences.rewrite(command, INPUTS);

        // then
        assertThat(rewritten).isEqualTo("echo 'Free space is '\"${FREE_SPACE}\"''");
        assertThat(sh(rewritten, Map.of("FREE_SPACE", "79G"))).isEqualTo("Free space is 79G\n");
    }

    static Stream<Arguments> rewrites() {
        return Stream.of(
                Arguments.of("echo $X", "echo \"${X}\""),
                Arguments.of("echo ${X}", "echo \"${X}\""),
                Arguments.of("echo \"$X and ${X}\"", "echo \"${X} and ${X}\""),
                Arguments.of("echo '$X'", "echo ''\"${X}\"''"),
                Arguments.of("echo $$X '$$X' \"$$X\"", "echo \\$X '$X' \"\\$X\""),
                Arguments.of("echo $XY $Y ${X:-d} ${#X} $1 $$ $(date) $((1+2))",
                        "echo $XY $Y ${X:-d} ${#X} $1 $$ $(date) $((1+2))"),
                Arguments.of("echo \\$X \"\\$X\"", "echo \\$X \"\\$X\""),
                Arguments.of("echo \"it's $X\"", "echo \"it's ${X}\""),
                Arguments.of("echo '\"$X\"'", "echo '\"'\"${X}\"'\"'"));
    }

    @ParameterizedTest
    @MethodSource("rewrites")
    void shouldRewriteOnlyReferencesToDeclaredInputs(String command, String expected) {
        // when
        String rewritten = ShellReferences.rewrite(command, INPUTS);

        // then
        assertThat(rewritten).isEqualTo(expected);
    }

    static Stream<String> hostileValues() {
        return Stream.of("it's", "say \"hi\"", "$(touch pwned)", "`touch pwned`", "a; touch pwned", "a\ntouch pwned",
                "'; touch pwned; '", "\"; touch pwned; \"", "$X", "${X}", "*", "-n", "\\", "a  b\tc", "'\"'\"'",
                "$((1/0))", "!", "#", "~");
    }

    @ParameterizedTest
    @MethodSource("hostileValues")
    void shouldWriteAHostileValueLiterallyInEveryQuotingContext(String value) throws Exception {
        // given one command with the reference unquoted, in single quotes, in double quotes and braced
        String command = "printf '%s|' $X '$X' \"$X\" ${X} '<${X}>' \"<${X}>\"";

        // when
        String output = sh(ShellReferences.rewrite(command, Set.of("X")), Map.of("X", value));

        // then every context printed the value itself, and nothing in it ran
        assertThat(output).isEqualTo(String.join("|", value, value, value, value, "<" + value + ">",
                "<" + value + ">") + "|");
        assertThat(java.nio.file.Files.exists(java.nio.file.Path.of("pwned"))).isFalse();
    }

    private static String sh(String script, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", script).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().put("PATH", "/usr/bin:/bin");
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        return output;
    }
}
