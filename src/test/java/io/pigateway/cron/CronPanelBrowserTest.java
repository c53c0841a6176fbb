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
 * and runs one on click; a job announcing to the open chat shows its answer there, also after a
 * reload. Skipped (not failed) when the browser is not installed, as WebChatBrowserTest.
 */
class CronPanelBrowserTest {

    @TempDir
    Path dir;

    @Test
    void thePanelListsJobsRunsOneNowAndTheChatShowsAnAnnouncedAnswer() throws Exception {
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

                // a job announcing to this chat: its answer appears in the open page, and after a reload
                browser.findElement(By.id("prompt")).sendKeys("hello page");
                browser.findElement(By.id("send")).click();
                wait.until(d -> !d.findElements(By.cssSelector(".msg.assistant[data-state=final]")).isEmpty());
                java.util.List<String> keys = new java.util.ArrayList<>();
                CronRestartTest.get(gw, "/api/sessions").path("sessions")
                        .forEach(x -> keys.add(x.path("key").asText()));
                String key = keys.stream().filter(k -> k.contains(":webchat:")).findFirst().orElseThrow();
                assertThat(gw.post("/api/cron/jobs", """
                        {"id":"to-page","schedule":{"kind":"every","expr":"1h"},"task":"panel news",
                         "delivery":"announce","to":"webchat:%s"}""".formatted(key)).statusCode()).isEqualTo(200);
                assertThat(gw.post("/api/cron/jobs/to-page/run", "").statusCode()).isEqualTo(200);
                By announced = By.xpath("//div[contains(@class,'assistant')]/div[contains(@class,'body')]"
                        + "[normalize-space()='echo: panel news']");
                wait.until(d -> !d.findElements(announced).isEmpty());
                browser.navigate().refresh();
                wait.until(d -> !d.findElements(announced).isEmpty());
            } finally {
                browser.quit();
            }
        }
    }
}
