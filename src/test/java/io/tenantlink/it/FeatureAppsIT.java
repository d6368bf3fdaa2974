package io.tenantlink.it;

import static io.tenantlink.it.ConnectIT.click;
import static io.tenantlink.it.ConnectIT.connect;
import static io.tenantlink.it.ConnectIT.connectionId;
import static io.tenantlink.it.ConnectIT.count;
import static io.tenantlink.it.ConnectIT.form;
import static io.tenantlink.it.ConnectIT.hasDecision;
import static io.tenantlink.it.ConnectIT.microsoftSignIn;
import static io.tenantlink.it.ConnectIT.press;
import static io.tenantlink.it.ConnectIT.siteAdmin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.util.Map;
import org.htmlunit.Page;
import org.htmlunit.html.HtmlPage;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Feature apps against the sandbox: the catalog page; per tenant and feature, the exact admin-consent
 * links (with and without optional scopes) and a tenant admin approving through one, verified through
 * Graph; the review-only enterprise application (refused until the consent-management app is consented,
 * then created once and reported as already present); the PowerShell script download and its refusals.
 * One test method on the shared portal with a fresh sandbox (Contoso, whose Global Administrator approves), so nothing
 * depends on another test class.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class FeatureAppsIT {

    static final String CONTOSO = SandboxBrowser.CONTOSO;
    static final String MAIL_APP = "e7185a25-9df9-4d05-b779-76b04bf46424";
    static final String TEAMS_APP = "89d5ca9f-d63b-4885-bd30-6e7433c1540c";
    static final String ADELE = "aaaaaaaa-0000-4000-8000-000000000001";
    static final String LEE = "aaaaaaaa-0000-4000-8000-000000000002";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return PortalDeployment.sharedPortal();
    }

    @ArquillianResource
    URL base;

    @Test
    void catalogLinksReviewAppAndScript() throws Exception {
        Portal portal = new Portal(base);
        long site = portal.site(Portal.unique("Feature desk "));
        String admin = siteAdmin(portal, site);
        String nobody = portal.account("reader");
        long otherSite = portal.site(Portal.unique("Other desk "));
        String otherAdmin = siteAdmin(portal, otherSite);

        // The catalog: any signed-in user, from the navigation.
        try (Browser reader = portal.signedIn(nobody)) {
            HtmlPage sites = reader.open("/sites");
            assertNotNull(sites.getFirstByXPath("//nav//a[@href='/catalog']"), "the catalog is in the navigation");
            HtmlPage catalog = reader.open("/catalog");
            assertEquals(200, catalog.getWebResponse().getStatusCode());
            String text = catalog.asNormalizedText();
            for (String name : new String[] {
                "Email",
                "Meetings",
                "Calendar",
                "To Do",
                "Teams",
                "Teams JSM portal",
                "Teams JSM portal notifications",
                "ChatOps"
            }) {
                assertTrue(text.contains(name), name + " in " + text);
            }
            assertTrue(
                    text.contains(MAIL_APP) && text.contains(TEAMS_APP), "client ids (sandbox: the seed's examples)");
            assertTrue(text.contains("openid profile email offline_access"), "base scopes");
            assertTrue(text.contains("Room search when scheduling a meeting."), "what an optional scope unlocks");
            assertTrue(text.contains("Delegated") && text.contains("Application permission"), "types");
            HtmlPage meetingsRow = catalog;
            assertNotNull(meetingsRow.getFirstByXPath(
                    "//table[@id='scopes-meetings']//tr[@data-scope='Place.Read.All' and @data-group='OPTIONAL']"));
            assertNotNull(meetingsRow.getFirstByXPath(
                    "//table[@id='scopes-chatops']//tr[@data-scope='Chat.Create' and @data-group='APPLICATION']"));
            assertFalse(text.contains("??"), "no missing message key");
        }

        try (Browser browser = portal.signedIn(admin)) {
            connect(browser, browser.open("/sites/" + site + "/chat-tools"), "megan.admin@contoso.example");
            long connection = connectionId(site, CONTOSO);
            String features = "/sites/" + site + "/chat-tools/teams/" + connection + "/features";
            HtmlPage connectionPage = browser.open("/sites/" + site + "/chat-tools/teams/" + connection);
            assertNotNull(
                    connectionPage.getElementById("feature-apps-link"),
                    "the connection page leads to its feature apps");

            HtmlPage list = browser.open(features);
            assertEquals(200, list.getWebResponse().getStatusCode(), list.asNormalizedText());
            assertNotNull(list.getFirstByXPath("//table[@id='features']//a[@href='" + features + "/meetings']"));
            assertNotNull(list.getFirstByXPath("//table[@id='features']//a[@href='" + features + "/chatops']"));

            // Exact admin-consent links, with and without the optional scopes, each with a copy button.
            HtmlPage meetings = browser.open(features + "/meetings");
            assertEquals(200, meetings.getWebResponse().getStatusCode(), meetings.asNormalizedText());
            String required = value(meetings, "consent-link");
            String optional = value(meetings, "consent-link-optional");
            assertNotNull(meetings.getFirstByXPath("//button[@data-copy-target='consent-link']"));
            assertNotNull(meetings.getFirstByXPath("//button[@data-copy-target='consent-link-optional']"));
            assertEquals(
                    "/sandbox/login/" + CONTOSO + "/v2.0/adminconsent",
                    URI.create(required).getPath());
            Map<String, String> q = SandboxBrowser.query(required);
            assertEquals(MAIL_APP, q.get("client_id"));
            assertEquals(
                    "openid profile email offline_access Calendars.ReadWrite.Shared MailboxSettings.Read "
                            + "OnlineMeetings.ReadWrite User.Read User.ReadBasic.All",
                    q.get("scope"));
            assertEquals(PortalDeployment.publicUrl() + "microsoft/consent-callback", q.get("redirect_uri"));
            assertEquals("tenantlink-feature-meetings", q.get("state"));
            assertEquals(
                    q.get("scope") + " Place.Read.All",
                    SandboxBrowser.query(optional).get("scope"));
            assertTrue(
                    meetings.getElementById("consent-status").asNormalizedText().contains("Cannot be checked"),
                    "without the consent-management app nothing can be verified, and the page says so");
            assertEquals(
                    null,
                    browser.open(features + "/email").getElementById("consent-link-optional"),
                    "no optional scopes, one link");

            // Review-only enterprise application: refused until the consent-management app is consented.
            HtmlPage teams = browser.open(features + "/teams");
            HtmlPage confirm = browser.open(teams.getElementById("review-app").getAttribute("href"));
            assertTrue(confirm.asNormalizedText().contains("No permission is granted"), confirm.asNormalizedText());
            HtmlPage refused = (HtmlPage) click(form(confirm, "/review-app"));
            assertEquals(409, refused.getWebResponse().getStatusCode(), refused.asNormalizedText());
            assertNotNull(refused.getElementById("management-refused"), refused.asNormalizedText());
            String managementLink = value(refused, "management-consent-link");
            Map<String, String> m = SandboxBrowser.query(managementLink);
            assertEquals("0b5e4f2c-9d3a-4e1b-8c7f-6a5d4c3b2a10", m.get("client_id"));
            assertEquals("https://graph.microsoft.com/.default", m.get("scope"));
            assertEquals(0, sandboxCount("SELECT COUNT(*) FROM sandbox_service_principal WHERE app_id = ?", TEAMS_APP));
            ConnectIT.assertAudited(site, "FEATURE_REVIEW_APP_REFUSED", "AADSTS700016");

            // The tenant's Global Administrator consents to the consent-management app through that link.
            HtmlPage back = approveAt(browser, managementLink, "megan.admin@contoso.example");
            assertTrue(
                    back.asNormalizedText().contains("Microsoft reports that the administrator approved"),
                    back.asNormalizedText());

            // Now created once, then reported as already present.
            HtmlPage created = (HtmlPage) click(form(browser.open(features + "/teams/review-app"), "/review-app"));
            assertTrue(created.asNormalizedText().contains("was created for review"), created.asNormalizedText());
            assertEquals(1, sandboxCount("SELECT COUNT(*) FROM sandbox_service_principal WHERE app_id = ?", TEAMS_APP));
            assertTrue(sandboxString("SELECT tags FROM sandbox_service_principal WHERE app_id = ?", TEAMS_APP)
                    .contains("WindowsAzureActiveDirectoryIntegratedApp"));
            assertEquals(
                    0,
                    sandboxCount(
                            "SELECT COUNT(*) FROM sandbox_permission_grant WHERE client_id = (SELECT id FROM sandbox_service_principal WHERE app_id = ?)",
                            TEAMS_APP),
                    "review only: nothing granted");
            HtmlPage again = (HtmlPage) click(form(browser.open(features + "/teams/review-app"), "/review-app"));
            assertTrue(again.asNormalizedText().contains("already present"), again.asNormalizedText());
            assertEquals(1, sandboxCount("SELECT COUNT(*) FROM sandbox_service_principal WHERE app_id = ?", TEAMS_APP));
            ConnectIT.assertAudited(site, "FEATURE_REVIEW_APP_CREATED", "already present");
            assertTrue(
                    browser.open(features + "/teams")
                            .getElementById("consent-status")
                            .asNormalizedText()
                            .contains("lacks"),
                    "in the tenant, nothing granted: the required scopes are missing");

            // Approve for all users through the exact link; the page verifies it through Graph.
            HtmlPage before = browser.open(features + "/meetings");
            assertTrue(
                    before.getElementById("consent-status").asNormalizedText().contains("not in this tenant"),
                    before.getElementById("consent-status").asNormalizedText());
            HtmlPage returned =
                    approveAt(browser, value(before, "consent-link-optional"), "megan.admin@contoso.example");
            assertTrue(returned.asNormalizedText().contains("approved the app"), returned.asNormalizedText());
            Trail.assertTrail(returned, "Back from Microsoft");
            ConnectIT.assertAuditedAnywhere("FEATURE_CONSENT_RETURNED", "not verified here");
            HtmlPage verified = browser.open(features + "/meetings");
            assertTrue(
                    verified.getElementById("consent-status")
                            .asNormalizedText()
                            .contains("covers every required scope"),
                    verified.getElementById("consent-status").asNormalizedText());

            // Approve through an approval link (state-bound, the tenant checked, verified through Graph).
            HtmlPage calendar = browser.open(features + "/calendar");
            org.htmlunit.html.HtmlForm linkForm = form(calendar, "/calendar/links");
            ((org.htmlunit.html.HtmlCheckBoxInput) linkForm.getInputByName("optional")).setChecked(true);
            HtmlPage withLink = browser.submit(linkForm);
            String link = value(withLink, "approval-link");
            assertTrue(link.startsWith(browser.url("/approve/").toString()), link);
            assertNotNull(withLink.getFirstByXPath("//button[@data-copy-target='approval-link']"));
            assertEquals(
                    null,
                    browser.open("/sites/" + site + "/chat-tools/teams/" + connection)
                            .getElementById("approval-link"),
                    "a feature link is revealed on its feature page only");
            long linkId = count("SELECT MAX(id) FROM approval_link WHERE connection_id = ?", connection);
            assertEquals(
                    "feature:calendar:" + catalogVersion() + ":optional",
                    string("SELECT permission_set FROM approval_link WHERE id = ?", linkId));
            try (Browser tenantAdmin = new Browser(base)) {
                HtmlPage request = (HtmlPage) tenantAdmin.openUrl(link);
                assertEquals(200, request.getWebResponse().getStatusCode(), request.asNormalizedText());
                assertTrue(
                        request.getElementById("approval-feature")
                                .asNormalizedText()
                                .contains("Calendar"),
                        request.asNormalizedText());
                assertEquals(
                        "openid profile email offline_access Calendars.ReadWrite Calendars.ReadWrite.Shared OnlineMeetings.ReadWrite "
                                + "People.Read User.ReadBasic.All Place.Read.All Group.ReadWrite.All Team.ReadBasic.All",
                        request.getElementById("approval-scope").asNormalizedText());
                HtmlPage consent = ConnectIT.signInThroughLink(tenantAdmin, link, "megan.admin@contoso.example");
                assertTrue(
                        consent.getUrl().toString().contains("client_id=" + MAIL_APP),
                        consent.getUrl().toString());
                HtmlPage done = (HtmlPage) press(consent, "accept");
                assertTrue(
                        done.getElementById("approval-result")
                                .asNormalizedText()
                                .contains("Microsoft Graph confirms the grant"),
                        done.asNormalizedText());
                assertEquals(404, tenantAdmin.openUrl(link).getWebResponse().getStatusCode(), "the link is spent");
            }
            assertEquals("APPROVED", string("SELECT status FROM approval_link WHERE id = ?", linkId));
            assertEquals(
                    "PERMISSION_REQUIRED",
                    ConnectIT.status(connection),
                    "a feature link leaves the ChatOps connection alone");
            assertEquals(null, string("SELECT permission_granted_by FROM tenant_connection WHERE id = ?", connection));
            ConnectIT.assertAudited(site, "FEATURE_CONSENT_VERIFIED", "verified through Graph");
            assertTrue(browser.open(features + "/calendar")
                    .getElementById("consent-status")
                    .asNormalizedText()
                    .contains("covers every required scope"));

            // The PowerShell script for chosen users.
            Page script = browser.openRaw(
                    features + "/meetings/approve-users.ps1?users=" + ADELE + "," + LEE + "&optional=true");
            assertEquals(
                    200,
                    script.getWebResponse().getStatusCode(),
                    script.getWebResponse().getContentAsString());
            assertTrue(script.getWebResponse().getContentType().startsWith("text/plain"));
            assertTrue(script.getWebResponse()
                    .getResponseHeaderValue("Content-Disposition")
                    .startsWith("attachment"));
            String ps = script.getWebResponse().getContentAsString();
            assertTrue(ps.contains("'" + ADELE + "'") && ps.contains("'" + LEE + "'"), ps);
            assertTrue(ps.contains("$clientAppId = '" + MAIL_APP + "'") && ps.contains("'Place.Read.All'"), ps);
            assertTrue(ps.contains("$tenantId = '" + CONTOSO + "'"), ps);
            assertTrue(ps.contains("Update-MgOauth2PermissionGrant"), ps);
            ConnectIT.assertAudited(site, "FEATURE_SCRIPT_DOWNLOADED", "2 user(s)");
            Page forGroup = browser.openRaw(features + "/meetings/approve-users.ps1?group=" + ADELE);
            assertEquals(200, forGroup.getWebResponse().getStatusCode());
            assertTrue(forGroup.getWebResponse().getContentAsString().contains("Get-MgGroupTransitiveMember"));

            // Bad input: 400, the feature page again with the reason and the form as it was sent, no script.
            for (String bad : new String[] {
                "users=" + ADELE + "%27%3B%20whoami",
                "users=" + ADELE + "&group=" + LEE,
                "users=&group=",
                "group=x",
                "users=" + ADELE + "&optional=maybe",
                "group=Incident%20responders"
            }) {
                Page refusedScript = browser.openRaw(features + "/meetings/approve-users.ps1?" + bad);
                assertEquals(400, refusedScript.getWebResponse().getStatusCode(), bad);
                assertTrue(refusedScript.getWebResponse().getContentType().startsWith("text/html"), bad);
                assertNull(refusedScript.getWebResponse().getResponseHeaderValue("Content-Disposition"), bad);
                String page = refusedScript.getWebResponse().getContentAsString();
                assertTrue(page.contains("No script was made."), page);
                assertFalse(page.contains("Connect-MgGraph"), bad);
                HtmlPage shown = (HtmlPage) refusedScript;
                assertNotNull(shown.getElementById("script-form"), "the script form is shown again: " + bad);
            }
            HtmlPage kept =
                    (HtmlPage) browser.openRaw(features + "/meetings/approve-users.ps1?group=Incident%20responders");
            assertEquals(
                    "Incident responders",
                    ((org.htmlunit.html.HtmlInput) kept.getElementById("script-group")).getValue(),
                    "the group field keeps what was entered");
            assertEquals(
                    404,
                    browser.openRaw(features + "/nonexistent").getWebResponse().getStatusCode());
            assertEquals(
                    404,
                    browser.openRaw(features + "/nope/approve-users.ps1?users=" + ADELE)
                            .getWebResponse()
                            .getStatusCode());

            // Another site's admin cannot reach this connection's feature pages (404), nor post.
            try (Browser other = portal.signedIn(otherAdmin)) {
                assertEquals(
                        404,
                        other.openRaw("/sites/" + otherSite + "/chat-tools/teams/" + connection + "/features/meetings")
                                .getWebResponse()
                                .getStatusCode());
                assertEquals(
                        404,
                        other.openRaw(features + "/meetings").getWebResponse().getStatusCode());
                Map.Entry<String, String> csrf = other.csrfToken();
                assertEquals(
                        404,
                        other.post(
                                        "/sites/" + otherSite + "/chat-tools/teams/" + connection
                                                + "/features/teams/review-app",
                                        Map.of(csrf.getKey(), csrf.getValue()))
                                .getWebResponse()
                                .getStatusCode());
            }
            // Without the CSRF token, nothing is created.
            long mailPrincipals = sandboxCount(
                    "SELECT COUNT(*) FROM sandbox_service_principal WHERE app_id = ?",
                    "a47ed889-74d6-4acf-b5c8-b1172696eb70");
            assertTrue(browser.post(features + "/teams-portal/review-app", Map.of())
                            .getWebResponse()
                            .getStatusCode()
                    >= 400);
            assertEquals(
                    mailPrincipals,
                    sandboxCount(
                            "SELECT COUNT(*) FROM sandbox_service_principal WHERE app_id = ?",
                            "a47ed889-74d6-4acf-b5c8-b1172696eb70"));
        }
    }

    /** Opens an admin-consent link in the browser, signs in at the sandbox when asked, accepts, and follows the redirect back. */
    static HtmlPage approveAt(Browser browser, String link, String upn) throws Exception {
        Page page = browser.openUrl(link);
        if (page instanceof HtmlPage html && form(html, "/signin") != null) {
            page = microsoftSignIn(html, upn);
        }
        if (page instanceof HtmlPage html && hasDecision(html)) {
            page = press(html, "accept");
        }
        HtmlPage back = (HtmlPage) page;
        assertEquals("localhost", back.getUrl().getHost(), back.asNormalizedText());
        return back;
    }

    static String catalogVersion() {
        return io.tenantlink.catalog.FeatureCatalog.builtIn().version();
    }

    static String value(HtmlPage page, String id) {
        assertNotNull(page.getElementById(id), "no #" + id + " on " + page.getUrl() + ": " + page.asNormalizedText());
        return page.getElementById(id).getAttribute("value");
    }

    /** A query on the Microsoft stand-in's own database: what the tenant holds, as Entra would. */
    static long sandboxCount(String sql, Object parameter) throws java.sql.SQLException {
        return ConnectIT.first(TestDatabase.connectSandbox(), sql, parameter, rs -> rs.getLong(1), -1L);
    }

    static String sandboxString(String sql, Object parameter) throws java.sql.SQLException {
        return ConnectIT.first(TestDatabase.connectSandbox(), sql, parameter, rs -> rs.getString(1), null);
    }

    static String string(String sql, Object parameter) throws java.sql.SQLException {
        return ConnectIT.string(sql, parameter);
    }
}
