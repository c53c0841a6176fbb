package io.pigateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pigateway.testing.FakeLlmServer;
import io.pigateway.testing.PiTestRuntime;
import io.pigateway.testing.TestGateway;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The WebChat page in a real headless Chromium (Debian's chromium + chromium-driver): sign in with
 * the token, send a message, watch the reply stream in from the real pi and the fake LLM.
 * Skipped (not failed) only when the browser is not installed; CI installs it.
 */
class WebChatBrowserTest {
    static final File CHROMIUM = new File("/usr/bin/chromium");
    static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");

    @TempDir
    Path dir;

    @Test
    void signInSendAndSeeTheStreamedReply() throws Exception {
        assumeTrue(CHROMIUM.canExecute() && CHROMEDRIVER.canExecute(), "chromium / chromedriver not installed");
        try (FakeLlmServer llm = new FakeLlmServer(); PiTestRuntime pi = PiTestRuntime.create(llm);
             TestGateway gw = TestGateway.start(pi, dir.resolve("data"), 0, 1, null)) {
            // a slow, chunked answer so the page has a streaming phase to show
            llm.setResponder(req -> FakeLlmServer.Reply.chunked("Hello from **pi** via the gateway.", 6).chunkDelay(150));
            WebDriver browser = browser();
            try {
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
                wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class); // lists re-render
                browser.get(gw.url("/"));
                wait.until(d -> d.findElement(By.id("login-form")).isDisplayed());
                browser.findElement(By.id("login-input")).sendKeys(TestGateway.TOKEN);
                browser.findElement(By.id("login-submit")).click();
                wait.until(d -> "connected".equals(d.findElement(By.id("status")).getText()));

                browser.findElement(By.id("prompt")).sendKeys("hello browser");
                browser.findElement(By.id("send")).click();
                wait.until(d -> !d.findElements(By.cssSelector(".msg.assistant[data-state=streaming] .body"))
                        .isEmpty() || !d.findElements(By.cssSelector(".msg.assistant[data-state=final]")).isEmpty());
                wait.until(d -> !d.findElements(By.cssSelector(".msg.assistant[data-state=final]")).isEmpty());
                String reply = browser.findElement(By.cssSelector(".msg.assistant[data-state=final] .body")).getText();
                assertThat(reply).contains("Hello from pi via the gateway.");
                // Markdown rendered, not injected: the bold is an element, the asterisks are gone
                assertThat(browser.findElements(By.cssSelector(".msg.assistant .body strong"))).isNotEmpty();
                assertThat(browser.findElement(By.cssSelector(".msg.user .body")).getText()).isEqualTo("hello browser");
                wait.until(d -> !d.findElements(By.cssSelector("#sessions button.session")).isEmpty());

                Path shot = Path.of("target", "webchat-browser.png");
                Files.createDirectories(shot.getParent());
                Files.write(shot, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
                assertThat(Files.size(shot)).isGreaterThan(1000);
            } finally {
                browser.quit();
                llm.setResponder(null);
            }
        }
    }

    @Test
    void onAPhoneTheFirstMessageTitlesTheChatAndAFailedTurnStaysInTheHistory() throws Exception {
        assumeTrue(CHROMIUM.canExecute() && CHROMEDRIVER.canExecute(), "chromium / chromedriver not installed");
        try (FakeLlmServer llm = new FakeLlmServer(); PiTestRuntime pi = PiTestRuntime.create(llm);
             TestGateway gw = TestGateway.start(pi, dir.resolve("data"), 0, 1, null)) {
            WebDriver browser = browser("390,844");
            try {
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
                wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class); // lists re-render
                JavascriptExecutor js = (JavascriptExecutor) browser;
                browser.get(gw.url("/"));
                wait.until(d -> d.findElement(By.id("login-form")).isDisplayed());
                // the sign-in page says where the token is
                assertThat(browser.findElement(By.id("token-hint")).getText()).contains("gateway.auth.token");
                browser.findElement(By.id("login-input")).sendKeys(TestGateway.TOKEN);
                browser.findElement(By.id("login-submit")).click();
                wait.until(d -> "connected".equals(d.findElement(By.id("status")).getText()));

                // phone layout: nothing wider than the screen, and the closed drawer casts no shadow
                assertThat((Boolean) js.executeScript(
                        "return document.documentElement.scrollWidth <= document.documentElement.clientWidth")).isTrue();
                assertThat(js.executeScript("return getComputedStyle(document.getElementById('sidebar')).boxShadow"))
                        .isEqualTo("none");

                browser.findElement(By.id("prompt")).sendKeys("Plan a weekend in Rome");
                browser.findElement(By.id("send")).click();
                wait.until(d -> !d.findElements(By.cssSelector(".msg.assistant[data-state=final]")).isEmpty());
                // the one-line prompt has no scrollbar after a send
                assertThat((Boolean) js.executeScript(
                        "const p = document.getElementById('prompt'); return p.scrollHeight <= p.clientHeight")).isTrue();
                // the chat is named after its first message
                // read in one script: the sidebar re-renders, so element handles can go stale
                wait.until(d -> (Boolean) js.executeScript("return [...document.querySelectorAll('#sessions"
                        + " .session-name')].some(e => e.textContent === arguments[0])", "Plan a weekend in Rome"));
                assertThat(browser.findElement(By.id("title")).getText()).isEqualTo("Plan a weekend in Rome");

                // a turn the model refuses keeps the message and the error, also after a reload
                llm.setResponder(req -> FakeLlmServer.Reply.error(400));
                browser.findElement(By.id("prompt")).sendKeys("this one fails");
                browser.findElement(By.id("send")).click();
                wait.until(d -> !d.findElements(By.cssSelector(".msg.assistant[data-state=error]")).isEmpty());
                browser.navigate().refresh();
                wait.until(d -> "connected".equals(d.findElement(By.id("status")).getText()));
                wait.until(d -> d.findElements(By.cssSelector(".msg.user .body")).stream()
                        .anyMatch(e -> "this one fails".equals(e.getAttribute("textContent"))));
                assertThat(browser.findElements(By.cssSelector(".msg.assistant[data-state=error]"))).isNotEmpty();
            } finally {
                browser.quit();
                llm.setResponder(null);
            }
        }
    }

    @Test
    void aPageSignedInWithARotatedTokenShowsTheSignInFormWhenTheGraceEnds() throws Exception {
        assumeTrue(CHROMIUM.canExecute() && CHROMEDRIVER.canExecute(), "chromium / chromedriver not installed");
        try (FakeLlmServer llm = new FakeLlmServer(); PiTestRuntime pi = PiTestRuntime.create(llm);
             io.pigateway.app.GatewayRuntime gw = TokenRotationEndToEndTest.start(pi, dir)) {
            String oldToken = Files.readString(dir.resolve("data").resolve("gateway-token")).trim();
            WebDriver browser = browser();
            try {
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
                browser.get(gw.baseUrl() + "/");
                wait.until(d -> d.findElement(By.id("login-form")).isDisplayed());
                browser.findElement(By.id("login-input")).sendKeys(oldToken);
                browser.findElement(By.id("login-submit")).click();
                wait.until(d -> "connected".equals(d.findElement(By.id("status")).getText()));

                java.net.http.HttpResponse<String> rotated = java.net.http.HttpClient.newHttpClient().send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create(gw.baseUrl() + "/api/auth/rotate"))
                                .header("Authorization", "Bearer " + oldToken).header("Content-Type", "application/json")
                                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"graceMs\":1500}")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                assertThat(rotated.statusCode()).isEqualTo(200);

                wait.until(d -> d.findElement(By.id("login-form")).isDisplayed());
                assertThat(browser.findElement(By.id("login-error")).getText())
                        .isEqualTo("The gateway token was changed; please sign in with the new token.");
                assertThat(browser.findElement(By.id("chat")).isDisplayed()).isFalse();
            } finally {
                browser.quit();
            }
        }
    }

    private WebDriver browser() throws Exception {
        return browser("1200,800");
    }

    private WebDriver browser(String windowSize) throws Exception {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--window-size=" + windowSize, "--user-data-dir=" + Files.createDirectories(dir.resolve("chromium-profile")));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER)
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }
}
