package dev.varflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Guards the unit tier: a test class that boots Quarkus, the test infrastructure, a broker, a JDBC connection or the
 * packaged jar must carry {@code @IntegrationTest}, or {@code ./mvnw test} would need PostgreSQL again. Runs with the
 * project root as working directory.
 */
class TestTiersTest {

    private static final Path TESTS = Path.of("src/test/java");
    private static final Path SELF = Path.of("dev/varflow/TestTiersTest.java");
    private static final List<String> NEEDS_INFRASTRUCTURE = List.of("@QuarkusTest", "InfrastructureResource.class",
            "EmbeddedKafka.start", "DriverManager.getConnection", "quarkus-app/quarkus-run.jar");

    @Test
    void shouldTagEveryTestClassThatNeedsInfrastructure() throws IOException {
        // given
        List<Path> testClasses;
        try (Stream<Path> files = Files.walk(TESTS)) {
            testClasses = files.filter(f -> f.toString().endsWith("Test.java") || f.toString().endsWith("IT.java"))
                    .filter(f -> !f.endsWith(SELF)) // names every marker, needs none
                    .sorted().toList();
        }

        // when
        List<String> untagged = testClasses.stream()
                .filter(f -> needsInfrastructure(f) && !read(f).contains("\n@IntegrationTest\n"))
                .map(f -> TESTS.relativize(f).toString())
                .toList();

        // then
        assertThat(testClasses).hasSizeGreaterThan(60);
        assertThat(untagged).isEmpty();
    }

    private static boolean needsInfrastructure(Path file) {
        String text = read(file);
        return NEEDS_INFRASTRUCTURE.stream().anyMatch(text::contains);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException("Expected to read " + file + ", but " + e.getMessage(), e);
        }
    }
}
