package dev.varflow.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.varflow.plugins.PluginRegistry;
import dev.varflow.spi.PluginDescriptor;

/**
 * The published JSON Schema ({@code docs/varflow-workflow.schema.json}): it is what the generator makes of the
 * loader's keys and the repository's plugins, it accepts every shipped example, and it refuses what the loader
 * refuses wherever a schema can say so (the rest is listed in {@link #LOADER_ONLY}, with why).
 */
class WorkflowSchemaTest {

    static final Path PUBLISHED = Path.of("docs", "varflow-workflow.schema.json");
    static final String REGENERATE = "./varflow schema > docs/varflow-workflow.schema.json";

    /** Bad files a schema cannot refuse: it sees values, not their source text, other tasks or the server. */
    private static final Map<String, String> LOADER_ONLY = Map.ofEntries(
            Map.entry("bounds/02-", "a duration with a unit beyond 365d"),
            Map.entry("bounds/06-", "a duration that rounds to 0 ms"),
            Map.entry("bounds/07-", "exponent notation: YAML reads 1e3 as a number, the loader its text"),
            Map.entry("bounds/08-", "a duration with a unit beyond 365d"),
            Map.entry("bounds/12-", "a duration with a unit beyond 365d"),
            Map.entry("bounds/17-", "a duration with a unit beyond 365d"),
            Map.entry("defaults/05-", "a duration with a unit beyond 365d"),
            Map.entry("params/17-", "a duration with a unit beyond 365d"),
            Map.entry("params/20-", "a duration with a unit beyond 365d"),
            Map.entry("dataflow/01-", "dataflow: cycles"),
            Map.entry("dataflow/02-", "dataflow: depends_on naming no task"),
            Map.entry("dataflow/03-", "CEL conditions over declared variables"),
            Map.entry("dataflow/04-", "CEL syntax"),
            Map.entry("foreach/03-", "dataflow: a foreach variable that is no input of the task"),
            Map.entry("foreach/04-", "reserved variable names (LD_*, PATH, ... in any case)"),
            Map.entry("names/29-", "reserved variable names (LD_*, PATH, ... in any case)"),
            Map.entry("names/30-", "reserved variable names (AUTH_TOKEN in any case)"),
            Map.entry("names/31-", "task names unique in the workflow"),
            Map.entry("variables/04-", "reserved variable names (LD_*, PATH, ... in any case)"),
            Map.entry("variables/07-", "env values above varflow.max-variable-bytes"),
            Map.entry("variables/08-", "env values above varflow.max-variable-bytes"),
            Map.entry("variables/09-", "{{ENV:...}} outside the allowed prefixes"),
            Map.entry("variables/10-", "duplicate keys (a YAML reader keeps the last)"),
            Map.entry("structure/13-", "unknown plugins: the published schema accepts any plugin name "
                    + "(GET /api/schema and varflow schema --installed-only do not)"),
            Map.entry("structure/14-", "duplicate keys (a YAML reader keeps the last)"),
            Map.entry("structure/16-", "characters YAML forbids, as escapes"),
            Map.entry("structure/17-", "characters YAML forbids, as escapes"));

    @Test
    void shouldPublishWhatTheGeneratorMakesOfTheLoaderAndThePlugins() throws IOException {
        // given
        String generated = WorkflowSchema.json(PluginRegistry.load(Path.of("plugins")).descriptors(), false);

        // when
        String published = Files.readString(PUBLISHED);

        // then
        assertThat(published).as("%s is out of date; regenerate it with: %s", PUBLISHED, REGENERATE)
                .isEqualTo(generated);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.varflow.workflow.GoodWorkflowsTest#examples")
    void shouldAcceptEveryShippedExample(String where, String yaml) throws IOException {
        // given
        SchemaValidation schema = new SchemaValidation(published());

        // when
        List<String> errors = schema.errors(yaml);

        // then
        assertThat(errors).as(where).isEmpty();
    }

    /** The corpus but its encoding group: files that are no UTF-8 text are nothing a schema applies to. */
    static Stream<Path> badFiles() throws IOException {
        return BadWorkflowCorpusTest.files().filter(file -> !file.getParent().endsWith("encoding"))
                .filter(file -> loaderOnlyReason(file) == null);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFiles")
    void shouldRefuseWhatTheLoaderRefuses(Path file) throws IOException {
        // given
        SchemaValidation schema = new SchemaValidation(published());
        String text = new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.UTF_8);

        // when
        List<String> errors = schema.errors(text);

        // then
        assertThat(errors).as("schema errors for %s", file).isNotEmpty();
    }

    @Test
    void shouldListOnlyFilesTheSchemaAccepts() throws IOException {
        // given the files said to be the loader's alone
        SchemaValidation schema = new SchemaValidation(published());
        List<Path> loaderOnly = BadWorkflowCorpusTest.files().filter(file -> loaderOnlyReason(file) != null).toList();

        // when
        List<Path> refused = new ArrayList<>();
        for (Path file : loaderOnly) {
            if (!schema.errors(Files.readString(file)).isEmpty()) {
                refused.add(file);
            }
        }

        // then the list stays honest: a file the schema learnt to refuse leaves it
        assertThat(loaderOnly).hasSizeGreaterThanOrEqualTo(LOADER_ONLY.size());
        assertThat(refused).as("refused by the schema, so not loader-only").isEmpty();
    }

    @Test
    void shouldRefuseUnknownPluginsOnlyInAnInstallationsSchema() {
        // given
        List<PluginDescriptor> plugins = PluginRegistry.load(Path.of("plugins")).descriptors();
        String yaml = "workflow:\n  name: w\n  tasks:\n    - name: a\n      plugin: cmnd\n";

        // when
        List<String> closed = new SchemaValidation(WorkflowSchema.of(plugins, true)).errors(yaml);
        List<String> open = new SchemaValidation(WorkflowSchema.of(plugins, false)).errors(yaml);

        // then
        assertThat(closed).anyMatch(error -> error.contains("plugin"));
        assertThat(open).isEmpty();
    }

    @Test
    void shouldDescribeEachPluginsParamsWithTypesDefaultsAndExamples() {
        // when
        JsonNode schema = WorkflowSchema.of(PluginRegistry.load(Path.of("plugins")).descriptors(), false);

        // then
        JsonNode touched = schema.at("/definitions/params.touched");
        assertThat(touched.at("/required").toString()).isEqualTo("[\"file\"]");
        assertThat(touched.at("/properties/timeout/default").asLong()).isEqualTo(60);
        assertThat(touched.at("/properties/timeout/$ref").asText()).isEqualTo("#/definitions/duration");
        assertThat(touched.at("/additionalProperties").asBoolean()).isFalse();
        JsonNode wordCount = schema.at("/definitions/params.word-count/properties/min_length");
        assertThat(wordCount.at("/anyOf/0/minimum").asLong()).isEqualTo(1);
        assertThat(wordCount.at("/anyOf/0/maximum").asLong()).isEqualTo(1000);
        assertThat(wordCount.at("/examples/0").asLong()).isEqualTo(4);
        assertThat(schema.at("/definitions/task/properties/plugin/anyOf/0/enum").toString()).contains("\"cmd\"",
                "\"word-count\"", "\"start\"", "\"end\"");
    }

    @Test
    void shouldDescribeEveryKeyTheLoaderAccepts() {
        // given
        JsonNode schema = WorkflowSchema.of(List.of(), false);

        // when / then
        for (WorkflowKeys.Key key : WorkflowKeys.TASK) {
            assertThat(schema.at("/definitions/task/properties/" + key.name() + "/description").asText())
                    .as(key.name()).isEqualTo(key.description()).isNotBlank();
        }
        assertThat(schema.at("/definitions/workflow/properties").size()).isEqualTo(WorkflowKeys.WORKFLOW.size());
        assertThat(schema.at("/definitions/workflow/properties/workdir/type").toString()).contains("string");
    }

    private static JsonNode published() throws IOException {
        return new ObjectMapper().readTree(PUBLISHED.toFile());
    }

    private static String loaderOnlyReason(Path file) {
        String relative = BadWorkflowCorpusTest.CORPUS.relativize(file).toString().replace('\\', '/');
        return LOADER_ONLY.entrySet().stream().filter(entry -> relative.startsWith(entry.getKey()))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }
}
