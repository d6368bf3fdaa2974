package io.tenantlink.it;

import static io.tenantlink.it.Chromium.assertAccessible;
import static io.tenantlink.it.Chromium.submitWith;
import static io.tenantlink.it.Chromium.tabStops;
import static io.tenantlink.it.ConnectIT.click;
import static io.tenantlink.it.ConnectIT.connect;
import static io.tenantlink.it.ConnectIT.connectionId;
import static io.tenantlink.it.ConnectIT.form;
import static io.tenantlink.it.ConnectIT.press;
import static io.tenantlink.it.ConnectIT.siteAdmin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
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
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The feature-app pages in real headless Chromium, as a site admin sees them once Contoso is connected (set up with
 * HtmlUnit: connection, consent-management app, a consent check and a finished approval job): the catalog, the
 * tenant's feature list, a feature page, the consent status, the limited-user approval start page with a search and a
 * selection, and a finished job with its progress bar. Each passes axe-core (no serious or critical violations), and
 * its main controls are reached with Tab and work from the keyboard.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class FeaturePagesBrowserIT {

    static final String CONTOSO = SandboxBrowser.CONTOSO;

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
    void featurePagesPassAxeAndWorkFromTheKeyboard() throws Exception {
        Portal portal = new Portal(base);
        long site = portal.site(Portal.unique("Feature pages "));
        String admin = siteAdmin(portal, site);
        String tenant;
        String jobPath;
        try (GraphSandboxClient sandbox = new GraphSandboxClient(base);
                Browser browser = portal.signedIn(admin)) {
            sandbox.adminConsent(CONTOSO, GrantJobIT.MANAGEMENT, GrantJobIT.ADMIN);
            HtmlPage waiting = connect(browser, browser.open("/sites/" + site + "/chat-tools"), GrantJobIT.ADMIN);
            press((HtmlPage) click(form(waiting, "/give-permission")), "accept");
            tenant = "/sites/" + site + "/chat-tools/teams/" + connectionId(site, CONTOSO);
            click(form(browser.open(tenant + "/consent"), "/consent/check"));

            HtmlForm start = (HtmlForm) browser.open(tenant + "/grants").getElementById("start-job");
            start.getSelectByName("feature").setSelectedAttribute("todo", true);
            start.getTextAreaByName("users").setText(GrantJobIT.ADELE + "\n" + GrantJobIT.LEE);
            jobPath =
                    GrantJobIT.signInForTheJob((HtmlPage) click(start)).getUrl().getPath();
            assertEquals("DONE", GrantJobIT.awaitEnd(browser, jobPath).get("status"));
        }

        Chromium.signIn(driver, origin, admin, Portal.PASSWORD);
        driver.executeCdpCommand(
                "Browser.grantPermissions",
                Map.of("origin", origin, "permissions", List.of("clipboardReadWrite", "clipboardSanitizedWrite")));

        driver.get(origin + "/catalog");
        assertTrue(main().contains("Feature apps"), main());
        assertAccessible(driver, "catalog");

        driver.get(origin + tenant + "/features");
        assertAccessible(driver, "the tenant's feature apps");
        assertTrue(tabStops(driver, 60).contains("a:Meetings"), "the features are links reached with Tab");

        driver.get(origin + tenant + "/features/meetings");
        assertAccessible(driver, "the Meetings feature page");
        List<String> featureStops = tabStops(driver, 80);
        for (String control : List.of(
                "#consent-link",
                "button:Copy to clipboard",
                "#link-optional",
                "button:Create an approval link",
                "#review-app",
                "#script-users",
                "#script-group",
                "button:Download the script")) {
            assertTrue(featureStops.contains(control), control + " is reached with Tab: " + featureStops);
        }
        // The copy button works from the keyboard: Tab to it, Enter.
        driver.get(origin + tenant + "/features/meetings");
        tabTo("button[data-copy-target='consent-link']");
        new Actions(driver).sendKeys(Keys.ENTER).perform();
        new WebDriverWait(driver, Duration.ofSeconds(10))
                .until(ExpectedConditions.textToBe(
                        By.cssSelector("button[data-copy-target='consent-link'] + .copy-status"), "Copied"));

        driver.get(origin + tenant + "/consent");
        assertTrue(
                driver.findElements(By.cssSelector(".feature-check")).size() > 1,
                "the last check's results: " + main());
        assertAccessible(driver, "consent status");
        assertTrue(tabStops(driver, 80).contains("button:Check now"), "Check now is reached with Tab");

        // The start page, searched and submitted with the keyboard alone.
        driver.get(origin + tenant + "/grants");
        assertAccessible(driver, "approve for a limited set of users");
        tabTo("#q");
        submitWith(driver, () -> new Actions(driver).sendKeys("ade", Keys.ENTER).perform());
        assertTrue(
                driver.findElement(By.id("search-results")).getText().contains("adele.vance@contoso.example"), main());
        tabTo("#found-0");
        new Actions(driver).sendKeys(Keys.SPACE).perform();
        tabTo("#search-results button[type='submit']");
        submitWith(driver, () -> new Actions(driver).sendKeys(Keys.ENTER).perform());
        assertTrue(driver.findElement(By.id("picked-users")).getText().contains("Adele Vance"), main());
        assertAccessible(driver, "approve for a limited set of users, with search results and a selection");
        driver.get(driver.getCurrentUrl().replaceAll("#.*", "")); // from the top of the page, not from #picked-users
        List<String> startStops = tabStops(driver, 80);
        for (String control : List.of(
                "#q",
                "button:Find users",
                "#found-0",
                "button:Add to the selection",
                "#picked-0",
                "#feature",
                "#optional",
                "#users",
                "#group",
                "button:Sign in and start")) {
            assertTrue(startStops.contains(control), control + " is reached with Tab: " + startStops);
        }

        driver.get(origin + jobPath);
        assertTrue(main().contains("Done"), main());
        assertEquals("2", driver.findElement(By.id("grant-progress-bar")).getAttribute("value"), "the bar is full");
        assertAccessible(driver, "a finished approval job");
        assertTrue(tabStops(driver, 40).contains("a:Download the results (CSV)"), "the CSV link is reached with Tab");
    }

    /**
     * A job page opened while the job runs (Microsoft Graph made slow) follows the job by itself: without a reload it
     * ends showing Done, no Cancel, and each user's name, user name and plain result; the page passes axe then too.
     */
    @Test
    void aRunningJobPageShowsTheEndWithoutAReload() throws Exception {
        Portal portal = new Portal(base);
        long site = portal.site(Portal.unique("Live job "));
        String admin = siteAdmin(portal, site);
        Chromium.signIn(driver, origin, admin, Portal.PASSWORD);
        String jobPath;
        try (GraphSandboxClient sandbox = new GraphSandboxClient(base);
                Browser browser = portal.signedIn(admin)) {
            sandbox.adminConsent(CONTOSO, GrantJobIT.MANAGEMENT, GrantJobIT.ADMIN);
            HtmlPage waiting = connect(browser, browser.open("/sites/" + site + "/chat-tools"), GrantJobIT.ADMIN);
            String tenant = "/sites/" + site + "/chat-tools/teams/" + connectionId(site, CONTOSO);
            HtmlForm start = (HtmlForm) browser.open(tenant + "/grants").getElementById("start-job");
            start.getSelectByName("feature").setSelectedAttribute("calendar", true);
            start.getTextAreaByName("users").setText(GrantJobIT.ADELE + "\n" + GrantJobIT.LEE);
            // Every Graph round trip takes 1.5 s: the job runs for several seconds.
            assertEquals(
                    200,
                    sandbox.faults("POST", "{\"latencyMillis\":1500}", true).statusCode());
            try {
                jobPath = GrantJobIT.signInForTheJob((HtmlPage) click(start))
                        .getUrl()
                        .getPath();
                driver.get(origin + jobPath);
                assertEquals(
                        "false",
                        driver.findElement(By.id("grant-progress")).getAttribute("data-finished"),
                        "the page was opened while the job had not ended: " + main());
                assertTrue(!driver.findElements(By.id("cancel-job")).isEmpty(), "Cancel while the job runs");
                driver.executeScript("window.tenantlinkNotReloaded = true;");

                new WebDriverWait(driver, Duration.ofSeconds(90))
                        .until(ExpectedConditions.attributeToBe(By.id("job-status"), "data-status", "DONE"));
                new WebDriverWait(driver, Duration.ofSeconds(30))
                        .until(ExpectedConditions.textToBePresentInElementLocated(By.id("job-users"), "Adele Vance"));
            } finally {
                sandbox.faults("DELETE", null, true);
            }
        }
        assertEquals(Boolean.TRUE, driver.executeScript("return window.tenantlinkNotReloaded === true;"), "no reload");
        assertEquals("Done", driver.findElement(By.id("job-status")).getText());
        assertTrue(driver.findElements(By.id("cancel-job")).isEmpty(), "no Cancel once done");
        assertEquals("2", driver.findElement(By.id("grant-progress-bar")).getAttribute("value"), "the bar is full");
        String table = driver.findElement(By.id("job-users")).getText();
        assertTrue(
                table.contains("Adele Vance")
                        && table.contains("adele@contoso.example")
                        && table.contains("Lee Gu")
                        && table.contains("Approved (new grant)"),
                table);
        assertTrue(!table.contains("Waiting") && !table.contains("PENDING") && !table.contains("CREATED"), table);
        assertAccessible(driver, "an approval job that ended while open");
    }

    private String main() {
        return driver.findElement(By.tagName("main")).getText();
    }

    /** Presses Tab from the top of the page until the element matching the CSS selector has the focus. */
    private void tabTo(String css) {
        var target = driver.findElement(By.cssSelector(css));
        for (int i = 0; i < 100; i++) {
            new Actions(driver).sendKeys(Keys.TAB).perform();
            if (target.equals(driver.switchTo().activeElement())) {
                return;
            }
        }
        throw new AssertionError(css + " is not reached with Tab");
    }
}
