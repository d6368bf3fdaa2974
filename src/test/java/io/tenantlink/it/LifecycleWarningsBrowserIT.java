package io.tenantlink.it;

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
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The site page's Warnings section in headless Chromium: a site admin presses Check now (the shared portal's settings
 * say the ChatOps secret expired), sees the warning with its badge, acknowledges it; axe-core finds no serious or
 * critical violation before and after.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class LifecycleWarningsBrowserIT {

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
    void theWarningsSectionIsAccessible() {
        Portal portal = new Portal(base);
        long siteId = portal.site(Portal.unique("Browser warnings "));
        String admin = portal.account("brwarn");
        portal.grant(siteId, admin, "SITE_ADMIN", null);

        Chromium.signIn(driver, origin, admin, Portal.PASSWORD);
        driver.get(origin + "/sites/" + siteId);
        Chromium.assertAccessible(driver, "site page, no warnings");
        Chromium.submitWith(
                driver, () -> driver.findElement(By.id("warnings-check")).click());
        String section = driver.findElement(By.id("warnings")).getText();
        assertTrue(section.contains("The ChatOps app’s client secret expired on 2020-01-01"), section);
        assertTrue(section.contains("Expired"), section);
        Chromium.assertAccessible(driver, "site page with a warning");
        Chromium.submitWith(
                driver,
                () -> driver.findElement(By.cssSelector("#warnings button.acknowledge"))
                        .click());
        section = driver.findElement(By.id("warnings")).getText();
        assertTrue(section.contains("by "), section);
        Chromium.assertAccessible(driver, "site page, warning acknowledged");
    }
}
