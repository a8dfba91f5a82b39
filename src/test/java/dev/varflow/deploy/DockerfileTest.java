package dev.varflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks that the image keeps the application out of the runtime user's reach: its files are owned by root and
 * not writable by user 185 (or its group 0), and the process runs as a numeric non-root user. No Docker daemon is
 * needed: the Dockerfile is parsed into its stages and instructions.
 */
class DockerfileTest {

    private static final Path DOCKERFILE = Path.of("src/main/docker/Dockerfile.jvm").toAbsolutePath();
    private static final Pattern CHOWN = Pattern.compile("--chown=(\\S+)");
    private static final Pattern FROM_STAGE = Pattern.compile("--from=(\\S+)");

    /** One instruction (continuation lines joined), with the stage it belongs to. */
    private record Instruction(String stage, String keyword, String arguments) {
        @Override
        public String toString() {
            return "[" + stage + "] " + keyword + " " + arguments;
        }
    }

    private static List<Instruction> instructions;
    private static String finalStage;

    @BeforeAll
    static void parse() throws IOException {
        instructions = new ArrayList<>();
        String stage = null;
        int unnamed = 0;
        StringBuilder pending = new StringBuilder();
        for (String raw : Files.readAllLines(DOCKERFILE)) {
            String line = raw.strip();
            if (pending.isEmpty() && (line.isEmpty() || line.startsWith("#"))) {
                continue;
            }
            if (line.endsWith("\\")) {
                pending.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            String text = pending.append(line).toString().strip();
            pending.setLength(0);
            String[] parts = text.split("\\s+", 2);
            String keyword = parts[0].toUpperCase();
            String arguments = parts.length > 1 ? parts[1] : "";
            if (keyword.equals("FROM")) {
                Matcher as = Pattern.compile("(?i)\\s+AS\\s+(\\S+)$").matcher(arguments);
                stage = as.find() ? as.group(1) : "stage-" + unnamed++;
            }
            instructions.add(new Instruction(stage, keyword, arguments));
        }
        finalStage = stage;
    }

    @Test
    void shouldCopyEveryApplicationFileIntoTheFinalImageOwnedByRoot() {
        // given the COPY/ADD instructions of the stage that becomes the image
        List<Instruction> copies = instructions.stream().filter(i -> i.stage().equals(finalStage))
                .filter(i -> i.keyword().equals("COPY") || i.keyword().equals("ADD")).toList();

        // then each one hands its files to root, not to the runtime user
        assertThat(copies).as("COPY instructions of the final stage").hasSizeGreaterThanOrEqualTo(5);
        assertThat(copies).allSatisfy(copy -> {
            Matcher chown = CHOWN.matcher(copy.arguments());
            assertThat(chown.find()).as("%s sets --chown", copy).isTrue();
            assertThat(chown.group(1)).as("%s owner", copy).isIn("root:root", "0:0", "root", "0");
        });
        assertThat(copies).as("the jars and the plugins are among them")
                .anySatisfy(c -> assertThat(c.arguments()).contains("/deployments/lib/"))
                .anySatisfy(c -> assertThat(c.arguments()).contains("/deployments/plugins/"));
    }

    @Test
    void shouldStripGroupAndOtherWritePermissionBeforeCopying() {
        // given the stages the final image copies from
        List<String> sources = instructions.stream().filter(i -> i.stage().equals(finalStage))
                .filter(i -> i.keyword().equals("COPY")).map(i -> FROM_STAGE.matcher(i.arguments()))
                .filter(Matcher::find).map(m -> m.group(1)).distinct().toList();

        // then every such stage removes write permission for group and others from everything it copied
        // (user 185 is in group 0: a group-writable file from a umask-002 checkout would be writable for it)
        assertThat(sources).as("the final stage copies prepared files from a build stage").isNotEmpty();
        for (String source : sources) {
            assertThat(instructions).as("a RUN chmod in stage %s", source).anySatisfy(i -> {
                assertThat(i.stage()).isEqualTo(source);
                assertThat(i.keyword()).isEqualTo("RUN");
                assertThat(i.arguments()).containsPattern("chmod -R (u=rwX,go=rX|go-w|a-w)\\b");
            });
        }
        // and no COPY of the final stage takes files straight from the build context, modes unchecked
        assertThat(instructions.stream().filter(i -> i.stage().equals(finalStage))
                .filter(i -> i.keyword().equals("COPY")).toList())
                .allSatisfy(i -> assertThat(i.arguments()).as("%s", i).containsPattern(FROM_STAGE.pattern()));
    }

    @Test
    void shouldGiveTheApplicationDirectoryToRootAndRunAsANumericNonRootUser() {
        // given
        List<Instruction> last = instructions.stream().filter(i -> i.stage().equals(finalStage)).toList();

        // then /deployments itself (created by the base image for 185) no longer belongs to the runtime user
        assertThat(last).anySatisfy(i -> {
            assertThat(i.keyword()).isEqualTo("RUN");
            assertThat(i.arguments()).contains("chown root:root /deployments").contains("chmod 0755 /deployments");
        });
        // and the last USER is numeric (runAsNonRoot can verify it) and not root
        List<String> users = last.stream().filter(i -> i.keyword().equals("USER")).map(Instruction::arguments)
                .toList();
        assertThat(users).isNotEmpty();
        assertThat(users.get(users.size() - 1)).matches("\\d+").isNotEqualTo("0");
        // and nothing after that USER switches back or changes files
        int lastUser = last.lastIndexOf(last.stream().filter(i -> i.keyword().equals("USER")).reduce((a, b) -> b)
                .orElseThrow());
        assertThat(last.subList(lastUser + 1, last.size())).extracting(Instruction::keyword)
                .doesNotContain("USER", "RUN", "COPY", "ADD");
    }
}
