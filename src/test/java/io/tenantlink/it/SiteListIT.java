package io.tenantlink.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.htmlunit.html.HtmlAnchor;
import org.htmlunit.html.HtmlElement;
import org.htmlunit.html.HtmlInput;
import org.htmlunit.html.HtmlPage;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * An operator of many sites: the site list in pages of 50 with a name search, and the grant history's site filter
 * typed (name or number) once there are more than 100 sites (issue 16's million-record benchmark has 1,000).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SiteListIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return PortalDeployment.sharedPortal();
    }

    @ArquillianResource
    URL base;

    /** Sites made straight in the database (the site form would take a minute for a hundred). */
    private static void insertSites(String prefix, int count) throws Exception {
        try (Connection c = TestDatabase.connect();
                PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO site (name, created_at, created_by, version, site_plan) VALUES (?, ?, ?, 0, ?)")) {
            for (int i = 1; i <= count; i++) {
                insert.setString(1, String.format(Locale.ROOT, "%s %03d", prefix, i));
                insert.setTimestamp(2, Timestamp.from(Instant.now()));
                insert.setString(3, "portal:it");
                insert.setString(4, "FREE");
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static long siteCount() throws Exception {
        try (Connection c = TestDatabase.connect();
                ResultSet r = c.createStatement().executeQuery("SELECT COUNT(*) FROM site")) {
            r.next();
            return r.getLong(1);
        }
    }

    private static List<String> listedNames(HtmlPage page) {
        return page.<HtmlElement>getByXPath("//table[@id='sites-list']/tbody/tr/td[1]/a").stream()
                .map(HtmlElement::asNormalizedText)
                .toList();
    }

    private static String text(HtmlPage page, String id) {
        HtmlElement element = page.getHtmlElementById(id);
        return element.asNormalizedText();
    }

    @Test
    void theSiteListIsPagedByFiftyWithANameSearch() throws Exception {
        String prefix = Portal.unique("Paging Desk ");
        insertSites(prefix, 53);
        String search = URLEncoder.encode(prefix.toLowerCase(Locale.ROOT), StandardCharsets.UTF_8);
        try (Browser operator = new Portal(base).operator()) {
            HtmlPage first = operator.open("/sites?q=" + search);
            assertEquals(200, first.getWebResponse().getStatusCode());
            assertEquals("Sites 1 to 50 of 53, by name", text(first, "sites-range"), "the search ignores case");
            List<String> names = listedNames(first);
            assertEquals(50, names.size());
            assertEquals(prefix + " 001", names.get(0));
            assertEquals(prefix + " 050", names.get(49));
            assertEquals("Page 1 of 2", text(first, "page-of"));
            assertNull(first.getElementById("previous"), "no page before the first");
            HtmlInput field = first.getHtmlElementById("q");
            assertEquals(prefix.toLowerCase(Locale.ROOT), field.getValue(), "the search is shown as typed");
            assertNotNull(first.getFirstByXPath("//label[@for='q']"), "the search field is labelled");

            HtmlAnchor next = first.getHtmlElementById("next");
            HtmlPage second = next.click();
            assertEquals("Sites 51 to 53 of 53, by name", text(second, "sites-range"));
            assertEquals(List.of(prefix + " 051", prefix + " 052", prefix + " 053"), listedNames(second));
            assertEquals("Page 2 of 2", text(second, "page-of"));
            assertNull(second.getElementById("next"), "no page after the last");
            HtmlPage back = second.<HtmlAnchor>getHtmlElementById("previous").click();
            assertEquals(names, listedNames(back), "back to the first page");

            assertEquals(
                    List.of(prefix + " 051", prefix + " 052", prefix + " 053"),
                    listedNames(operator.open("/sites?q=" + search + "&page=99")),
                    "a page beyond the last shows the last");
            assertEquals(names, listedNames(operator.open("/sites?q=" + search + "&page=0")), "page 0: the first");
            assertEquals(names, listedNames(operator.open("/sites?q=" + search + "&page=two")), "not a number");

            HtmlPage exact = operator.open("/sites?q=" + URLEncoder.encode(prefix + " 052", StandardCharsets.UTF_8));
            assertEquals(List.of(prefix + " 052"), listedNames(exact));
            assertNull(exact.getElementById("page-of"), "one page: no pager");

            HtmlPage none = operator.open("/sites?q=" + URLEncoder.encode(prefix + " 1%", StandardCharsets.UTF_8));
            assertEquals(200, none.getWebResponse().getStatusCode());
            assertTrue(
                    text(none, "sites-none-found").contains("No site’s name contains “" + prefix + " 1%”"),
                    "% is a character, not a wildcard: " + none.asNormalizedText());
            assertTrue(listedNames(none).isEmpty());
            assertNotNull(none.getFirstByXPath("//a[@href='/sites' and normalize-space()='Show all sites']"));
        }
    }

    @Test
    void beyondAHundredSitesTheGrantHistoryTakesTheSiteByNameOrNumber() throws Exception {
        String prefix = Portal.unique("Typed Desk ");
        insertSites(prefix, (int) Math.max(1, 101 - siteCount()));
        long total = siteCount();
        try (Browser operator = new Portal(base).operator()) {
            HtmlPage all = operator.open("/audit");
            HtmlInput site = all.getHtmlElementById("site");
            assertEquals("text", site.getTypeAttribute(), "too many sites for a list");
            assertEquals(
                    "Site (name or number)",
                    all.<HtmlElement>getFirstByXPath("//label[@for='site']").asNormalizedText());
            assertEquals("site-hint", site.getAttribute("aria-describedby"));
            assertTrue(
                    text(all, "site-hint").contains(String.format(Locale.ENGLISH, "There are %,d sites", total)),
                    text(all, "site-hint"));

            String name = prefix + " 001";
            HtmlPage byName = operator.open(
                    "/audit?site=" + URLEncoder.encode(name.toUpperCase(Locale.ROOT), StandardCharsets.UTF_8));
            assertEquals(200, byName.getWebResponse().getStatusCode(), byName.asNormalizedText());
            assertEquals(name, byName.<HtmlInput>getHtmlElementById("site").getValue(), "the site found, by its name");
            assertTrue(byName.asNormalizedText().contains("No records match these filters."));
            String verifyThisSite = byName.<HtmlAnchor>getFirstByXPath("//a[normalize-space()='Verify this site']")
                    .getHrefAttribute();
            String siteId = verifyThisSite.substring(verifyThisSite.indexOf("site=") + 5);
            HtmlPage byNumber = operator.open("/audit?site=" + siteId);
            assertEquals(name, byNumber.<HtmlInput>getHtmlElementById("site").getValue(), "a number shows the name");

            HtmlPage unknown =
                    operator.open("/audit?site=" + URLEncoder.encode(prefix + " 999", StandardCharsets.UTF_8));
            assertEquals(400, unknown.getWebResponse().getStatusCode());
            assertEquals("Choose one of the sites you can read.", text(unknown, "audit-error"));
            assertEquals(
                    prefix + " 999",
                    unknown.<HtmlInput>getHtmlElementById("site").getValue(),
                    "kept as typed");
        }
    }

    @Test
    void thePagedListAndTheTypedSiteFilterPassAxeInChromium() throws Exception {
        String prefix = Portal.unique("Axe Desk ");
        insertSites(prefix, (int) Math.max(51, 101 - siteCount()));
        String origin = "http://localhost:" + base.getPort();
        ChromeDriver driver = Chromium.start();
        try {
            Chromium.signIn(driver, origin, Portal.OPERATOR, Portal.OPERATOR_PASSWORD);
            String search = URLEncoder.encode(prefix, StandardCharsets.UTF_8);
            for (String path : List.of(
                    "/sites",
                    "/sites?q=" + search + "&page=2",
                    "/sites?q=" + URLEncoder.encode("no such desk", StandardCharsets.UTF_8),
                    "/audit",
                    "/audit?site=" + URLEncoder.encode(prefix + " 001", StandardCharsets.UTF_8))) {
                driver.get(origin + path);
                Chromium.assertAccessible(driver, path);
            }
        } finally {
            driver.quit();
        }
    }
}
