package io.tenantlink.it;

import static io.tenantlink.it.ConnectIT.assertAudited;
import static io.tenantlink.it.ConnectIT.click;
import static io.tenantlink.it.ConnectIT.connect;
import static io.tenantlink.it.ConnectIT.connectionId;
import static io.tenantlink.it.ConnectIT.count;
import static io.tenantlink.it.ConnectIT.form;
import static io.tenantlink.it.ConnectIT.press;
import static io.tenantlink.it.ConnectIT.siteAdmin;
import static io.tenantlink.it.ConnectIT.status;
import static io.tenantlink.it.ConnectIT.string;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.net.URL;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.htmlunit.html.DomElement;
import org.htmlunit.html.HtmlAnchor;
import org.htmlunit.html.HtmlElement;
import org.htmlunit.html.HtmlPage;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The consent doctor end to end against the sandbox: a connected tenant's consent status per feature
 * (matching, missing, extra, the link asking for just the missing part), drift and revocation made
 * through Graph and found by Check now (audited, the connection flagged "needs attention" while it
 * stays Active), repair clearing the flag, and a tenant that never consented to the consent-management app.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ConsentDoctorIT {

    static final String CONTOSO = SandboxBrowser.CONTOSO;
    static final String FABRIKAM = SandboxBrowser.FABRIKAM;
    static final String CONTOSO_ADMIN = "megan.admin@contoso.example";
    static final GraphSandboxClient.App MANAGEMENT =
            new GraphSandboxClient.App("0b5e4f2c-9d3a-4e1b-8c7f-6a5d4c3b2a10", "sandbox-graph-admin-secret");
    static final String GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return PortalDeployment.sharedPortal();
    }

    @ArquillianResource
    URL base;

    @Test
    void showsGrantedAgainstRequiredFindsDriftAndRevocationAndClearsWhenRepaired() throws Exception {
        Portal portal = new Portal(base);
        long site = portal.site(Portal.unique("Doctor desk "));
        String admin = siteAdmin(portal, site);
        try (GraphSandboxClient graph = new GraphSandboxClient(base);
                Browser browser = portal.signedIn(admin)) {
            graph.adminConsent(CONTOSO, MANAGEMENT, CONTOSO_ADMIN);

            HtmlPage waiting = connect(browser, browser.open("/sites/" + site + "/chat-tools"), CONTOSO_ADMIN);
            press((HtmlPage) click(form(waiting, "/give-permission")), "accept");
            long connection = connectionId(site, CONTOSO);
            assertEquals("ACTIVE", status(connection));
            String page = "/sites/" + site + "/chat-tools/teams/" + connection + "/consent";

            HtmlPage tenant = browser.open("/sites/" + site + "/chat-tools/teams/" + connection);
            HtmlAnchor toDoctor = (HtmlAnchor) tenant.getElementById("consent-status");
            assertNotNull(toDoctor, "the tenant's page links to its consent status");
            HtmlPage doctor = toDoctor.click();
            assertEquals(page, doctor.getUrl().getPath());
            assertNotNull(doctor.getElementById("not-checked"), doctor.asNormalizedText());

            // First check: ChatOps complete (its registration asks for what the catalog lists, no more), the feature
            // apps not installed.
            HtmlPage checked = (HtmlPage) click(form(doctor, "/consent/check"));
            assertEquals(page, checked.getUrl().getPath());
            assertTrue(checked.asNormalizedText().contains("checked with Microsoft"), checked.asNormalizedText());
            HtmlElement chatops = feature(checked, "chatops");
            assertEquals("All required permissions granted", text(chatops, ".//span[contains(@class,'check-status')]"));
            assertTrue(cell(chatops, "delegated", "matching").contains("Chat.Create"), chatops.asNormalizedText());
            assertEquals("—", cell(chatops, "delegated", "missing"));
            assertEquals("—", cell(chatops, "delegated", "extra"));
            assertEquals("—", cell(chatops, "application", "extra"));
            assertNull(
                    checked.getFirstByXPath("//div[contains(@class,'extra-permissions')]"),
                    "no app registration asks for more");
            assertEquals(
                    "Chat.Create ChatMember.ReadWrite.All TeamsAppInstallation.ReadWriteSelfForChat.All User.Read.All",
                    cell(chatops, "application", "matching"));
            assertNull(chatops.getFirstByXPath(".//a[contains(@class,'fix-link')]"), "nothing to fix");
            HtmlElement email = feature(checked, "email");
            assertEquals("Not installed in the tenant", text(email, ".//span[contains(@class,'check-status')]"));
            String emailFix =
                    ((HtmlAnchor) email.getFirstByXPath(".//a[contains(@class,'fix-link')]")).getHrefAttribute();
            assertTrue(
                    emailFix.contains(
                            "/" + CONTOSO + "/v2.0/adminconsent?client_id=e7185a25-9df9-4d05-b779-76b04bf46424"),
                    emailFix);
            assertTrue(emailFix.contains("Mail.Send.Shared"), emailFix);
            assertAudited(site, "CONSENT_CHECKED", "chatops OK");

            // The site's consent matrix, at the top of the consent status: a summary, the picture (SVG with a title,
            // a description and a legend), each cell a link to its fix, and the same as a table.
            assertNotNull(checked.getElementById("consent-summary"), "a summary at the top");
            assertTrue(
                    checked.getElementById("consent-summary").asNormalizedText().contains("TenantLink ChatOps"),
                    checked.getElementById("consent-summary").asNormalizedText());
            DomElement svg = matrixSvg(checked);
            assertEquals("group", svg.getAttribute("role"));
            assertEquals("consent-matrix-title consent-matrix-desc", svg.getAttribute("aria-labelledby"));
            assertEquals(
                    "Consent matrix",
                    checked.getElementById("consent-matrix-title").getTextContent());
            assertFalse(checked.getElementById("consent-matrix-desc")
                    .getTextContent()
                    .isBlank());
            assertEquals("GRANTED", svgCell(svg, connection, "chatops").getAttribute("data-state"));
            assertEquals(
                    page + "#feature-chatops",
                    svgCell(svg, connection, "chatops").getAttribute("href"));
            assertTrue(svgCell(svg, connection, "chatops")
                    .getAttribute("aria-label")
                    .startsWith("Contoso, TenantLink ChatOps: Granted."));
            assertEquals("NOT_INSTALLED", svgCell(svg, connection, "email").getAttribute("data-state"));
            assertEquals(emailFix, svgCell(svg, connection, "email").getAttribute("href"), "the cell links to the fix");
            assertEquals(
                    6,
                    svg.getByXPath(".//*[local-name()='g'][starts-with(@class,'legend-item')]")
                            .size(),
                    "a legend of every state");
            HtmlAnchor tableChatops = tableCell(checked, connection, "chatops");
            assertEquals("✓ Granted", tableChatops.asNormalizedText());
            assertEquals(page + "#feature-chatops", tableChatops.getHrefAttribute());
            assertEquals(emailFix, tableCell(checked, connection, "email").getHrefAttribute());
            assertEquals(
                    "○ Not installed", tableCell(checked, connection, "email").asNormalizedText());
            assertNotNull(
                    checked.getFirstByXPath(
                            "//details[contains(@class,'picture-table')]/table[@id='consent-matrix-table']"),
                    "the table behind a details element");
            // The same matrix on the site's tenants page.
            HtmlPage sitesTenants = browser.open("/sites/" + site + "/chat-tools");
            assertEquals(
                    "GRANTED",
                    svgCell(matrixSvg(sitesTenants), connection, "chatops").getAttribute("data-state"));
            assertEquals(emailFix, tableCell(sitesTenants, connection, "email").getHrefAttribute());
            assertEquals(0, audits(site, "CONSENT_DRIFT"), "a first check is no drift");
            assertNull(attention(connection));

            // Drift: the tenant's admin takes Chat.Create out of ChatOps' tenant-wide grant (through Graph).
            String token = graph.appToken(CONTOSO, MANAGEMENT);
            String spId = servicePrincipalId(graph, token, SandboxBrowser.CHATOPS);
            takeOutOfChatOpsGrant(graph, token, spId, "Chat.Create");

            HtmlPage drifted = (HtmlPage) click(form(browser.open(page), "/consent/check"));
            assertTrue(drifted.asNormalizedText().contains("1 feature(s) changed"), drifted.asNormalizedText());
            chatops = feature(drifted, "chatops");
            assertEquals("Permissions missing", text(chatops, ".//span[contains(@class,'check-status')]"));
            assertEquals("Chat.Create", cell(chatops, "delegated", "missing"));
            String fix = ((HtmlAnchor) chatops.getFirstByXPath(".//a[contains(@class,'fix-link')]")).getHrefAttribute();
            assertTrue(
                    fix.contains("client_id=" + SandboxBrowser.CHATOPS)
                            && fix.contains("scope=openid+profile+email+offline_access+Chat.Create"),
                    "the link asks for just the missing scope: " + fix);
            assertAudited(site, "CONSENT_DRIFT", "lost: Chat.Create");
            assertEquals(
                    "MISSING",
                    svgCell(matrixSvg(drifted), connection, "chatops").getAttribute("data-state"));
            assertEquals(fix, svgCell(matrixSvg(drifted), connection, "chatops").getAttribute("href"));
            assertEquals("! Missing", tableCell(drifted, connection, "chatops").asNormalizedText());
            assertAudited(site, "CONNECTION_NEEDS_ATTENTION", "CHATOPS_MISSING");
            assertEquals("CHATOPS_MISSING", attention(connection));
            assertEquals("ACTIVE", status(connection), "the connection stays Active");
            assertNotNull(drifted.getElementById("needs-attention"));
            HtmlPage tools = browser.open("/sites/" + site + "/chat-tools");
            assertTrue(tools.asNormalizedText().contains("Needs attention"), tools.asNormalizedText());
            assertTrue(
                    tools.asNormalizedText().contains("TenantLink ChatOps lacks permissions it requires"),
                    tools.asNormalizedText());
            assertNotNull(browser.open("/sites/" + site + "/chat-tools/teams/" + connection)
                    .getElementById("needs-attention"));

            // Idempotent: checking the same state again records no new drift and no new flag.
            long drifts = audits(site, "CONSENT_DRIFT");
            long flags = audits(site, "CONNECTION_NEEDS_ATTENTION");
            click(form(browser.open(page), "/consent/check"));
            assertEquals(drifts, audits(site, "CONSENT_DRIFT"));
            assertEquals(flags, audits(site, "CONNECTION_NEEDS_ATTENTION"));

            // The fix link, followed by the tenant's admin: Microsoft adds just the missing scope, the portal says so
            // without trusting the redirect, and the next check finds nothing missing and clears the flag.
            HtmlPage fixed = FeatureAppsIT.approveAt(browser, fix, CONTOSO_ADMIN);
            assertEquals(200, fixed.getWebResponse().getStatusCode(), fixed.asNormalizedText());
            assertTrue(fixed.asNormalizedText().contains("approved the app"), fixed.asNormalizedText());
            HtmlPage afterFix = (HtmlPage) click(form(browser.open(page), "/consent/check"));
            assertEquals(
                    "All required permissions granted",
                    text(feature(afterFix, "chatops"), ".//span[contains(@class,'check-status')]"));
            assertNull(attention(connection));
            assertAudited(site, "CONNECTION_ATTENTION_CLEARED", "CHATOPS_MISSING");

            // Revocation: every application permission of ChatOps removed.
            String graphSp = servicePrincipalId(graph, token, GRAPH_APP_ID);
            List<Map<String, Object>> assignments =
                    values(graph.graph("GET", "/servicePrincipals/" + graphSp + "/appRoleAssignedTo", token, null));
            int removed = 0;
            for (Map<String, Object> assignment : assignments) {
                if (spId.equals(assignment.get("principalId"))) {
                    assertEquals(
                            204,
                            graph.graph(
                                            "DELETE",
                                            "/servicePrincipals/" + graphSp + "/appRoleAssignedTo/"
                                                    + assignment.get("id"),
                                            token,
                                            null)
                                    .statusCode());
                    removed++;
                }
            }
            assertEquals(4, removed);
            HtmlPage revoked = (HtmlPage) click(form(browser.open(page), "/consent/check"));
            assertEquals("—", cell(feature(revoked, "chatops"), "application", "matching"));
            assertAudited(site, "CONSENT_REVOKED", "app:Chat.Create");
            assertEquals("CHATOPS_REVOKED", attention(connection));
            assertTrue(browser.open("/sites/" + site + "/chat-tools")
                    .asNormalizedText()
                    .contains("incident chats cannot be created"));

            // Repair: the tenant admin consents to ChatOps again; the next check clears the flag.
            graph.adminConsent(CONTOSO, GraphSandboxClient.CHATOPS, CONTOSO_ADMIN);
            HtmlPage repaired = (HtmlPage) click(form(browser.open(page), "/consent/check"));
            assertEquals(
                    "All required permissions granted",
                    text(feature(repaired, "chatops"), ".//span[contains(@class,'check-status')]"));
            assertNull(attention(connection));
            assertNull(repaired.getElementById("needs-attention"));
            assertAudited(site, "CONNECTION_ATTENTION_CLEARED", "CHATOPS_REVOKED");
            assertFalse(browser.open("/sites/" + site + "/chat-tools")
                    .asNormalizedText()
                    .contains("Needs attention"));

            // The tenant's consent timeline: granted, drift, repaired, revoked, repaired, as markers and as a table.
            HtmlPage tenantPage = browser.open("/sites/" + site + "/chat-tools/teams/" + connection);
            List<String> kinds =
                    tenantPage.getByXPath("//table[@id='consent-timeline-table']/tbody/tr/@data-kind").stream()
                            .map(a -> ((org.htmlunit.html.DomAttr) a).getValue())
                            .toList();
            assertEquals(List.of("GRANTED", "DRIFT", "REPAIRED", "REVOKED", "REPAIRED"), kinds);
            DomElement timeline = tenantPage.getFirstByXPath("//*[@id='consent-timeline']//*[local-name()='svg']");
            assertNotNull(timeline, "the timeline is drawn");
            assertEquals("consent-timeline-title consent-timeline-desc", timeline.getAttribute("aria-labelledby"));
            List<DomElement> markers = timeline.getByXPath(".//*[starts-with(@class,'timeline-event')]");
            assertEquals(5, markers.size());
            assertEquals(
                    List.of("GRANTED", "DRIFT", "REPAIRED", "REVOKED", "REPAIRED"),
                    markers.stream().map(m -> m.getAttribute("data-kind")).toList());
            for (DomElement marker : markers) {
                assertTrue(marker.getTextContent().contains("TenantLink ChatOps"), "each marker has a title");
            }
            String rows = tenantPage.getElementById("consent-timeline-table").asXml();
            assertTrue(rows.contains("lost: Chat.Create"), rows);
            assertTrue(rows.contains("Chat.Create (application)"), rows);
            assertFalse(rows.contains("portal:"), "people by name");
        }
    }

    static DomElement matrixSvg(HtmlPage page) {
        DomElement svg = page.getFirstByXPath("//*[@id='consent-matrix']//*[local-name()='svg']");
        assertNotNull(svg, "no consent matrix on " + page.getUrl());
        return svg;
    }

    static DomElement svgCell(DomElement svg, long connection, String feature) {
        DomElement cell = svg.getFirstByXPath(".//*[local-name()='g'][@data-connection='" + connection
                + "']/*[local-name()='a'][@data-feature='" + feature + "']");
        assertNotNull(cell, "no matrix cell for " + feature);
        return cell;
    }

    static HtmlAnchor tableCell(HtmlPage page, long connection, String feature) {
        HtmlAnchor cell = page.getFirstByXPath("//table[@id='consent-matrix-table']/tbody/tr[@data-connection='"
                + connection + "']/td[@data-feature='" + feature + "']/a");
        assertNotNull(cell, "no matrix table cell for " + feature);
        return cell;
    }

    @Test
    void aTenantWithoutTheConsentManagementAppIsExplainedAndAccessIsChecked() throws Exception {
        Portal portal = new Portal(base);
        long site = portal.site(Portal.unique("Doctor refusal "));
        String admin = siteAdmin(portal, site);
        try (Browser browser = portal.signedIn(admin)) {
            HtmlPage waiting =
                    connect(browser, browser.open("/sites/" + site + "/chat-tools"), "admin@fabrikam.example");
            press((HtmlPage) click(form(waiting, "/give-permission")), "accept");
            long connection = connectionId(site, FABRIKAM);
            assertEquals("ACTIVE", status(connection));
            String page = "/sites/" + site + "/chat-tools/teams/" + connection + "/consent";

            HtmlPage refused = (HtmlPage) click(form(browser.open(page), "/consent/check"));
            String text = refused.asNormalizedText();
            assertTrue(
                    text.contains(
                            "TenantLink cannot read this tenant’s consent: a tenant admin must consent to the TenantLink "
                                    + "consent-management app."),
                    text);
            String link = refused.getElementById("management-consent-link").getAttribute("value");
            assertTrue(link.contains("/" + FABRIKAM + "/v2.0/adminconsent?client_id=" + MANAGEMENT.appId()), link);
            assertTrue(link.contains("scope=https%3A%2F%2Fgraph.microsoft.com%2F.default"), link);
            assertAudited(site, "CONSENT_CHECK_FAILED", "NOT_CONSENTED");
            assertEquals(
                    0,
                    count("SELECT COUNT(*) FROM consent_check WHERE connection_id = ?", connection),
                    "nothing recorded");
            assertNull(attention(connection), "an unreadable tenant is not flagged as drifted");

            // Another site's admin: 404 for this connection, through their own site's path too.
            long other = portal.site(Portal.unique("Doctor other "));
            try (Browser stranger = portal.signedIn(siteAdmin(portal, other))) {
                assertEquals(
                        404,
                        stranger.openRaw("/sites/" + other + "/chat-tools/teams/" + connection + "/consent")
                                .getWebResponse()
                                .getStatusCode());
                assertEquals(
                        404,
                        stranger.post(
                                        "/sites/" + other + "/chat-tools/teams/" + connection + "/consent/check",
                                        Map.ofEntries(stranger.csrfToken()))
                                .getWebResponse()
                                .getStatusCode());
                assertEquals(
                        404, stranger.openRaw(page).getWebResponse().getStatusCode(), "a site they hold no role on");
            }
            // Without the CSRF token: refused.
            assertEquals(
                    403,
                    browser.post(page + "/check", Map.of()).getWebResponse().getStatusCode());
            // An auditor reads the page but cannot check.
            String auditor = portal.account("auditor");
            portal.grant(site, auditor, "AUDITOR", null);
            try (Browser reader = portal.signedIn(auditor)) {
                HtmlPage view = reader.open(page);
                assertEquals(200, view.getWebResponse().getStatusCode());
                assertNull(form(view, "/consent/check"), "no Check now for an auditor");
                assertEquals(
                        403,
                        reader.post(page + "/check", Map.ofEntries(reader.csrfToken()))
                                .getWebResponse()
                                .getStatusCode());
            }
            assertEquals(1, audits(site, "CONSENT_CHECK_FAILED"), "refused requests checked nothing");
        }
    }

    // --- helpers ------------------------------------------------------------------------------

    static HtmlElement feature(HtmlPage page, String key) {
        HtmlElement element = (HtmlElement) page.getElementById("feature-" + key);
        assertNotNull(element, "no feature " + key + " on " + page.asNormalizedText());
        return element;
    }

    static String text(HtmlElement element, String xpath) {
        HtmlElement found = element.getFirstByXPath(xpath);
        assertNotNull(found, xpath);
        return found.asNormalizedText().trim();
    }

    static String cell(HtmlElement feature, String kind, String column) {
        return text(feature, ".//tr[@class='" + kind + "']/td[@class='" + column + "']");
    }

    static String attention(long connection) throws Exception {
        return string("SELECT attention_reason FROM tenant_connection WHERE id = ?", connection);
    }

    static long audits(long site, String action) throws Exception {
        return count("SELECT COUNT(*) FROM audit_record WHERE action = '" + action + "' AND site_id = ?", site);
    }

    /** As the tenant's admin would through Graph: takes one scope out of ChatOps' tenant-wide delegated grant. */
    static void takeOutOfChatOpsGrant(GraphSandboxClient graph, String token, String spId, String scope)
            throws Exception {
        Map<String, Object> grant = values(graph.graph(
                        "GET",
                        "/oauth2PermissionGrants?$filter=clientId%20eq%20'" + spId
                                + "'%20and%20consentType%20eq%20'AllPrincipals'",
                        token,
                        null))
                .get(0);
        String left = ((String) grant.get("scope"))
                .replaceAll("(^| )" + java.util.regex.Pattern.quote(scope) + "( |$)", " ")
                .trim();
        assertEquals(
                204,
                graph.graph(
                                "PATCH",
                                "/oauth2PermissionGrants/" + grant.get("id"),
                                token,
                                "{\"scope\":\"" + left + "\"}")
                        .statusCode());
    }

    static String servicePrincipalId(GraphSandboxClient graph, String token, String appId) throws Exception {
        return (String)
                values(graph.graph("GET", "/servicePrincipals?$filter=appId%20eq%20'" + appId + "'", token, null))
                        .get(0)
                        .get("id");
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> values(HttpResponse<String> response) throws Exception {
        assertEquals(200, response.statusCode(), response.body());
        return (List<Map<String, Object>>)
                (List<?>) JSONObjectUtils.getJSONArray(JSONObjectUtils.parse(response.body()), "value");
    }
}
