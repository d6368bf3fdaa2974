package io.tenantlink.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;

import org.htmlunit.Page;
import org.htmlunit.html.HtmlButton;
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
 * Connecting a site to Microsoft tenants, end to end in a browser against the sandbox over HTTP:
 * the Global Administrator's path (Give permission), the Teams administrator's path (Copy link,
 * a tenant admin approving through the link), disconnect and reconnect, one tenant for two sites.
 * Each test uses its own sites and tenant, so the order of tests does not matter.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ConnectIT {

    static final String CONTOSO = SandboxBrowser.CONTOSO;
    static final String FABRIKAM = SandboxBrowser.FABRIKAM;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return PortalDeployment.freshPortal();
    }

    @ArquillianResource
    URL base;

    // --- the Global Administrator's path -----------------------------------------------------

    @Test
    void globalAdminConnectsGivesPermissionDisconnectsAndReconnects() throws Exception {
        Portal portal = new Portal(base);
        long site = portal.site(Portal.unique("Contoso desk "));
        String admin = siteAdmin(portal, site);
        try (Browser browser = portal.signedIn(admin)) {
            HtmlPage tools = browser.open("/sites/" + site + "/chat-tools");
            String text = tools.asNormalizedText();
            assertTrue(text.contains("Slack") && text.contains("Zoom") && text.contains("Not available"), text);
            assertTrue(text.contains("No Microsoft tenant is connected"), text);

            HtmlPage waiting = connect(browser, tools, "megan.admin@contoso.example");
            String waitingText = waiting.asNormalizedText();
            assertTrue(waitingText.contains("Microsoft Teams Administrator’s permission is required"), waitingText);
            assertTrue(waitingText.contains("Contoso") && waitingText.contains("contoso.example"), waitingText);
            assertNotNull(form(waiting, "/give-permission"), "a Global Administrator is offered Give permission");
            assertNotNull(form(waiting, "/links"), "Copy link is always offered");
            long connection = connectionId(site, CONTOSO);
            assertEquals("PERMISSION_REQUIRED", status(connection));
            assertSignerKeyedByObjectId(connection);

            // Give permission → Microsoft's admin consent page → Accept → confirmed through Graph → ACTIVE
            HtmlPage consent = (HtmlPage) click(form(waiting, "/give-permission"));
            assertEquals("127.0.0.1", consent.getUrl().getHost(), "admin consent happens at Microsoft (the sandbox)");
            assertTrue(consent.getUrl().getPath().endsWith("/" + CONTOSO + "/v2.0/adminconsent"), consent.getUrl().toString());
            HtmlPage active = (HtmlPage) press(consent, "accept");
            assertEquals("localhost", active.getUrl().getHost());
            assertTrue(active.asNormalizedText().contains("its consent was confirmed with Microsoft"), active.asNormalizedText());
            assertEquals("ACTIVE", status(connection));
            assertAudited(site, "CONSENT_CONFIRMED", "admin consent given");
            assertEquals(1, tokenCacheRows(CONTOSO), "the signer's tokens are kept, encrypted");

            // Disconnect: confirmation page, then DISCONNECTED, tokens deleted, history kept
            HtmlPage confirm = browser.open("/sites/" + site + "/chat-tools/teams/" + connection + "/disconnect");
            assertTrue(confirm.asNormalizedText().contains("Nothing in Microsoft Teams is deleted"), confirm.asNormalizedText());
            HtmlPage after = (HtmlPage) click(form(confirm, "/disconnect"));
            assertTrue(after.asNormalizedText().contains("was disconnected"), after.asNormalizedText());
            assertEquals("DISCONNECTED", status(connection));
            assertEquals(0, tokenCacheRows(CONTOSO), "tokens are deleted on disconnect");
            assertAudited(site, "CONNECTION_DISCONNECTED", "nothing changed in the tenant");

            // Reconnect: the same flow, straight to ACTIVE because the tenant's consent is still in place
            long started = System.nanoTime();
            HtmlPage reconnected = connect(browser, browser.open("/sites/" + site + "/chat-tools"), "megan.admin@contoso.example");
            long millis = (System.nanoTime() - started) / 1_000_000;
            System.out.println("[figure] reconnect with consent in place: Connect new tenant -> ACTIVE in " + millis + " ms");
            assertTrue(reconnected.getUrl().getPath().endsWith("/chat-tools"), reconnected.getUrl().toString());
            assertEquals("ACTIVE", status(connection), "the same (site, tenant) connection is reused");
            assertEquals(1, count("SELECT COUNT(*) FROM tenant_connection WHERE site_id = ?", site));
        }

        // One tenant serves several sites; each pair is independent.
        long second = portal.site(Portal.unique("Second desk "));
        String secondAdmin = siteAdmin(portal, second);
        try (Browser browser = portal.signedIn(secondAdmin)) {
            connect(browser, browser.open("/sites/" + second + "/chat-tools"), "cloud.appadmin@contoso.example");
            assertEquals("ACTIVE", status(connectionId(second, CONTOSO)));
            HtmlPage disconnect = browser.open("/sites/" + second + "/chat-tools/teams/" + connectionId(second, CONTOSO) + "/disconnect");
            click(form(disconnect, "/disconnect"));
        }
        assertEquals("DISCONNECTED", status(connectionId(second, CONTOSO)));
        assertEquals("ACTIVE", status(connectionId(site, CONTOSO)), "disconnecting one site leaves the other site's connection alone");
    }

    // --- the Teams administrator's path: Copy link ---------------------------------------------

    @Test
    void teamsAdminSharesALinkThatATenantAdminApproves() throws Exception {
        Portal portal = new Portal(base);
        long site = portal.site(Portal.unique("Fabrikam desk "));
        String admin = siteAdmin(portal, site);
        try (Browser requester = portal.signedIn(admin)) {
            HtmlPage waiting = connect(requester, requester.open("/sites/" + site + "/chat-tools"), "teamsadmin@fabrikam.example");
            long connection = connectionId(site, FABRIKAM);
            assertNull(form(waiting, "/give-permission"), "a Teams administrator cannot consent: no Give permission");
            HtmlPage withLink = (HtmlPage) click(form(waiting, "/links"));
            String link = withLink.getElementById("approval-link").getAttribute("value");
            assertTrue(link.startsWith(requester.url("/approve/").toString()), link);
            assertNotNull(withLink.getFirstByXPath("//button[@data-copy-target='approval-link']"), "a copy-to-clipboard button");
            String token = link.substring(link.lastIndexOf('/') + 1);
            assertTrue(token.length() >= 22, "at least 128 bits");
            assertEquals(0, count("SELECT COUNT(*) FROM approval_link WHERE token_hash = ?", token), "only a hash is stored");
            assertFalse(requester.open("/sites/" + site + "/chat-tools/teams/" + connection).asNormalizedText().contains(token),
                    "the link is shown once");
            assertTrue(withLink.asNormalizedText().contains(admin), "who created the link is noted");

            try (Browser tenantAdmin = new Browser(base)) {
                // Opening the link (a GET, as a scanner would) changes nothing.
                HtmlPage request = (HtmlPage) tenantAdmin.openUrl(link);
                String requestText = request.asNormalizedText();
                assertTrue(requestText.contains(admin) && requestText.contains("ChatMember.ReadWrite.All")
                        && requestText.contains("Application") && requestText.contains("Delegated"), requestText);
                assertEquals("PENDING", linkStatus(connection));

                // An account of another tenant: refused, the link stays usable.
                HtmlPage otherTenant = signInThroughLink(tenantAdmin, link, "megan.admin@contoso.example");
                assertEquals(403, otherTenant.getWebResponse().getStatusCode());
                assertTrue(otherTenant.asNormalizedText().contains("belongs to another tenant"), otherTenant.asNormalizedText());
                // An account of the tenant without a consent-capable role: refused, the link stays usable.
                HtmlPage member = signInThroughLink(tenantAdmin, link, "member@fabrikam.example");
                assertEquals(403, member.getWebResponse().getStatusCode());
                assertTrue(member.asNormalizedText().contains("cannot give the permission"), member.asNormalizedText());
                assertEquals("OPENED", linkStatus(connection));

                // The Global Administrator of Fabrikam consents.
                HtmlPage consent = signInThroughLink(tenantAdmin, link, "admin@fabrikam.example");
                HtmlPage done = (HtmlPage) press(consent, "accept");
                assertTrue(done.asNormalizedText().contains("The permission was given"), done.asNormalizedText());
                assertEquals("APPROVED", linkStatus(connection));
                assertEquals("PERMISSION_REQUIRED", status(connection), "the requester still confirms");

                // The link is spent.
                Page reused = tenantAdmin.openUrl(link);
                assertEquals(404, reused.getWebResponse().getStatusCode());
            }

            HtmlPage granted = requester.open("/sites/" + site + "/chat-tools/teams/" + connection);
            assertTrue(granted.asNormalizedText().contains("Permission granted by Fabrikam Admin"), granted.asNormalizedText());
            long started = System.nanoTime();
            HtmlPage active = (HtmlPage) click(form(granted, "/give-permission"));
            System.out.println("[figure] Give permission after link approval -> ACTIVE in " + (System.nanoTime() - started) / 1_000_000 + " ms");
            assertTrue(active.asNormalizedText().contains("its consent was confirmed with Microsoft"), active.asNormalizedText());
            assertEquals("ACTIVE", status(connection));
            assertAudited(site, "APPROVAL_LINK_APPROVED", "link");
        }
    }

    // --- helpers ------------------------------------------------------------------------------

    static String siteAdmin(Portal portal, long site) {
        String admin = portal.account("siteadmin");
        portal.grant(site, admin, "SITE_ADMIN", null);
        return admin;
    }

    /** Connect new tenant → Microsoft sign-in as {@code upn} (accepting the user consent if asked) → back on the portal. */
    static HtmlPage connect(Browser browser, HtmlPage tools, String upn) throws Exception {
        HtmlPage signIn = (HtmlPage) click(form(tools, "/teams/connect"));
        assertEquals("127.0.0.1", signIn.getUrl().getHost(), "sign-in happens at Microsoft (the sandbox)");
        Page next = microsoftSignIn(signIn, upn);
        if (next instanceof HtmlPage page && page.getUrl().getHost().equals("127.0.0.1") && hasDecision(page)) {
            next = press(page, "accept");
        }
        HtmlPage back = (HtmlPage) next;
        assertEquals("localhost", back.getUrl().getHost(), back.asNormalizedText());
        assertEquals(200, back.getWebResponse().getStatusCode(), back.asNormalizedText());
        return back;
    }

    static HtmlPage signInThroughLink(Browser tenantAdmin, String link, String upn) throws Exception {
        HtmlPage request = (HtmlPage) tenantAdmin.openUrl(link);
        HtmlPage signIn = (HtmlPage) click(form(request, "/sign-in"));
        return (HtmlPage) microsoftSignIn(signIn, upn);
    }

    static Page microsoftSignIn(HtmlPage page, String upn) throws Exception {
        HtmlForm form = form(page, "/signin");
        assertNotNull(form, "the Microsoft sign-in form: " + page.asNormalizedText());
        form.getInputByName("username").setValue(upn);
        return click(form);
    }

    static boolean hasDecision(HtmlPage page) {
        return page.getFirstByXPath("//button[@name='decision']") != null;
    }

    static Page press(HtmlPage page, String decision) throws Exception {
        HtmlButton button = page.getFirstByXPath("//button[@name='decision' and @value='" + decision + "']");
        assertNotNull(button, "no " + decision + " button on " + page.getUrl() + ": " + page.asNormalizedText());
        return button.click();
    }

    static HtmlForm form(HtmlPage page, String actionSuffix) {
        return page.getForms().stream().filter(f -> f.getActionAttribute().endsWith(actionSuffix)).findFirst().orElse(null);
    }

    static Page click(HtmlForm form) throws Exception {
        assertNotNull(form, "form not found");
        HtmlButton button = form.getFirstByXPath(".//button[@type='submit']");
        return button.click();
    }

    static long connectionId(long site, String tenant) throws SQLException {
        return count("SELECT id FROM tenant_connection WHERE site_id = ? AND tenant_id = '" + tenant + "'", site);
    }

    static String status(long connection) throws SQLException {
        return string("SELECT status FROM tenant_connection WHERE id = ?", connection);
    }

    static String linkStatus(long connection) throws SQLException {
        return string("SELECT status FROM approval_link WHERE connection_id = ? ORDER BY id DESC", connection);
    }

    static long tokenCacheRows(String tenant) throws SQLException {
        try (Connection db = TestDatabase.connect();
             PreparedStatement q = db.prepareStatement("SELECT COUNT(*) FROM microsoft_token_cache WHERE tenant_id = ?")) {
            q.setString(1, tenant);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static void assertSignerKeyedByObjectId(long connection) throws SQLException {
        String oid = string("SELECT signer_object_id FROM tenant_connection WHERE id = ?", connection);
        assertTrue(oid.matches("[0-9a-f-]{36}"), oid);
        assertEquals(1, count("SELECT COUNT(*) FROM microsoft_account WHERE object_id = '" + oid + "' AND 1 = ?", 1));
    }

    static void assertAudited(long site, String action, String detailContains) throws SQLException {
        try (Connection db = TestDatabase.connect();
             PreparedStatement q = db.prepareStatement("SELECT detail FROM audit_record WHERE site_id = ? AND action = ?")) {
            q.setLong(1, site);
            q.setString(2, action);
            try (ResultSet rs = q.executeQuery()) {
                boolean found = false;
                while (rs.next()) {
                    found |= rs.getString(1) != null && rs.getString(1).contains(detailContains);
                }
                assertTrue(found, "no " + action + " audit record mentioning '" + detailContains + "' for site " + site);
            }
        }
    }

    static long count(String sql, Object parameter) throws SQLException {
        try (Connection db = TestDatabase.connect(); PreparedStatement q = db.prepareStatement(sql)) {
            q.setObject(1, parameter);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        }
    }

    static String string(String sql, Object parameter) throws SQLException {
        try (Connection db = TestDatabase.connect(); PreparedStatement q = db.prepareStatement(sql)) {
            q.setObject(1, parameter);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    static Map<String, String> none() {
        return Map.of();
    }
}
