package io.pigateway.cron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pigateway.testing.FakeLlmServer;
import io.pigateway.testing.HeadlessChromium;
import io.pigateway.testing.PiTestRuntime;
import io.pigateway.testing.TestGateway;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The WebChat "Scheduled" panel in headless Chromium: it lists the cron jobs with their next run
 * and runs one on click. Skipped (not failed) when the browser is not installed, as WebChatBrowserTest.
 */
class CronPanelBrowserTest {

    @TempDir
    Path dir;

    @Test
    void thePanelListsJobsAndRunsOneNow() throws Exception {
        assumeTrue(HeadlessChromium.installed(), "chromium / chromedriver not installed");
        String cron = """
                "cron": { "enabled": true, "jobs": [ { "id": "panel", "schedule": { "kind": "every", "expr": "1h" },
                  "task": "panel task", "delivery": "silent" } ] }
                """;
        try (FakeLlmServer llm = new FakeLlmServer(); PiTestRuntime pi = PiTestRuntime.create(llm);
             TestGateway gw = TestGateway.start(pi, dir.resolve("data"), 0, 1, cron)) {
            WebDriver browser = HeadlessChromium.start(dir, "1200,800");
            try {
                WebDriverWait wait = HeadlessChromium.signIn(browser, gw);
                wait.until(d -> d.findElement(By.id("scheduled")).isDisplayed());
                By job = By.cssSelector("#cron-jobs li.cron-job[data-id=panel]");
                wait.until(d -> !d.findElements(job).isEmpty());
                assertThat(browser.findElement(job).findElement(By.cssSelector(".cron-meta")).getText())
                        .startsWith("next ");
                browser.findElement(job).findElement(By.cssSelector("button.cron-run")).click();
                wait.until(d -> d.findElement(job).findElement(By.cssSelector(".cron-meta")).getText()
                        .contains("last ok"));
            } finally {
                browser.quit();
            }
        }
    }
}
