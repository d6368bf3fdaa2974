package io.tenantlink.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The Copy link path in real headless Chromium: a site admin without a consent-capable Microsoft
 * role connects a tenant through the sandbox's sign-in page, creates an approval link and copies it
 * with the clipboard button; the clipboard then holds the link, and the pages on the way pass axe-core.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class CopyLinkBrowserIT {

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
    void copyLinkPutsTheApprovalLinkOnTheClipboard() {
        Portal portal = new Portal(base);
        long site = portal.site("Chromium desk");
        String admin = portal.account("chromeadmin");
        portal.grant(site, admin, "SITE_ADMIN", null);

        driver.get(origin + "/login");
        driver.findElement(By.id("username")).sendKeys(admin);
        submitWith(() -> driver.findElement(By.id("password")).sendKeys(Portal.PASSWORD, Keys.ENTER));

        driver.get(origin + "/sites/" + site + "/chat-tools");
        assertAccessible("chat and video tools");
        submitWith(() -> button("Connect new tenant").click());
        assertTrue(
                driver.getCurrentUrl().startsWith("http://127.0.0.1:"), "Microsoft sign-in: " + driver.getCurrentUrl());
        driver.findElement(By.name("username")).sendKeys("teamsadmin@fabrikam.example");
        submitWith(() -> driver.findElement(By.name("username")).sendKeys(Keys.ENTER));
        if (driver.getCurrentUrl().startsWith("http://127.0.0.1:")) {
            submitWith(() -> driver.findElement(By.cssSelector("button[name='decision'][value='accept']"))
                    .click());
        }
        assertTrue(
                driver.findElement(By.tagName("main"))
                        .getText()
                        .contains("Microsoft Teams Administrator’s permission is required"),
                driver.findElement(By.tagName("main")).getText());
        assertTrue(
                driver.findElements(By.xpath("//button[normalize-space()='Give permission']"))
                        .isEmpty(),
                "a Teams administrator is not offered Give permission");
        assertAccessible("connection waiting for permission");

        submitWith(() -> button("Copy link").click());
        String link = driver.findElement(By.id("approval-link")).getAttribute("value");
        assertTrue(link.startsWith(origin + "/approve/"), link);
        assertAccessible("connection with a new approval link");

        driver.executeCdpCommand(
                "Browser.grantPermissions",
                Map.of("origin", origin, "permissions", List.of("clipboardReadWrite", "clipboardSanitizedWrite")));
        driver.findElement(By.cssSelector("button[data-copy-target='approval-link']"))
                .click();
        new WebDriverWait(driver, Duration.ofSeconds(10))
                .until(ExpectedConditions.textToBe(By.cssSelector(".copy-status"), "Copied"));
        Object clipboard = ((JavascriptExecutor) driver)
                .executeAsyncScript(
                        "var done = arguments[arguments.length - 1]; navigator.clipboard.readText().then(done, function (e) { done('error: ' + e); });");
        assertEquals(link, clipboard, "the clipboard holds the approval link");

        // The tenant admin's page, as a browser without a portal session shows it.
        driver.manage().deleteAllCookies();
        driver.get(link);
        assertTrue(
                driver.findElement(By.tagName("main")).getText().contains(admin),
                "the page names the requesting admin");
        assertAccessible("approval page");
    }

    private WebElement button(String text) {
        return driver.findElement(By.xpath("//button[normalize-space()='" + text + "']"));
    }

    private void submitWith(Runnable action) {
        Chromium.submitWith(driver, action);
    }

    private void assertAccessible(String page) {
        Chromium.assertAccessible(driver, page);
    }
}
