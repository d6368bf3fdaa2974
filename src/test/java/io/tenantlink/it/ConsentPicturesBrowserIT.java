package io.tenantlink.it;

import static io.tenantlink.it.Chromium.assertAccessible;
import static io.tenantlink.it.ConnectIT.click;
import static io.tenantlink.it.ConnectIT.connect;
import static io.tenantlink.it.ConnectIT.connectionId;
import static io.tenantlink.it.ConnectIT.form;
import static io.tenantlink.it.ConnectIT.press;
import static io.tenantlink.it.ConnectIT.siteAdmin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
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
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.Rectangle;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The consent matrix, the consent timeline and the pages issue 16 fixed, in real headless Chromium at 1280 px: a site
 * with Contoso (checked, drifted, repaired) and Fabrikam (not checked). Each page passes axe-core (no serious or
 * critical violations) with its tables alternative opened too; the pictures are SVG with a title and a description,
 * their links reached with Tab; the ✕ disconnect target is at least 24×24 px. Screenshots of the two pictures go to
 * {@code target/screenshots/}.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ConsentPicturesBrowserIT {

    static final String CONTOSO = SandboxBrowser.CONTOSO;
    static final String FABRIKAM = SandboxBrowser.FABRIKAM;

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
        driver.manage().window().setSize(new Dimension(1280, 1000));
    }

    @AfterEach
    void stopChromium() {
        if (driver != null) {
            driver.quit();
        }
    }

    @Test
    void picturesAndFixedPagesPassAxeAtFullWidth() throws Exception {
        Portal portal = new Portal(base);
        long site = portal.site(Portal.unique("Pictures "));
        String admin = siteAdmin(portal, site);
        String contoso;
        try (GraphSandboxClient graph = new GraphSandboxClient(base);
                Browser browser = portal.signedIn(admin)) {
            graph.adminConsent(CONTOSO, ConsentDoctorIT.MANAGEMENT, ConsentDoctorIT.CONTOSO_ADMIN);
            HtmlPage waiting =
                    connect(browser, browser.open("/sites/" + site + "/chat-tools"), ConsentDoctorIT.CONTOSO_ADMIN);
            press((HtmlPage) click(form(waiting, "/give-permission")), "accept");
            long connection = connectionId(site, CONTOSO);
            contoso = "/sites/" + site + "/chat-tools/teams/" + connection;
            click(form(browser.open(contoso + "/consent"), "/consent/check"));
            // drift, then repaired by the tenant's admin
            String token = graph.appToken(CONTOSO, ConsentDoctorIT.MANAGEMENT);
            String spId = ConsentDoctorIT.servicePrincipalId(graph, token, SandboxBrowser.CHATOPS);
            ConsentDoctorIT.takeOutOfChatOpsGrant(graph, token, spId, "Chat.Create");
            click(form(browser.open(contoso + "/consent"), "/consent/check"));
            graph.adminConsent(CONTOSO, GraphSandboxClient.CHATOPS, ConsentDoctorIT.CONTOSO_ADMIN);
            click(form(browser.open(contoso + "/consent"), "/consent/check"));
            // a second tenant, never checked
            HtmlPage fabrikam =
                    connect(browser, browser.open("/sites/" + site + "/chat-tools"), "admin@fabrikam.example");
            press((HtmlPage) click(form(fabrikam, "/give-permission")), "accept");
            // a project that uses Contoso
            long project = portal.project(browser, site, "Major incidents", "MAJ");
            Map.Entry<String, String> csrf = browser.csrfToken();
            browser.post(
                    "/sites/" + site + "/projects/" + project + "/settings/incident-management",
                    Map.of(csrf.getKey(), csrf.getValue(), "teamsEnabled", "true", "connectionId", "" + connection));
        }

        Chromium.signIn(driver, origin, admin, Portal.PASSWORD);

        // The site's tenants: the matrix, and the ✕ disconnect target of at least 24×24 px.
        driver.get(origin + "/sites/" + site + "/chat-tools");
        assertAccessible(driver, "the site's tenants with the consent matrix");
        List<WebElement> crosses = driver.findElements(By.cssSelector("a.disconnect-action"));
        assertEquals(2, crosses.size());
        for (WebElement cross : crosses) {
            Rectangle box = cross.getRect();
            assertTrue(
                    box.getWidth() >= 24 && box.getHeight() >= 24,
                    "✕ target " + box.getWidth() + "×" + box.getHeight());
            System.out.println("[figure] ✕ disconnect target: " + box.getWidth() + "×" + box.getHeight() + " px");
        }
        WebElement matrix = driver.findElement(By.id("consent-matrix"));
        assertEquals(2, matrix.findElements(By.cssSelector("g.matrix-row")).size());
        for (WebElement tenant : matrix.findElements(By.cssSelector("a.matrix-tenant"))) {
            // A label clipped to fit is whole in the tenant's SVG title (shown on hover) and in the table.
            String whole = tenant.findElement(By.tagName("title")).getAttribute("textContent");
            String drawn =
                    tenant.findElement(By.cssSelector("text.matrix-label")).getAttribute("textContent");
            assertTrue(
                    !whole.isBlank() && whole.startsWith(drawn.replace("…", "")),
                    "title " + whole + " for label " + drawn);
        }
        assertTrue(
                matrix.findElements(By.cssSelector("a.matrix-cell")).size() >= 16, "a cell per tenant and feature app");

        // The consent status: summary, matrix (Contoso marked), its table opened.
        driver.get(origin + contoso + "/consent");
        assertAccessible(driver, "the consent status with summary and matrix");
        WebElement svg = driver.findElement(By.cssSelector("#consent-matrix svg"));
        assertTrue(
                svg.getRect().getWidth() <= 1280,
                "the matrix fits a 1280 px screen: " + svg.getRect().getWidth());
        screenshot(driver.findElement(By.id("consent-matrix")), "consent-matrix.png");
        assertTrue(
                Chromium.tabStops(driver, 80).stream().anyMatch(s -> s.startsWith("a:") && s.contains("Granted")),
                "the matrix cells are reached with Tab");
        driver.findElement(By.cssSelector("#consent-matrix details summary")).click();
        assertTrue(driver.findElement(By.id("consent-matrix-table")).isDisplayed());
        assertAccessible(driver, "the consent status with the matrix's table open");
        long scrollWidth = (Long) driver.executeScript("return document.documentElement.scrollWidth;");
        assertTrue(scrollWidth <= 1280, "no horizontal scrolling at 1280 px: " + scrollWidth);

        // The tenant's page: the timeline, its table opened.
        driver.get(origin + contoso);
        assertAccessible(driver, "the tenant's page with its consent timeline");
        WebElement timeline = driver.findElement(By.id("consent-timeline"));
        List<WebElement> markers = timeline.findElements(By.cssSelector(".timeline-event"));
        assertEquals(3, markers.size(), "granted, drift, repaired");
        screenshot(timeline, "consent-timeline.png");
        timeline.findElement(By.cssSelector("details summary")).click();
        assertTrue(driver.findElement(By.id("consent-timeline-table")).isDisplayed());
        assertAccessible(driver, "the tenant's page with the timeline's table open");
        assertFalse(driver.findElement(By.tagName("main")).getText().contains("portal:"), "names, not ids");

        // The disconnect page names the projects; the grant ledger and the site's page have breadcrumbs.
        driver.get(origin + contoso + "/disconnect");
        assertTrue(driver.findElement(By.id("projects-using")).getText().contains("Major incidents (MAJ)"));
        assertAccessible(driver, "the disconnect page");
        WebElement box = driver.findElement(By.id("removeFromTenant"));
        WebElement label = driver.findElement(By.cssSelector("label[for='removeFromTenant']"));
        assertTrue(
                Math.abs(box.getRect().getY() - label.getRect().getY()) < 16
                        && label.getRect().getX()
                                        - (box.getRect().getX() + box.getRect().getWidth())
                                < 24,
                "the checkbox sits beside its label");
        for (String page : List.of(contoso + "/ledger", "/sites/" + site, "/sites")) {
            driver.get(origin + page);
            assertTrue(driver.findElements(By.id("breadcrumbs")).size() == 1, "breadcrumbs on " + page);
            assertAccessible(driver, page);
        }
    }

    private static void screenshot(WebElement element, String name) throws Exception {
        Path dir = Path.of("target", "screenshots");
        Files.createDirectories(dir);
        Files.copy(
                element.getScreenshotAs(OutputType.FILE).toPath(),
                dir.resolve(name),
                StandardCopyOption.REPLACE_EXISTING);
    }
}
