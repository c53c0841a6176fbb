package io.pigateway.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Debian's chromium + chromedriver, headless, for the WebChat panel tests; they skip when it is not installed. */
public final class HeadlessChromium {
    static final File CHROMIUM = new File("/usr/bin/chromium");
    static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");

    private HeadlessChromium() {
    }

    public static boolean installed() {
        return CHROMIUM.canExecute() && CHROMEDRIVER.canExecute();
    }

    /** A browser with its own profile under {@code dir}; the caller quits it. */
    public static WebDriver start(Path dir, String windowSize) throws IOException {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-dev-shm-usage", "--window-size=" + windowSize,
                "--user-data-dir=" + Files.createDirectories(dir.resolve("chromium-profile")));
        return new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER)
                .usingAnyFreePort().build(), options);
    }

    /** Opens the WebChat of {@code gw}, signs in with the test token and waits until it is connected. */
    public static WebDriverWait signIn(WebDriver browser, TestGateway gw) {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class); // the panels re-render
        browser.get(gw.url("/"));
        wait.until(d -> d.findElement(By.id("login-form")).isDisplayed());
        browser.findElement(By.id("login-input")).sendKeys(TestGateway.TOKEN);
        browser.findElement(By.id("login-submit")).click();
        wait.until(d -> "connected".equals(d.findElement(By.id("status")).getText()));
        return wait;
    }
}
