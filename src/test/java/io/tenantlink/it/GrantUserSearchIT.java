package io.tenantlink.it;

import static io.tenantlink.it.ConnectIT.assertAudited;
import static io.tenantlink.it.ConnectIT.click;
import static io.tenantlink.it.ConnectIT.connect;
import static io.tenantlink.it.ConnectIT.connectionId;
import static io.tenantlink.it.ConnectIT.form;
import static io.tenantlink.it.ConnectIT.siteAdmin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.net.URL;
import java.util.List;
import java.util.Map;
import org.htmlunit.html.HtmlCheckBoxInput;
import org.htmlunit.html.HtmlElement;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * "Approve for a limited set of users" picking users by name or e-mail address: the start page searches the tenant's
 * directory through the Graph stand-in (over HTTP, with the consent-management app's app-only token), the admin adds
 * users from two searches, leaves one out, and the job grants exactly the one left; markup in a directory name is text;
 * a tenant without the consent-management app is told what to do; other sites' admins get 404, bad input a clear 400.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class GrantUserSearchIT {

    static final String CONTOSO = SandboxBrowser.CONTOSO;
    static final String FABRIKAM = SandboxBrowser.FABRIKAM;
    static final String NORTHWIND = ConnectIT.NORTHWIND;
    static final String ADELE = GrantJobIT.ADELE;
    static final String LEE = GrantJobIT.LEE;
    static final String NORA = "a1b2c3d4-0002-4e5f-8a9b-0c1d2e3f4a02";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return PortalDeployment.sharedPortal();
    }

    @ArquillianResource
    URL base;

    @Test
    void usersFoundByNameAreGrantedByTheJob() throws Exception {
        Portal portal = new Portal(base);
        long site = portal.site(Portal.unique("Search desk "));
        String admin = siteAdmin(portal, site);
        try (GraphSandboxClient sandbox = new GraphSandboxClient(base);
                Browser browser = portal.signedIn(admin)) {
            sandbox.adminConsent(CONTOSO, GrantJobIT.MANAGEMENT, GrantJobIT.ADMIN);
            connect(browser, browser.open("/sites/" + site + "/chat-tools"), GrantJobIT.ADMIN);
            long connection = connectionId(site, CONTOSO);
            String start = "/sites/" + site + "/chat-tools/teams/" + connection + "/grants";

            // Find "ade": Adele, with her e-mail address and object id; nobody else.
            HtmlPage found = search(browser.open(start), "ade");
            HtmlElement results = found.getHtmlElementById("search-results");
            String listed = results.asNormalizedText();
            assertTrue(
                    listed.contains("Adele Vance")
                            && listed.contains("adele.vance@contoso.example")
                            && listed.contains(ADELE),
                    listed);
            assertFalse(listed.contains("Megan") || listed.contains("Lee Gu"), listed);
            assertNotNull(
                    found.getFirstByXPath("//label[normalize-space()='Find users']"), "the search field is labelled");

            HtmlPage withAdele = add(found, ADELE);
            assertPicked(withAdele, "Adele Vance");

            // A second search keeps Adele and adds Lee (by the start of his e-mail address).
            HtmlPage withBoth = add(search(withAdele, "LEE@contoso"), LEE);
            assertPicked(withBoth, "Adele Vance", "Lee Gu");
            String selection = withBoth.getHtmlElementById("picked-users").asNormalizedText();
            assertTrue(
                    selection.contains("adele.vance@contoso.example") && selection.contains("lee@contoso.example"),
                    selection);

            // Leave Lee out, start: the job grants Adele only.
            HtmlForm startForm = (HtmlForm) withBoth.getElementById("start-job");
            startForm.getSelectByName("feature").setSelectedAttribute("todo", true);
            checkbox(withBoth.getHtmlElementById("picked-users"), LEE).setChecked(false);
            HtmlPage jobPage = GrantJobIT.signInForTheJob((HtmlPage) click(startForm));
            String jobPath = jobPage.getUrl().getPath();
            assertTrue(jobPath.startsWith(start + "/jobs/"), jobPath);
            Map<String, Object> progress = GrantJobIT.awaitEnd(browser, jobPath);
            assertEquals("DONE", progress.get("status"), String.valueOf(progress));
            assertEquals(1L, ((Number) progress.get("total")).longValue(), String.valueOf(progress));
            assertEquals(1L, ((Number) progress.get("created")).longValue(), String.valueOf(progress));
            String csv =
                    browser.openRaw(jobPath + "/results.csv").getWebResponse().getContentAsString();
            assertEquals("CREATED", GrantJobIT.csvByUser(csv).get(ADELE).get("result_code"), csv);
            assertFalse(csv.contains(LEE), csv);
            assertAudited(site, "GRANT_CREATED", "(todo)");

            // Microsoft Graph shows Adele's grant for To Do, and none for Lee.
            String token = sandbox.appToken(CONTOSO, GrantJobIT.MANAGEMENT);
            assertEquals(1, principalGrants(sandbox, token, ADELE), "Adele's grant");
            assertEquals(0, principalGrants(sandbox, token, LEE), "Lee was left out");
        }
    }

    @Test
    void markupIsTextRefusalsAreExplainedAndStrangersSeeNothing() throws Exception {
        Portal portal = new Portal(base);
        long site = portal.site(Portal.unique("Search checks "));
        String admin = siteAdmin(portal, site);
        try (GraphSandboxClient sandbox = new GraphSandboxClient(base);
                Browser browser = portal.signedIn(admin)) {
            // Northwind's directory has a user whose name holds a script tag: listed as text.
            sandbox.adminConsent(NORTHWIND, GrantJobIT.MANAGEMENT, "admin@northwind.example");
            connect(browser, browser.open("/sites/" + site + "/chat-tools"), "admin@northwind.example");
            long northwind = connectionId(site, NORTHWIND);
            String start = "/sites/" + site + "/chat-tools/teams/" + northwind + "/grants";
            HtmlPage found = search(browser.open(start), "nora");
            HtmlElement results = found.getHtmlElementById("search-results");
            assertTrue(
                    results.asNormalizedText().contains("Nora <script>alert(1)</script> Member"),
                    results.asNormalizedText());
            assertTrue(results.getElementsByTagName("script").isEmpty(), "no script element from a directory name");
            assertTrue(found.getWebResponse()
                    .getContentAsString()
                    .contains("Nora &lt;script&gt;alert(1)&lt;/script&gt; Member"));
            HtmlPage picked = add(found, NORA);
            assertTrue(picked.getHtmlElementById("picked-users")
                    .getElementsByTagName("script")
                    .isEmpty());
            assertPicked(picked, "Nora <script>alert(1)</script> Member");

            // An OData quote in the search text is only text: no match, no error.
            HtmlPage quoted = search(browser.open(start), "o'brien') or startswith(displayName,'N");
            assertEquals(200, quoted.getWebResponse().getStatusCode(), quoted.asNormalizedText());
            assertNotNull(quoted.getElementById("no-results"), quoted.asNormalizedText());

            // Bad input: a clear 400, nothing searched.
            HtmlPage tooLong = browser.open(start + "?q=" + "x".repeat(101));
            assertEquals(400, tooLong.getWebResponse().getStatusCode());
            assertTrue(
                    tooLong.asNormalizedText().contains("Search with at most 100 characters."),
                    tooLong.asNormalizedText());
            assertNull(tooLong.getElementById("search-results"));
            HtmlPage notAnId = browser.open(start + "?selected=adele%40contoso.example");
            assertEquals(400, notAnId.getWebResponse().getStatusCode());
            assertTrue(
                    notAnId.asNormalizedText().contains("A selected user is not a Microsoft Entra object id."),
                    notAnId.asNormalizedText());

            // Another site's admin: 404, through their own site's path and through this one.
            long other = portal.site(Portal.unique("Search other "));
            try (Browser stranger = portal.signedIn(siteAdmin(portal, other))) {
                assertEquals(
                        404,
                        stranger.openRaw("/sites/" + other + "/chat-tools/teams/" + northwind + "/grants?q=nora")
                                .getWebResponse()
                                .getStatusCode());
                HtmlPage refused = (HtmlPage) stranger.openRaw(start + "?q=nora");
                assertEquals(404, refused.getWebResponse().getStatusCode());
                assertFalse(refused.asNormalizedText().contains("Nora"), refused.asNormalizedText());
            }
            // An auditor reads the page but may not search the directory.
            String auditor = portal.account("auditor");
            portal.grant(site, auditor, "AUDITOR", null);
            try (Browser reader = portal.signedIn(auditor)) {
                HtmlPage view = reader.open(start);
                assertEquals(200, view.getWebResponse().getStatusCode());
                assertNull(view.getElementById("user-search"), "no search for an auditor");
                assertEquals(
                        403, reader.openRaw(start + "?q=nora").getWebResponse().getStatusCode());
            }
        }

        // Fabrikam never consented to the consent-management app: the page says what to do instead.
        try (Browser browser = portal.signedIn(admin)) {
            connect(browser, browser.open("/sites/" + site + "/chat-tools"), "admin@fabrikam.example");
            long fabrikam = connectionId(site, FABRIKAM);
            HtmlPage refused =
                    search(browser.open("/sites/" + site + "/chat-tools/teams/" + fabrikam + "/grants"), "adm");
            assertEquals(200, refused.getWebResponse().getStatusCode());
            String text = refused.getHtmlElementById("search-refused").asNormalizedText();
            assertTrue(
                    text.contains("a tenant admin must first consent to the TenantLink consent-management app"), text);
            assertTrue(text.contains("paste the users’ object ids below"), text);
            String link = refused.getHtmlElementById("management-consent-link").getAttribute("value");
            assertTrue(
                    link.contains("/" + FABRIKAM + "/v2.0/adminconsent?client_id=" + GrantJobIT.MANAGEMENT.appId()),
                    link);
            assertNull(refused.getElementById("search-results"));
            assertNotNull(form(refused, "/grants").getTextAreaByName("users"), "pasting object ids still works");
        }
    }

    // --- helpers ------------------------------------------------------------------------------

    /** Types into "Find users" and presses Find users. */
    static HtmlPage search(HtmlPage page, String text) throws Exception {
        HtmlForm search = (HtmlForm) page.getElementById("user-search");
        assertNotNull(search, "the Find users form: " + page.asNormalizedText());
        search.getInputByName("q").setValue(text);
        HtmlPage found = (HtmlPage) click(search);
        assertEquals(200, found.getWebResponse().getStatusCode(), found.asNormalizedText());
        return found;
    }

    /** Ticks the user in the search results and presses Add to the selection. */
    static HtmlPage add(HtmlPage found, String userId) throws Exception {
        HtmlForm results = (HtmlForm) found.getElementById("search-results");
        checkbox(results, userId).setChecked(true);
        HtmlPage page = (HtmlPage) click(results);
        assertEquals(200, page.getWebResponse().getStatusCode(), page.asNormalizedText());
        return page;
    }

    static HtmlCheckBoxInput checkbox(HtmlElement container, String value) {
        HtmlCheckBoxInput box = container.getFirstByXPath(".//input[@type='checkbox' and @value='" + value + "']");
        assertNotNull(box, "a checkbox for " + value + " in " + container.asNormalizedText());
        return box;
    }

    /** The start form lists exactly these users by name, each ticked. */
    static void assertPicked(HtmlPage page, String... names) {
        HtmlElement picked = page.getHtmlElementById("picked-users");
        List<HtmlCheckBoxInput> boxes = picked.getByXPath(".//input[@type='checkbox' and @name='user']");
        assertEquals(names.length, boxes.size(), picked.asNormalizedText());
        boxes.forEach(b -> assertTrue(b.isChecked()));
        for (String name : names) {
            assertTrue(picked.asNormalizedText().contains(name), name + " in " + picked.asNormalizedText());
        }
    }

    @SuppressWarnings("unchecked")
    static int principalGrants(GraphSandboxClient sandbox, String token, String userId) throws Exception {
        var response = sandbox.graph(
                "GET", "/oauth2PermissionGrants?$filter=principalId%20eq%20%27" + userId + "%27", token, null);
        assertEquals(200, response.statusCode(), response.body());
        return ((List<Object>) JSONObjectUtils.parse(response.body()).get("value")).size();
    }
}
