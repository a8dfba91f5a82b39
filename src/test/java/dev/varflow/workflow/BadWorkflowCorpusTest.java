package dev.varflow.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.varflow.plugins.PluginRegistry;

/**
 * The corpus of bad workflow files in {@code src/test/resources/bad-workflows/<group>/}: each file starts with
 * {@code # expect: LINE:COL fragment} (an error at that place whose message holds the fragment) or
 * {@code # expect: not UTF-8 text at byte N}, and must be refused exactly so.
 */
class BadWorkflowCorpusTest {

    static final Path CORPUS = Path.of("src", "test", "resources", "bad-workflows");
    private static final Pattern LOCATED = Pattern.compile("# expect: (\\d+):(\\d+) (.+)");
    private static final Pattern ENCODING = Pattern.compile("# expect: (not UTF-8 text at byte \\d+)");

    /** The options of {@code varflow validate} with the repository's plugins folder, no start variables. */
    static LoadOptions validateOptions() {
        return new LoadOptions(Set.of(), Set.of(), name -> null)
                .withPlugins(PluginRegistry.load(Path.of("plugins")).descriptors());
    }

    static Stream<Path> files() throws IOException {
        try (Stream<Path> walk = Files.walk(CORPUS)) {
            return walk.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void shouldRefuseEachBadFileAtTheExpectedPlace(Path file) throws IOException {
        // given
        String expectation = firstLine(file);
        Matcher encoding = ENCODING.matcher(expectation);
        if (encoding.matches()) {
            // when / then
            assertThatThrownBy(() -> WorkflowFiles.read(file))
                    .hasMessageStartingWith(file + ": " + encoding.group(1) + " (0x");
            return;
        }
        Matcher located = LOCATED.matcher(expectation);
        assertThat(located.matches()).as("first line of %s: %s", file, expectation).isTrue();

        // when
        LoadResult result = WorkflowLoader.load(file.toString(), WorkflowFiles.read(file), validateOptions());

        // then
        List<String> errors = result.errors().stream()
                .map(p -> p.location().line() + ":" + p.location().column() + " " + p.message()
                        + (p.hint() == null ? "" : " (hint: " + p.hint() + ")")).toList();
        assertThat(result.workflow()).isNull();
        assertThat(errors).as("errors of %s", file)
                .anyMatch(error -> error.startsWith(located.group(1) + ":" + located.group(2) + " ")
                        && error.contains(located.group(3)));
    }

    @Test
    void shouldHoldAtLeastAHundredFilesInGroups() throws IOException {
        // given
        List<Path> files = files().toList();

        // when
        long groups = files.stream().map(Path::getParent).distinct().count();

        // then
        assertThat(files).hasSizeGreaterThanOrEqualTo(100);
        assertThat(groups).isGreaterThanOrEqualTo(8);
    }

    private static String firstLine(Path file) throws IOException {
        // The expectation is ASCII even in files that are not UTF-8.
        String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }
}
