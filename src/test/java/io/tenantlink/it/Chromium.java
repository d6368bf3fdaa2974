package io.tenantlink.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.stream.Collectors;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium for the *BrowserIT classes: starting it with a throw-away profile, waiting for a page to be
 * replaced after a submit, the axe-core check (no serious or critical violations), and walking a page with Tab.
 */
final class Chromium {

    private Chromium() {}

    /** A fresh headless Chromium (browser console logs kept, for the tests that check them). */
    static ChromeDriver start() throws IOException {
        Path profile = Files.createTempDirectory("chromium-profile");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("tenantlink.test.chromium", "/usr/bin/chromium"));
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
                "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(
                        new File(System.getProperty("tenantlink.test.chromedriver", "/usr/bin/chromedriver")))
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return driver;
    }

    /** Runs the action (a click, Enter in a field) and waits until the next page has replaced this one. */
    static void submitWith(ChromeDriver driver, Runnable action) {
        WebElement page = driver.findElement(By.tagName("html"));
        action.run();
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> replaced(page));
    }

    /**
     * Whether the page element is gone. While the old document is being replaced, Chrome sometimes answers "Node with
     * given id does not belong to the document" instead of a stale element: that is gone too (Selenium's
     * stalenessOf lets it escape as a failure).
     */
    private static boolean replaced(WebElement page) {
        try {
            page.isEnabled();
            return false;
        } catch (org.openqa.selenium.StaleElementReferenceException gone) {
            return true;
        } catch (org.openqa.selenium.WebDriverException replacing) {
            if (String.valueOf(replacing.getMessage()).contains("does not belong to the document")) {
                return true;
            }
            throw replacing;
        }
    }

    /** Signs in to the portal through its login page, with the keyboard. */
    static void signIn(ChromeDriver driver, String origin, String username, String password) {
        driver.get(origin + "/login");
        driver.findElement(By.id("username")).sendKeys(username);
        submitWith(driver, () -> driver.findElement(By.id("password")).sendKeys(password, Keys.ENTER));
    }

    /** axe-core finds no serious or critical violation on the current page. */
    static void assertAccessible(ChromeDriver driver, String page) {
        Results results = new AxeBuilder().analyze(driver);
        List<Rule> serious = results.getViolations().stream()
                .filter(v -> "serious".equals(v.getImpact()) || "critical".equals(v.getImpact()))
                .toList();
        assertTrue(
                serious.isEmpty(),
                page + ": axe-core found "
                        + serious.stream()
                                .map(v -> v.getId() + " (" + v.getImpact() + "): " + v.getHelp() + " at "
                                        + v.getNodes().stream()
                                                .map(n -> String.valueOf(n.getTarget()))
                                                .collect(Collectors.joining(", ")))
                                .collect(Collectors.joining("; ")));
        assertTrue(results.getPasses().size() > 0, "axe-core ran on " + page);
    }

    /**
     * The elements Tab reaches on the current page, in order, from the top until focus leaves the page or comes back
     * round: the ids of the focused elements, or their tag and text when they have no id. Call it on a freshly
     * loaded page (focus at the start of the document).
     */
    static List<String> tabStops(ChromeDriver driver, int max) {
        JavascriptExecutor js = driver;
        List<String> stops = new ArrayList<>();
        for (int i = 0; i < max; i++) {
            new org.openqa.selenium.interactions.Actions(driver)
                    .sendKeys(Keys.TAB)
                    .perform();
            String stop = (String)
                    js.executeScript(
                            "var e = document.activeElement;"
                                    + "if (!e || e === document.body) { return null; }"
                                    + "return e.id ? '#' + e.id : e.tagName.toLowerCase() + ':' + (e.textContent || e.value || '').trim().replace(/\\s+/g, ' ');");
            if (stop == null || stops.contains(stop) && stop.equals(stops.get(0))) {
                break;
            }
            stops.add(stop);
        }
        return stops;
    }
}
