package dev.varflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;

/**
 * The system's Chromium driven by Playwright for the web UI tests. A missing browser fails the tests (the test
 * setup installs Debian's chromium); it is never skipped. VARFLOW_TEST_CHROMIUM names another executable.
 */
final class Chromium implements AutoCloseable {

    static final Path SCREENSHOTS = Path.of("target", "ui-screenshots");

    private final Playwright playwright;
    private final Browser browser;

    private Chromium(Playwright playwright, Browser browser) {
        this.playwright = playwright;
        this.browser = browser;
    }

    static Chromium launch() {
        Path executable = Path.of(System.getenv().getOrDefault("VARFLOW_TEST_CHROMIUM", "/usr/bin/chromium"));
        assertThat(Files.isExecutable(executable))
                .as("Expected a Chromium at %s for the web UI tests (apt-get install chromium), but there is none",
                        executable)
                .isTrue();
        // Generous: two shared cores, and the first layout of a run loads ELK's classes.
        com.microsoft.playwright.assertions.PlaywrightAssertions.setDefaultAssertionTimeout(20_000);
        // The driver ships in the jar; the browser is the system's, so Playwright must not download its own.
        Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(executable).setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-dev-shm-usage", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--no-first-run")));
        return new Chromium(playwright, browser);
    }

    /** A fresh page (own cookies and storage) of 1400x860, with these extra request headers. */
    Page page(Map<String, String> headers) {
        Page page = browser.newContext(new Browser.NewContextOptions().setViewportSize(1400, 860)
                .setExtraHTTPHeaders(headers)).newPage();
        page.setDefaultTimeout(20_000);
        // The browser's errors land in the test output, where a failing assertion's cause is looked for.
        page.onConsoleMessage(message -> System.out.println("browser " + message.type() + ": " + message.text()));
        page.onPageError(error -> System.out.println("browser error: " + error));
        page.onResponse(response -> {
            if (response.status() >= 400) {
                System.out.println("browser got " + response.status() + " for " + response.url());
            }
        });
        return page;
    }

    static void screenshot(Page page, String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")));
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}
