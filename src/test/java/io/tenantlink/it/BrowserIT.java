package io.tenantlink.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.List;
import java.util.logging.Level;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * The portal in a real browser (Debian's headless Chromium): pages render without console errors
 * or Content-Security-Policy violations, the keyboard alone signs in (a new account's first sign-in,
 * which asks for a new password as the bootstrap operator's does), and axe-core finds no serious
 * or critical accessibility violations.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class BrowserIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return PortalDeployment.sharedPortal();
    }

    @ArquillianResource
    URL base;

    private ChromeDriver driver;
    private String origin;

    @BeforeEach
    void startChromium() throws Exception {
        origin = "http://localhost:" + base.getPort();
        driver = Chromium.start();
    }

    @AfterEach
    void stopChromium() {
        if (driver != null) {
            driver.quit();
        }
    }

    @Test
    void signInWithTheKeyboardAndEveryPageRendersCleanly() {
        String person = new Portal(base).newAccount("browser");
        driver.get(origin + "/login");
        assertEquals("Sign in", driver.getTitle());
        assertAccessible("login");

        // Keyboard only: type, Tab to the next field, Enter submits.
        driver.findElement(By.id("username")).sendKeys(person, Keys.TAB);
        submitWith(() -> driver.switchTo().activeElement().sendKeys(Portal.FIRST_PASSWORD, Keys.ENTER));
        assertTrue(driver.getCurrentUrl().endsWith("/account/password"), driver.getCurrentUrl());
        assertAccessible("password change");

        driver.findElement(By.id("currentPassword")).sendKeys(Portal.FIRST_PASSWORD);
        driver.findElement(By.id("newPassword")).sendKeys(Portal.PASSWORD);
        submitWith(() -> driver.findElement(By.id("confirmPassword")).sendKeys(Portal.PASSWORD, Keys.ENTER));
        assertTrue(driver.getCurrentUrl().endsWith("/sites"), driver.getCurrentUrl());
        assertTrue(driver.findElement(By.cssSelector(".sandbox-banner")).isDisplayed(), "sandbox banner shown");
        assertTrue(driver.findElement(By.tagName("main")).getText().contains("Your password was changed."));
        assertAccessible("sites, none of them the new account's");

        // The operator's pages, signed in with the keyboard too.
        driver.manage().deleteAllCookies();
        Chromium.signIn(driver, origin, Portal.OPERATOR, Portal.OPERATOR_PASSWORD);
        assertTrue(driver.getCurrentUrl().endsWith("/sites"), driver.getCurrentUrl());
        String site = Portal.unique("Browser Site ");
        driver.get(origin + "/sites/new");
        submitWith(() -> driver.findElement(By.id("name")).sendKeys(site, Keys.ENTER));
        assertTrue(driver.findElement(By.tagName("h1")).getText().contains(site));
        assertAccessible("site");

        for (String path : List.of(
                "/sites", "/accounts", "/accounts/new", "/audit", "/audit/1", "/audit/verify", "/no-such-page")) {
            driver.get(origin + path);
            assertAccessible(path);
        }
        assertStylesApplied();

        // The grant history fits a 1280 px wide screen: long values wrap instead of widening the page.
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));
        for (String path : List.of("/audit", "/audit/1", "/audit/verify")) {
            driver.get(origin + path);
            Object overflow = ((org.openqa.selenium.JavascriptExecutor) driver)
                    .executeScript("return document.documentElement.scrollWidth - window.innerWidth;");
            assertTrue(((Number) overflow).longValue() <= 0, path + " is wider than the screen by " + overflow + " px");
        }
    }

    /** Submits a form and waits until the next page has replaced this one. */
    private void submitWith(Runnable action) {
        Chromium.submitWith(driver, action);
    }

    /** The external stylesheet loaded (CSP allows 'self'): the banner has its background colour. */
    private void assertStylesApplied() {
        driver.get(origin + "/sites");
        String background =
                driver.findElement(By.cssSelector(".sandbox-banner")).getCssValue("background-color");
        assertEquals("rgba(255, 240, 179, 1)", background);
    }

    private void assertAccessible(String page) {
        List<LogEntry> problems = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue()
                        || e.getMessage().contains("Content Security Policy"))
                .filter(e -> !e.getMessage().contains("favicon.ico"))
                // The not-found page itself answers 404 on purpose; Chromium reports that status as an error.
                .filter(e -> !(page.equals("/no-such-page") && e.getMessage().contains("status of 404")))
                .toList();
        assertTrue(problems.isEmpty(), page + ": console errors or CSP violations: " + problems);

        Chromium.assertAccessible(driver, page);
    }
}
