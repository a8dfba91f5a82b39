package dev.varflow.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.varflow.plugins.PluginRegistry;
import dev.varflow.spi.PluginDescriptor;

/**
 * Every workflow the project shows validates cleanly with the real plugin descriptors: the files of
 * {@code workflows/} and {@code docs/examples/}, the {@code workflow:} blocks of README.md and docs/*.md, and their
 * task snippets ({@code - name: ...} blocks, checked inside a one-task workflow). Excerpts without {@code tasks:}
 * (a schedule or defaults block shown alone) and the documented bad example ({@code name: "broken"}) are left out.
 */
class GoodWorkflowsTest {

    private static final Pattern WORKFLOW = Pattern.compile("(?m)^workflow:[\\s\\S]*^  tasks:");
    private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL);

    static Stream<Arguments> examples() throws IOException {
        List<Arguments> examples = new ArrayList<>();
        for (Path folder : List.of(Path.of("workflows"), Path.of("docs", "examples"))) {
            try (Stream<Path> files = Files.list(folder)) {
                files.filter(f -> f.toString().endsWith(".yaml")).sorted().forEach(f -> examples.add(
                        Arguments.of(f.toString(), read(f))));
            }
        }
        List<Path> docs = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> files = Files.list(Path.of("docs"))) {
            files.filter(f -> f.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        for (Path doc : docs) {
            Matcher block = YAML_BLOCK.matcher(read(doc));
            int index = 0;
            while (block.find()) {
                index++;
                String yaml = block.group(1).stripIndent();
                if (yaml.startsWith("- name:")) {
                    yaml = "workflow:\n  name: snippet\n  tasks:\n" + yaml.indent(4);
                }
                examples.add(Arguments.of(doc + " yaml block " + index, yaml));
            }
        }
        return examples.stream().filter(example -> {
            String yaml = (String) example.get()[1];
            return WORKFLOW.matcher(yaml).find() && !yaml.contains("name: \"broken\"");
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void shouldValidateEveryShippedExampleCleanly(String where, String yaml) {
        // given the repository's plugins, and greet, the Java example plugin built by PluginRegistryTest
        List<PluginDescriptor> plugins = new ArrayList<>(PluginRegistry.load(Path.of("plugins")).descriptors());
        plugins.add(PluginDescriptor.undescribed("greet", "the Java example plugin"));
        LoadOptions options = new LoadOptions(java.util.Set.of(), null, name -> null).withPlugins(plugins);

        // when
        LoadResult result = WorkflowLoader.load(where, yaml, options);

        // then
        assertThat(result.errors()).as(where).isEmpty();
    }

    private static String read(Path file) {
        try {
            return WorkflowFiles.read(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
