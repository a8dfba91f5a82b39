package dev.varflow.it;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.BoundingBox;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** The web UI in a real browser, as a person uses it: build, open, edit, run and watch workflows. */
@QuarkusTest
@QuarkusTestResource(InfrastructureResource.class)
@IntegrationTest
class WebUiTest {

    private static Chromium chromium;

    @TestHTTPResource("/")
    URL base;

    private Page page;

    @BeforeAll
    static void launch() {
        chromium = Chromium.launch();
    }

    @AfterAll
    static void quit() {
        chromium.close();
    }

    @BeforeEach
    void open() {
        page = chromium.page(Map.of());
    }

    @AfterEach
    void closePage() {
        page.context().close();
    }

    private void go(String hash) {
        page.navigate(base + hash);
    }

    private Locator task(String name) {
        return page.locator("vf-graph g.node[data-task=\"" + name + "\"]");
    }

    private static String parallelPipeline() throws IOException {
        return Files.readString(Path.of("workflows/parallel-pipeline.yaml"));
    }

    private static void drag(Page page, Locator from, Locator to) {
        BoundingBox a = from.boundingBox();
        BoundingBox b = to.boundingBox();
        page.mouse().move(a.x + a.width / 2, a.y + a.height / 2);
        page.mouse().down();
        page.mouse().move(b.x + b.width / 2, b.y + b.height / 2, new com.microsoft.playwright.Mouse.MoveOptions().setSteps(8));
        page.mouse().up();
    }

    @Test
    void shouldBuildATwoTaskWorkflowOnTheCanvasSaveItRunItAndSeeTheVariableOnTheEdge() {
        // given an empty editor
        String name = "ui-built-" + UUID.randomUUID().toString().substring(0, 8);
        go("#/new");
        Locator canvas = page.locator("vf-editor vf-graph");
        assertThat(page.locator("vf-palette .plugin[data-plugin=start]")).isVisible();

        // when a start and a noop task are dragged from the palette and START's TRUE is linked to NOOP
        page.locator("vf-palette .plugin[data-plugin=start]").dragTo(canvas);
        assertThat(task("START")).isVisible();
        page.locator("vf-palette .plugin[data-plugin=noop]").dragTo(canvas);
        assertThat(task("NOOP")).isVisible();
        drag(page, task("START").locator("circle.port.out.new"), task("NOOP").locator("rect.box"));
        Locator dialog = page.locator("vf-editor dialog#link");
        dialog.locator("input").fill("TRUE");
        dialog.locator("button[type=submit]").click();
        assertThat(page.locator("vf-graph g.edge[data-from=START][data-to=NOOP]")).isVisible();
        Locator yaml = page.locator("vf-yaml textarea");
        yaml.fill(yaml.inputValue().replace("my-workflow", name));
        assertThat(page.locator("vf-editor .status")).hasText("valid");
        Chromium.screenshot(page, "editor-new");
        page.locator("vf-editor #save").click();
        assertThat(page.locator("vf-editor .message")).containsText("Saved " + name + " version 1");
        page.locator("vf-editor #run").click();
        page.locator("vf-start-form #start-run").click();

        // then both tasks turn green and the edge shows the variable's value
        assertThat(page.locator("vf-run #run-status")).hasText("SUCCEEDED");
        assertThat(task("START")).hasAttribute("data-state", "SUCCEEDED");
        assertThat(task("NOOP")).hasAttribute("data-state", "SUCCEEDED");
        assertThat(page.locator("vf-graph g.edge.set[data-variable=TRUE] text")).hasText("TRUE= 1");
    }

    @Test
    void shouldShowTheSplitAndTheJoinOfTheParallelExample() throws IOException {
        // given
        Api.register(parallelPipeline());

        // when
        go("#/workflows/parallel-pipeline");

        // then
        assertThat(task("EXTRACT")).hasClass(Pattern.compile("\\bsplit\\b"));
        assertThat(task("EXTRACT").locator("text.badge")).hasText("SPLIT");
        assertThat(task("REPORT")).hasClass(Pattern.compile("\\bjoin\\b"));
        assertThat(task("REPORT").locator("text.badge")).hasText("JOIN");
        assertThat(page.locator("vf-graph g.edge[data-variable=DATA_FILE]")).hasCount(3);
        assertThat(page.locator("vf-graph g.edge[data-from=CHECKSUM][data-to=REPORT] text")).hasText("CHECKSUM");
        Chromium.screenshot(page, "editor-parallel");
    }

    @Test
    void shouldChangeExactlyOneYamlLineWhenAParamIsEditedInThePropertyPanel() throws IOException {
        // given
        Api.register(parallelPipeline());
        go("#/workflows/parallel-pipeline");
        Locator yaml = page.locator("vf-yaml textarea");
        assertThat(yaml).hasValue(Pattern.compile("timeout: 30"));
        String before = yaml.inputValue();

        // when
        task("CHECKSUM").locator("rect.box").click();
        Locator timeout = page.locator("vf-properties input[name=\"params.timeout\"]");
        assertThat(timeout).hasValue("30");
        timeout.fill("45");
        timeout.press("Tab");

        // then
        assertThat(yaml).hasValue(Pattern.compile("timeout: 45"));
        List<String> changed = changedLines(before, yaml.inputValue());
        assertThat(changed).containsExactly("        timeout: 30 ->         timeout: 45");
        assertThat(page.locator("vf-yaml .gutter .changed")).hasCount(1);
        Chromium.screenshot(page, "editor");
    }

    @Test
    void shouldShowTheErrorOnTheTaskAndOnTheYamlLineOfABrokenWorkflow() throws IOException {
        // given
        Api.register(parallelPipeline());
        go("#/workflows/parallel-pipeline");
        Locator yaml = page.locator("vf-yaml textarea");
        assertThat(yaml).hasValue(Pattern.compile("timeout: 30"));

        // when
        yaml.fill(yaml.inputValue().replace("timeout: 30", "timeout: \"next tuesday\""));

        // then
        assertThat(task("CHECKSUM")).hasClass(Pattern.compile("\\bproblem\\b"));
        int line = lineOf(yaml.inputValue(), "next tuesday");
        assertThat(page.locator("vf-yaml .gutter div[data-line=\"" + line + "\"]")).hasClass(Pattern.compile("\\bbad\\b"));
        assertThat(page.locator("vf-editor .problems .error")).containsText(":" + line + ":");
        assertThat(page.locator("vf-editor #save")).isDisabled();
        task("CHECKSUM").locator("rect.box").click();
        assertThat(page.locator("vf-properties .problem")).containsText("next tuesday");
        Chromium.screenshot(page, "editor-broken");
    }

    @Test
    void shouldShowWhyARunFailedWithTheTasksErrorAndExitCode() {
        // given
        String name = "ui-fails-" + UUID.randomUUID().toString().substring(0, 8);
        Api.register("""
                workflow:
                  name: "%s"
                  tasks:
                    - {name: START, plugin: start, outputs: [TRUE]}
                    - name: BOOM
                      plugin: cmd
                      inputs: [TRUE]
                      params: {command: "echo about to fail; echo broken pipe >&2; exit 3"}
                """.formatted(name));
        String runId = Api.start(name, Map.of());
        Api.awaitFinished(runId, Duration.ofSeconds(60));

        // when
        go("#/runs/" + runId);

        // then
        assertThat(page.locator("vf-run #run-status")).hasText("FAILED");
        assertThat(page.locator("vf-run .why")).containsText("BOOM FAILED with exit code 3");
        assertThat(task("BOOM")).hasAttribute("data-state", "FAILED");
        assertThat(page.locator("vf-run .exit-code")).hasText("3");
        assertThat(page.locator("vf-run .task-panel")).containsText("about to fail");
        Chromium.screenshot(page, "run-failed");
    }

    @Test
    void shouldPauseAndResumeARunFromItsPage() {
        // given a run whose second task starts only after the first has slept
        String name = "ui-pause-" + UUID.randomUUID().toString().substring(0, 8);
        Api.register("""
                workflow:
                  name: "%s"
                  tasks:
                    - {name: START, plugin: start, outputs: [TRUE]}
                    - name: SLOW
                      plugin: cmd
                      inputs: [TRUE]
                      outputs: [DONE]
                      params: {command: "sleep 3; echo DONE=yes"}
                    - {name: END, plugin: end, inputs: [DONE]}
                """.formatted(name));
        String runId = Api.start(name, Map.of());
        go("#/runs/" + runId);
        assertThat(page.locator("vf-run #run-status")).hasText("RUNNING");

        // when
        page.locator("vf-run #pause").click();

        // then
        assertThat(page.locator("vf-run #run-status")).hasText("PAUSED");
        assertThat(page.locator("vf-run .why")).containsText("Paused");
        Chromium.screenshot(page, "run-paused");
        page.locator("vf-run #resume").click();
        assertThat(page.locator("vf-run #run-status")).hasText("SUCCEEDED",
                new com.microsoft.playwright.assertions.LocatorAssertions.HasTextOptions().setTimeout(30_000));
        assertThat(task("END")).hasAttribute("data-state", "SUCCEEDED");
    }

    @Test
    void shouldReplayARunsTimeline() throws IOException {
        // given a finished run of the parallel example
        Api.register(parallelPipeline());
        String runId = Api.start("parallel-pipeline", Map.of());
        Api.awaitFinished(runId, Duration.ofSeconds(60));
        go("#/runs/" + runId);
        assertThat(page.locator("vf-run #run-status")).hasText("SUCCEEDED");

        // when the slider is moved to the step where DATA_FILE is set
        page.locator("vf-run #timeline").click();
        Locator slider = page.locator("vf-timeline input[type=range]");
        assertThat(slider).isVisible();
        int step = 0;
        for (int i = 1; i < 60; i++) {
            slider.evaluate("(s, v) => { s.value = v; s.dispatchEvent(new Event('input')); }", i);
            if (page.locator("vf-timeline .now").textContent().contains("DATA_FILE =")) {
                step = i;
                break;
            }
        }

        // then the three branches fed by DATA_FILE are highlighted, and REPORT has not run yet
        assertThat(step).isPositive();
        assertThat(task("COUNT_LINES")).hasClass(Pattern.compile("\\blit\\b"));
        assertThat(task("CHECKSUM")).hasClass(Pattern.compile("\\blit\\b"));
        assertThat(task("REPORT")).not().hasAttribute("data-state", "SUCCEEDED");
        Chromium.screenshot(page, "run-timeline");
    }

    @Test
    void shouldListWorkflowsAndRunsWithFilters() throws IOException {
        // given
        Api.register(parallelPipeline());
        String runId = Api.start("parallel-pipeline", Map.of());
        Api.awaitFinished(runId, Duration.ofSeconds(60));

        // when
        go("#/workflows");

        // then
        assertThat(page.locator("vf-workflows tr[data-workflow=parallel-pipeline]")).isVisible();
        go("#/runs");
        page.locator("vf-runs #workflow").fill("parallel-pipeline");
        page.locator("vf-runs #workflow").press("Enter");
        page.locator("vf-runs #status").selectOption("SUCCEEDED");
        assertThat(page.locator("vf-runs tr[data-run=\"" + runId + "\"]")).isVisible();
        page.locator("vf-runs #status").selectOption("FAILED");
        assertThat(page.locator("vf-runs tr[data-run=\"" + runId + "\"]")).hasCount(0);
    }

    private static int lineOf(String text, String needle) {
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(needle)) {
                return i + 1;
            }
        }
        throw new AssertionError("no line with " + needle);
    }

    private static List<String> changedLines(String before, String after) {
        List<String> a = before.lines().toList();
        List<String> b = after.lines().toList();
        List<String> changed = new ArrayList<>();
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            String left = i < a.size() ? a.get(i) : null;
            String right = i < b.size() ? b.get(i) : null;
            if (!java.util.Objects.equals(left, right)) {
                changed.add(left + " -> " + right);
            }
        }
        return changed;
    }
}
