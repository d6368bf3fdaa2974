package io.tenantlink.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
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

/**
 * An ordinary sign-in in a real browser (Chromium): not the first one, which asks for a new password, but the
 * next, where the browser's own requests while the login page is shown (its favicon, a script's fetch, an image)
 * used to become the page the portal returned to, a "Not found".
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SecondSignInBrowserIT {

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
    void aSecondSignInLandsOnTheSitesPage() {
        // The first sign-in (password change) is done; this person comes back another day.
        String person = new Portal(base).account("returning");
        for (int visit = 1; visit <= 2; visit++) {
            driver.manage().deleteAllCookies();
            driver.get(origin + "/");
            assertTrue(driver.getCurrentUrl().endsWith("/login"), driver.getCurrentUrl());
            // What the browser and scripts ask for by themselves while the login page is shown, made certain
            // here instead of left to timing: the favicon, a fetch of a download and of a JSON poll, an image.
            driver.executeAsyncScript(
                    "var done = arguments[arguments.length - 1];"
                            + "var img = new Promise(function (r) { var i = new Image(); i.onload = r; i.onerror = r; i.src = '/audit/verify?as-image'; });"
                            + "Promise.all([fetch('/favicon.ico'), fetch('/audit/export.csv'),"
                            + " fetch('/sites/1/chat-tools/teams/1/grants/jobs/1/progress'), img]).then(function () { done(); }, function () { done(); });");
            driver.findElement(By.id("username")).sendKeys(person);
            Chromium.submitWith(
                    driver, () -> driver.findElement(By.id("password")).sendKeys(Portal.PASSWORD, Keys.ENTER));
            assertEquals(origin + "/sites", driver.getCurrentUrl(), "visit " + visit);
            assertNotEquals("Not found", driver.findElement(By.tagName("h1")).getText(), "visit " + visit);
        }
        // The favicon itself is there (no "Not found" in the browser's tab either).
        driver.get(origin + "/favicon.ico");
        assertTrue(driver.getPageSource().length() > 0);
    }
}
