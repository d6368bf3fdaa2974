package io.tenantlink.it;

import static io.tenantlink.it.ConnectIT.click;
import static io.tenantlink.it.ConnectIT.form;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
 * critical violation before and after. A re-consent forecast's Consent ahead link, its page with the link it creates,
 * and the approval page that link opens for the tenant's admin: reached with Tab, no serious or critical violation.
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

    @Test
    void consentAheadIsKeyboardReachableAndAccessible() throws Exception {
        Portal portal = new Portal(base);
        long siteId = portal.site(Portal.unique("Browser ahead "));
        String admin = portal.account("brahead");
        portal.grant(siteId, admin, "SITE_ADMIN", null);
        Path next = LifecycleWarningsIT.nextCatalogFile();
        try (GraphSandboxClient graph = new GraphSandboxClient(base);
                Browser browser = portal.signedIn(admin)) {
            // Northwind with Email installed; the next catalog's Email asks for a scope it lacks. Nobody consents here.
            graph.adminConsent(LifecycleWarningsIT.NORTHWIND, ConsentDoctorIT.MANAGEMENT, "admin@northwind.example");
            long connection = LifecycleWarningsIT.activeConnection(
                    browser, siteId, LifecycleWarningsIT.NORTHWIND, "admin@northwind.example");
            String tenantPage = "/sites/" + siteId + "/chat-tools/teams/" + connection;
            graph.adminConsent(LifecycleWarningsIT.NORTHWIND, GraphSandboxClient.EMAIL, "admin@northwind.example");
            click(form(browser.open(tenantPage + "/consent"), "/consent/check"));
            try {
                Files.createDirectories(next.getParent());
                Files.writeString(
                        next,
                        LifecycleWarningsIT.nextCatalog("2027-02-01.1", "email", "Mail.Read.Shared"),
                        StandardCharsets.UTF_8);
                Chromium.signIn(driver, origin, admin, Portal.PASSWORD);
                driver.get(origin + "/sites/" + siteId);
                Chromium.submitWith(
                        driver,
                        () -> driver.findElement(By.id("warnings-check")).click());
                String section = driver.findElement(By.id("warnings")).getText();
                assertTrue(section.contains("Email will need new consent with catalog 2027-02-01.1"), section);
                Chromium.assertAccessible(driver, "site page with a re-consent forecast");
                driver.get(origin + "/sites/" + siteId);
                List<String> stops = Chromium.tabStops(driver, 200);
                assertTrue(stops.contains("a:Consent ahead"), "Tab reaches Consent ahead: " + stops);

                driver.get(origin + tenantPage + "/features/email/ahead");
                Chromium.assertAccessible(driver, "consent-ahead page");
                stops = Chromium.tabStops(driver, 200);
                assertTrue(stops.contains("#ahead-create"), "Tab reaches the button: " + stops);
                Chromium.submitWith(
                        driver, () -> driver.findElement(By.id("ahead-create")).click());
                String link = driver.findElement(By.id("approval-link")).getAttribute("value");
                Chromium.assertAccessible(driver, "consent-ahead page with its link");

                // The tenant's admin opens the link (no portal account): the approval page of a consent ahead.
                driver.manage().deleteAllCookies();
                driver.get(link);
                String request = driver.findElement(By.id("approval-ahead")).getText();
                assertTrue(request.contains("catalog 2027-02-01.1"), request);
                Chromium.assertAccessible(driver, "approval page of a consent-ahead link");
            } finally {
                Files.deleteIfExists(next);
                click(form(browser.open(tenantPage + "/disconnect"), "/disconnect"));
            }
        }
    }
}
