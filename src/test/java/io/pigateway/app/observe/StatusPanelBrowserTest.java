package io.pigateway.app.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pigateway.testing.FakeLlmServer;
import io.pigateway.testing.FakeTelegramServer;
import io.pigateway.testing.HeadlessChromium;
import io.pigateway.testing.PiTestRuntime;
import io.pigateway.testing.TestGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The WebChat "Status" panel in headless Chromium: the Telegram account shows up, the turns
 * sparkline and pool line move after turns, and a rejected bot token turns the account down with
 * its reason. Screenshots land in {@code target/status-panel-*.png}. Skipped (not failed) when
 * the browser is not installed, as the other browser tests.
 */
class StatusPanelBrowserTest {
    static final String BOT = "100:PANEL";

    @TempDir
    Path dir;

    @Test
    void thePanelShowsChannelsPoolAndTurnsAndAParkedAccountWithItsReason() throws Exception {
        assumeTrue(HeadlessChromium.installed(), "chromium / chromedriver not installed");
        try (FakeLlmServer llm = new FakeLlmServer(); PiTestRuntime pi = PiTestRuntime.create(llm);
             FakeTelegramServer telegram = new FakeTelegramServer();
             TestGateway gw = TestGateway.start(pi, dir.resolve("data"), 1, 1, """
                     "channels": { "telegram": { "enabled": true, "apiBaseUrl": "%s", "botToken": "%s", "dmPolicy": "open",
                       "streamingMode": "off" } }
                     """.formatted(telegram.baseUrl(), BOT))) {
            WebDriver browser = HeadlessChromium.start(dir, "1200,900");
            try {
                WebDriverWait wait = HeadlessChromium.signIn(browser, gw);
                By account = By.cssSelector("#status-channels li.status-channel[data-channel=telegram][data-account=default]");
                wait.until(d -> !d.findElements(account).isEmpty()
                        && "up".equals(d.findElement(account).getAttribute("data-state")));
                assertThat(browser.findElement(By.id("status-panel")).getAttribute("data-status")).isEqualTo("ok");

                for (int i = 0; i < 3; i++) {
                    assertThat(gw.chat("panel turn " + i, "agent:main:api:dm:panel").path("_status").asInt()).isEqualTo(200);
                }
                wait.until(d -> d.findElement(By.id("status-turns-text")).getText().matches("turns/min [1-9].*avg .* s"));
                assertThat(browser.findElement(By.id("status-spark")).getAttribute("points")).contains(",");
                assertThat(browser.findElement(By.id("status-pool")).getText()).matches("pi: \\d busy · \\d idle · \\d starting · 0 crashes");
                screenshot(browser, "up");

                telegram.failNext("getUpdates", 3, 401, "Unauthorized", null);
                wait.until(d -> "down".equals(d.findElement(account).getAttribute("data-state")));
                assertThat(browser.findElement(account).findElement(By.cssSelector(".status-reason")).getText())
                        .startsWith("parked: Telegram rejected the bot token");
                // a parked channel degrades the gateway; it stays ready for WebChat and the others
                assertThat(browser.findElement(By.id("status-panel")).getAttribute("data-status")).isEqualTo("degraded");
                screenshot(browser, "parked");
            } finally {
                browser.quit();
            }
        }
    }

    private static void screenshot(WebDriver browser, String name) throws Exception {
        Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Path target = Files.createDirectories(Path.of("target")).resolve("status-panel-" + name + ".png");
        Files.copy(shot, target, StandardCopyOption.REPLACE_EXISTING);
        System.out.println("Status panel screenshot: " + target.toAbsolutePath());
    }
}
