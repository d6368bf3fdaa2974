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
import java.util.List;
import java.util.Map;
import org.htmlunit.Page;
import org.htmlunit.html.HtmlButton;
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
    static final String PUBLISHER = "5f1d7a0e-0c1b-4c59-9a43-7f1e8c0a9b01";
    /** Never consented by any test: refusals and links are tested on a connection waiting for permission. */
    static final String TAILSPIN = "4f9e2c3d-5a6b-4c7d-9e0f-2a3b4c5d6e7f";

    static final String NORTHWIND = "3e8d1b2c-4f5a-4b6c-8d9e-1f2a3b4c5d6e";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return PortalDeployment.sharedPortal();
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

            long firstConnect = System.nanoTime();
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
            assertTrue(
                    consent.getUrl().getPath().endsWith("/" + CONTOSO + "/v2.0/adminconsent"),
                    consent.getUrl().toString());
            HtmlPage active = (HtmlPage) press(consent, "accept");
            assertEquals("localhost", active.getUrl().getHost());
            assertTrue(
                    active.asNormalizedText().contains("its consent was confirmed with Microsoft"),
                    active.asNormalizedText());
            assertEquals("ACTIVE", status(connection));
            System.out.println("[figure] first connect by a Global Administrator: Connect new tenant -> ACTIVE in "
                    + (System.nanoTime() - firstConnect) / 1_000_000
                    + " ms (sign-in, user consent, admin consent, Graph check)");
            assertAudited(site, "CONSENT_CONFIRMED", "admin consent given");
            assertEquals(1, tokenCacheRows(CONTOSO), "the signer's tokens are kept, encrypted");

            // People read names, not internal ids; the tenant's page says which Microsoft account connected it; every
            // page says where it is (breadcrumbs).
            HtmlPage listed = browser.open("/sites/" + site + "/chat-tools");
            assertEquals(
                    "Person " + admin,
                    ((HtmlElement) listed.getFirstByXPath("//td/span[@class='connected-by']")).asNormalizedText());
            assertFalse(listed.asNormalizedText().contains("portal:"), listed.asNormalizedText());
            assertBreadcrumbs(listed, "Sites", "Chat and video tools");
            HtmlPage tenantPage = browser.open("/sites/" + site + "/chat-tools/teams/" + connection);
            assertTrue(
                    tenantPage.getElementById("connected-by").asNormalizedText().startsWith("Person " + admin + ", "),
                    tenantPage.asNormalizedText());
            assertTrue(
                    tenantPage
                            .getElementById("microsoft-account")
                            .asNormalizedText()
                            .contains("megan.admin@contoso.example"),
                    tenantPage.asNormalizedText());
            assertFalse(tenantPage.asNormalizedText().contains("portal:"), tenantPage.asNormalizedText());
            assertBreadcrumbs(tenantPage, "Sites", "Chat and video tools", "Contoso");
            assertEquals(
                    "Active",
                    ((HtmlElement) tenantPage.getFirstByXPath("//span[contains(@class,'connection-status')]"))
                            .asNormalizedText(),
                    "the status is a labelled badge");

            // A project uses the tenant for Teams: the disconnect page names it.
            long project = portal.project(browser, site, "Major incidents", "MAJ");
            Map.Entry<String, String> csrf = browser.csrfToken();
            browser.post(
                    "/sites/" + site + "/projects/" + project + "/settings/incident-management",
                    Map.of(csrf.getKey(), csrf.getValue(), "teamsEnabled", "true", "connectionId", "" + connection));

            // Disconnect: confirmation page, then DISCONNECTED, tokens deleted, history kept
            HtmlPage confirm = browser.open("/sites/" + site + "/chat-tools/teams/" + connection + "/disconnect");
            assertTrue(
                    confirm.asNormalizedText().contains("Nothing in Microsoft Teams is deleted"),
                    confirm.asNormalizedText());
            assertTrue(
                    confirm.getElementById("projects-using").asNormalizedText().contains("Major incidents (MAJ)"),
                    confirm.asNormalizedText());
            assertBreadcrumbs(confirm, "Sites", "Chat and video tools", "Contoso", "Disconnect tenant");
            HtmlPage after = (HtmlPage) click(form(confirm, "/disconnect"));
            assertTrue(after.asNormalizedText().contains("was disconnected"), after.asNormalizedText());
            assertEquals("DISCONNECTED", status(connection));
            assertEquals(0, tokenCacheRows(CONTOSO), "tokens are deleted on disconnect");
            assertAudited(site, "CONNECTION_DISCONNECTED", "nothing changed in the tenant");

            // Reconnect: the same flow, straight to ACTIVE because the tenant's consent is still in place
            long started = System.nanoTime();
            HtmlPage reconnected =
                    connect(browser, browser.open("/sites/" + site + "/chat-tools"), "megan.admin@contoso.example");
            long millis = (System.nanoTime() - started) / 1_000_000;
            System.out.println(
                    "[figure] reconnect with consent in place: Connect new tenant -> ACTIVE in " + millis + " ms");
            assertTrue(
                    reconnected.getUrl().getPath().endsWith("/chat-tools"),
                    reconnected.getUrl().toString());
            assertEquals("ACTIVE", status(connection), "the same (site, tenant) connection is reused");
            assertEquals(1, count("SELECT COUNT(*) FROM tenant_connection WHERE site_id = ?", site));
        }

        // One tenant serves several sites; each pair is independent.
        long second = portal.site(Portal.unique("Second desk "));
        String secondAdmin = siteAdmin(portal, second);
        try (Browser browser = portal.signedIn(secondAdmin)) {
            connect(browser, browser.open("/sites/" + second + "/chat-tools"), "cloud.appadmin@contoso.example");
            assertEquals("ACTIVE", status(connectionId(second, CONTOSO)));
            HtmlPage disconnect = browser.open(
                    "/sites/" + second + "/chat-tools/teams/" + connectionId(second, CONTOSO) + "/disconnect");
            click(form(disconnect, "/disconnect"));
        }
        assertEquals("DISCONNECTED", status(connectionId(second, CONTOSO)));
        assertEquals(
                "ACTIVE",
                status(connectionId(site, CONTOSO)),
                "disconnecting one site leaves the other site's connection alone");
    }

    // --- the Teams administrator's path: Copy link ---------------------------------------------

    @Test
    void teamsAdminSharesALinkThatATenantAdminApproves() throws Exception {
        Portal portal = new Portal(base);
        long site = portal.site(Portal.unique("Fabrikam desk "));
        String admin = siteAdmin(portal, site);
        try (Browser requester = portal.signedIn(admin)) {
            HtmlPage waiting =
                    connect(requester, requester.open("/sites/" + site + "/chat-tools"), "teamsadmin@fabrikam.example");
            long connection = connectionId(site, FABRIKAM);
            assertNull(form(waiting, "/give-permission"), "a Teams administrator cannot consent: no Give permission");
            HtmlPage withLink = (HtmlPage) click(form(waiting, "/links"));
            String link = withLink.getElementById("approval-link").getAttribute("value");
            assertTrue(link.startsWith(requester.url("/approve/").toString()), link);
            assertNotNull(
                    withLink.getFirstByXPath("//button[@data-copy-target='approval-link']"),
                    "a copy-to-clipboard button");
            String token = link.substring(link.lastIndexOf('/') + 1);
            assertTrue(token.length() >= 22, "at least 128 bits");
            assertEquals(
                    0,
                    count("SELECT COUNT(*) FROM approval_link WHERE token_hash = ?", token),
                    "only a hash is stored");
            assertFalse(
                    requester
                            .open("/sites/" + site + "/chat-tools/teams/" + connection)
                            .asNormalizedText()
                            .contains(token),
                    "the link is shown once");
            assertTrue(withLink.asNormalizedText().contains(admin), "who created the link is noted");

            try (Browser tenantAdmin = new Browser(base)) {
                // Opening the link (a GET, as a scanner would) changes nothing.
                HtmlPage request = (HtmlPage) tenantAdmin.openUrl(link);
                String requestText = request.asNormalizedText();
                assertTrue(
                        requestText.contains(admin)
                                && requestText.contains("ChatMember.ReadWrite.All")
                                && requestText.contains("Application")
                                && requestText.contains("Delegated"),
                        requestText);
                assertEquals("PENDING", linkStatus(connection));
                // A tenant admin has no portal account: the trail is the page itself, no way into the portal.
                Trail.assertTrail(request, "Permission request for Microsoft Teams");

                // An account of another tenant: refused, the link stays usable.
                HtmlPage otherTenant = signInThroughLink(tenantAdmin, link, "megan.admin@contoso.example");
                assertEquals(403, otherTenant.getWebResponse().getStatusCode());
                assertTrue(
                        otherTenant.asNormalizedText().contains("belongs to another tenant"),
                        otherTenant.asNormalizedText());
                // An account of the tenant without a consent-capable role: refused, the link stays usable.
                HtmlPage member = signInThroughLink(tenantAdmin, link, "member@fabrikam.example");
                assertEquals(403, member.getWebResponse().getStatusCode());
                assertTrue(member.asNormalizedText().contains("cannot give the permission"), member.asNormalizedText());
                assertEquals("OPENED", linkStatus(connection));

                // The Global Administrator of Fabrikam consents.
                HtmlPage consent = signInThroughLink(tenantAdmin, link, "admin@fabrikam.example");
                HtmlPage done = (HtmlPage) press(consent, "accept");
                assertTrue(done.asNormalizedText().contains("The permission was given"), done.asNormalizedText());
                Trail.assertTrail(done, "Permission given");
                assertEquals("APPROVED", linkStatus(connection));
                assertEquals("PERMISSION_REQUIRED", status(connection), "the requester still confirms");

                // The link is spent.
                Page reused = tenantAdmin.openUrl(link);
                assertEquals(404, reused.getWebResponse().getStatusCode());
            }

            HtmlPage granted = requester.open("/sites/" + site + "/chat-tools/teams/" + connection);
            assertTrue(
                    granted.asNormalizedText().contains("Permission granted by Fabrikam Admin"),
                    granted.asNormalizedText());
            // The approval links say what each is for, and who made it by name.
            HtmlElement links = (HtmlElement) granted.getElementById("links");
            assertTrue(links.asNormalizedText().contains("For"), links.asNormalizedText());
            assertEquals(
                    "TenantLink ChatOps: connect the tenant (chats and meetings)",
                    ((HtmlElement) links.getFirstByXPath(".//td[@class='link-for']")).asNormalizedText());
            assertEquals(
                    "Person " + admin,
                    ((HtmlElement) links.getFirstByXPath(".//td[@class='link-created-by']")).asNormalizedText());
            assertEquals(
                    "Approved",
                    ((HtmlElement) links.getFirstByXPath(".//span[contains(@class,'link-status')]"))
                            .asNormalizedText());
            long started = System.nanoTime();
            HtmlPage active = (HtmlPage) click(form(granted, "/give-permission"));
            System.out.println("[figure] Give permission after link approval -> ACTIVE in "
                    + (System.nanoTime() - started) / 1_000_000 + " ms");
            assertTrue(
                    active.asNormalizedText().contains("its consent was confirmed with Microsoft"),
                    active.asNormalizedText());
            assertEquals("ACTIVE", status(connection));
            assertAudited(site, "APPROVAL_LINK_APPROVED", "link");
        }
    }

    /**
     * The requester's stored sign-in dies before the confirmation (Microsoft refuses the refresh,
     * AADSTS700082): the connection needs a sign-in again, its tokens are deleted, and the page says so.
     */
    @Test
    void aDeadRefreshTokenMarksTheConnectionAsNeedingSignIn() throws Exception {
        try (Scene scene = scene("Tailspin");
                SandboxBrowser sandbox = new SandboxBrowser(base)) {
            Browser requester = scene.browser();
            HtmlPage waiting = connect(
                    requester, requester.open("/sites/" + scene.site() + "/chat-tools"), "member@tailspin.example");
            long connection = connectionId(scene.site(), TAILSPIN);
            String link = ((HtmlPage) click(form(waiting, "/links")))
                    .getElementById("approval-link")
                    .getAttribute("value");
            try (Browser tenantAdmin = new Browser(base)) {
                press(signInThroughLink(tenantAdmin, link, "admin@tailspin.example"), "accept");
            }
            assertEquals("APPROVED", linkStatus(connection));

            java.net.http.HttpResponse<String> expired = java.net.http.HttpClient.newHttpClient()
                    .send(
                            java.net.http.HttpRequest.newBuilder(
                                            java.net.URI.create(
                                                    sandbox.origin() + "/sandbox/control/tenants/" + TAILSPIN
                                                            + "/users/c1d2e3f4-0002-4a5b-9c6d-7e8f9a0b1c02/expire-refresh-tokens"))
                                    .header("X-Sandbox-Control", "1")
                                    .POST(java.net.http.HttpRequest.BodyPublishers.noBody())
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(200, expired.statusCode(), expired.body());

            HtmlPage granted = requester.open("/sites/" + scene.site() + "/chat-tools/teams/" + connection);
            HtmlPage after = (HtmlPage) click(form(granted, "/give-permission"));
            assertTrue(
                    after.asNormalizedText().contains("no longer accepts the stored sign-in"),
                    after.asNormalizedText());
            assertEquals("NEEDS_SIGN_IN", status(connection));
            assertEquals(0, tokenCacheRows(TAILSPIN), "the refused tokens are deleted");
            assertAudited(scene.site(), "CONNECTION_NEEDS_SIGN_IN", "AADSTS700082");

            // Signing in again restores it: consent is in place, so straight to Active.
            connect(requester, requester.open("/sites/" + scene.site() + "/chat-tools"), "member@tailspin.example");
            assertEquals("ACTIVE", status(connection));

            // Disconnect and, as a separately confirmed choice, remove the app's permissions from the tenant
            // (through TenantLink's consent-management app, which the tenant admin consents to first).
            HtmlPage management =
                    (HtmlPage) sandbox.open(sandbox.login() + "/" + TAILSPIN + "/v2.0/adminconsent?client_id="
                            + "0b5e4f2c-9d3a-4e1b-8c7f-6a5d4c3b2a10&scope="
                            + SandboxBrowser.enc("https://graph.microsoft.com/.default")
                            + "&redirect_uri="
                            + SandboxBrowser.enc(
                                    requester.url("/microsoft/consent-callback").toString()) + "&state=x");
            sandbox.press((HtmlPage) sandbox.signIn(management, "admin@tailspin.example"), "accept");

            HtmlPage confirm =
                    requester.open("/sites/" + scene.site() + "/chat-tools/teams/" + connection + "/disconnect");
            HtmlForm disconnect = form(confirm, "/disconnect");
            disconnect.getInputByName("removeFromTenant").setChecked(true);
            Page unconfirmed = click(disconnect);
            assertEquals(400, unconfirmed.getWebResponse().getStatusCode(), "removal needs its own confirmation");
            assertEquals("ACTIVE", status(connection));

            HtmlForm confirmed = form((HtmlPage) unconfirmed, "/disconnect");
            confirmed.getInputByName("removeFromTenant").setChecked(true);
            confirmed.getInputByName("confirmRemoval").setChecked(true);
            HtmlPage removed = (HtmlPage) click(confirmed);
            assertTrue(removed.asNormalizedText().contains("4 application permission(s)"), removed.asNormalizedText());
            assertEquals("DISCONNECTED", status(connection));
            assertAudited(scene.site(), "CONSENT_REMOVED", "removed from the tenant");

            // Consent is gone: signing in again waits for permission instead of going straight to Active.
            connect(requester, requester.open("/sites/" + scene.site() + "/chat-tools"), "member@tailspin.example");
            assertEquals("PERMISSION_REQUIRED", status(connection));
        }
    }

    // --- attacks and bad input: refused, nothing changed, audited ------------------------------

    /** A site with a site admin signed in, and a snapshot of what a refusal must leave unchanged. */
    record Scene(long site, String admin, Browser browser) implements AutoCloseable {
        @Override
        public void close() {
            browser.close();
        }
    }

    Scene scene(String name) {
        Portal portal = new Portal(base);
        long site = portal.site(Portal.unique(name + " "));
        String admin = siteAdmin(portal, site);
        return new Scene(site, admin, portal.signedIn(admin));
    }

    static String snapshot() throws SQLException {
        return count("SELECT COUNT(*) FROM tenant_connection WHERE 1 = ?", 1) + "/"
                + string("SELECT CONCAT(COUNT(*), '') FROM approval_link WHERE 1 = ?", 1) + "/"
                + string("SELECT CONCAT(COALESCE(SUM(LENGTH(status)), 0), '') FROM tenant_connection WHERE 1 = ?", 1)
                + "/"
                + string("SELECT CONCAT(COALESCE(SUM(LENGTH(status)), 0), '') FROM approval_link WHERE 1 = ?", 1) + "/"
                + count("SELECT COUNT(*) FROM microsoft_token_cache WHERE 1 = ?", 1);
    }

    static long audits(String action) throws SQLException {
        return count("SELECT COUNT(*) FROM audit_record WHERE action = ?", action);
    }

    /** The sign-in this browser was sent to Microsoft for: the state in the authorize URL it requested. */
    static String stateOf(Browser browser, String pathSuffix) {
        return SandboxBrowser.query(browser.lastRequested(pathSuffix).toString())
                .get("state");
    }

    @Test
    void forgedReplayedAndForeignStatesAreRefused() throws Exception {
        try (Scene scene = scene("States")) {
            Browser browser = scene.browser();
            // unknown, missing and tampered state
            for (String query : new String[] {"code=abc&state=forged-state-value", "code=abc", "code=abc&state="}) {
                String before = snapshot();
                long refusals = audits("CALLBACK_REFUSED");
                Page page = browser.openRaw("/microsoft/callback?" + query);
                assertEquals(400, page.getWebResponse().getStatusCode(), query);
                assertTrue(page.getWebResponse().getContentAsString().contains("Nothing was changed"), query);
                assertEquals(before, snapshot(), query);
                assertEquals(refusals + 1, audits("CALLBACK_REFUSED"), query);
            }

            // a state started in another browser session (same account): refused
            HtmlPage signIn =
                    (HtmlPage) click(form(browser.open("/sites/" + scene.site() + "/chat-tools"), "/teams/connect"));
            String state = SandboxBrowser.query(signIn.getUrl().toString()).get("state");
            try (Browser other = new Portal(base).signedIn(scene.admin())) {
                String before = snapshot();
                Page page = other.openRaw("/microsoft/callback?code=abc&state=" + SandboxBrowser.enc(state));
                assertEquals(400, page.getWebResponse().getStatusCode());
                assertEquals(before, snapshot());
                assertAuditedAnywhere("CALLBACK_REFUSED", "another browser session");
            }

            // a completed sign-in's callback replayed: the state was single-use
            connect(browser, browser.open("/sites/" + scene.site() + "/chat-tools"), "alex.teams@contoso.example");
            URL callback = browser.lastRequested("/microsoft/callback");
            String before = snapshot();
            Page replay = browser.openRaw(callback.getFile());
            assertEquals(400, replay.getWebResponse().getStatusCode());
            assertEquals(before, snapshot());
        }
    }

    @Test
    void expiredStateAndInjectedCodeAreRefused() throws Exception {
        try (Scene scene = scene("Codes");
                SandboxBrowser attacker = new SandboxBrowser(base)) {
            Browser browser = scene.browser();
            // expired: the sign-in took longer than ten minutes
            HtmlPage signIn =
                    (HtmlPage) click(form(browser.open("/sites/" + scene.site() + "/chat-tools"), "/teams/connect"));
            execute("UPDATE sign_in_request SET expires_at = created_at WHERE used_at IS NULL");
            String before = snapshot();
            Page late = microsoftSignIn(signIn, "lee@contoso.example");
            if (late instanceof HtmlPage page && hasDecision(page)) {
                late = press(page, "accept");
            }
            assertEquals(400, late.getWebResponse().getStatusCode());
            assertTrue(late.getWebResponse().getContentAsString().contains("expired"));
            assertEquals(before, snapshot());

            // a code obtained by an attacker (with the attacker's PKCE verifier) injected into the victim's callback
            HtmlPage victim =
                    (HtmlPage) click(form(browser.open("/sites/" + scene.site() + "/chat-tools"), "/teams/connect"));
            String victimState =
                    SandboxBrowser.query(victim.getUrl().toString()).get("state");
            String location = attacker.authorize(
                    FABRIKAM,
                    "ops@fabrikam.example",
                    "openid profile offline_access User.Read",
                    "attacker-verifier-attacker-verifier-attacker-1",
                    "n",
                    "s");
            String injectedCode = SandboxBrowser.query(location).get("code");
            Page injected = browser.openRaw("/microsoft/callback?code=" + SandboxBrowser.enc(injectedCode) + "&state="
                    + SandboxBrowser.enc(victimState));
            assertEquals(400, injected.getWebResponse().getStatusCode());
            assertEquals(before, snapshot(), "no connection for the attacker's tenant");
            assertAuditedAnywhere("TENANT_SIGN_IN_REFUSED", "AADSTS501481");
        }
    }

    @Test
    void consentCallbacksAreTrustedOnlyForTheirStateAndTenant() throws Exception {
        try (Scene scene = scene("Consent")) {
            Browser browser = scene.browser();
            // The publisher tenant: no other test of this class consents there.
            HtmlPage waiting = connect(
                    browser,
                    browser.open("/sites/" + scene.site() + "/chat-tools"),
                    "operator@tenantlink-publisher.example");
            long connection = connectionId(scene.site(), PUBLISHER);
            assertEquals("PERMISSION_REQUIRED", status(connection));
            // the consent answer names another tenant
            HtmlPage consentPage = (HtmlPage) click(form(waiting, "/give-permission"));
            String state = SandboxBrowser.query(consentPage.getUrl().toString()).get("state");
            String before = snapshot();
            Page wrongTenant = browser.openRaw("/microsoft/consent-callback?admin_consent=True&tenant=" + FABRIKAM
                    + "&state=" + SandboxBrowser.enc(state));
            assertEquals(400, wrongTenant.getWebResponse().getStatusCode());
            assertEquals(before, snapshot());
            assertEquals("PERMISSION_REQUIRED", status(connection));

            // an error from Microsoft is explained; its description is never shown
            HtmlPage again = (HtmlPage) click(form(
                    browser.open("/sites/" + scene.site() + "/chat-tools/teams/" + connection), "/give-permission"));
            String state2 = SandboxBrowser.query(again.getUrl().toString()).get("state");
            Page error = browser.openRaw("/microsoft/consent-callback?error=invalid_request&state="
                    + SandboxBrowser.enc(state2) + "&error_description="
                    + SandboxBrowser.enc("AADSTS90094: <b id=\"injected\">click here</b>"));
            String html = error.getWebResponse().getContentAsString();
            assertEquals(400, error.getWebResponse().getStatusCode());
            assertTrue(html.contains("AADSTS90094") && html.contains("An administrator must approve"), html);
            assertFalse(
                    html.contains("injected") || html.contains("click here"), "the raw error_description is not shown");
            assertEquals(before, snapshot());

            // Cancel at Microsoft: back on the page, told it was cancelled
            HtmlPage third = (HtmlPage) click(form(
                    browser.open("/sites/" + scene.site() + "/chat-tools/teams/" + connection), "/give-permission"));
            HtmlPage cancelled = (HtmlPage) press(third, "cancel");
            assertTrue(
                    cancelled.asNormalizedText().contains("the consent was cancelled"), cancelled.asNormalizedText());
            assertEquals("PERMISSION_REQUIRED", status(connection));
            assertAudited(scene.site(), "CONSENT_DECLINED", "cancelled");
        }
    }

    @Test
    void nonAdminsForeignSitesAuditorsAndMissingCsrfAreRefused() throws Exception {
        Portal portal = new Portal(base);
        try (Scene scene = scene("Refusals")) {
            Browser browser = scene.browser();
            HtmlPage waiting = connect(
                    browser, browser.open("/sites/" + scene.site() + "/chat-tools"), "member@northwind.example");
            long connection = connectionId(scene.site(), NORTHWIND);
            String path = "/sites/" + scene.site() + "/chat-tools/teams/" + connection;
            assertEquals("PERMISSION_REQUIRED", status(connection));
            // Names from Microsoft containing markup are shown as text.
            assertTrue(waiting.asNormalizedText().contains("Northwind <b>Traders</b>"), waiting.asNormalizedText());
            assertTrue(waiting.getWebResponse().getContentAsString().contains("Northwind &lt;b&gt;Traders&lt;/b&gt;"));
            Map<String, String> csrf = Map.ofEntries(browser.csrfToken());

            // a signer without a consent-capable role pressing Give permission (a forged POST: the button is not shown)
            assertNull(form(waiting, "/give-permission"));
            String before = snapshot();
            Page notAdmin = browser.post(path + "/give-permission", csrf);
            assertEquals(403, notAdmin.getWebResponse().getStatusCode());
            assertTrue(
                    ((HtmlPage) notAdmin).asNormalizedText().contains("An administrator must give this permission"),
                    "the page explains the refusal");
            assertBreadcrumbs((HtmlPage) notAdmin, "Sites", "Chat and video tools", "Give permission");
            assertEquals(before, snapshot());
            assertAudited(scene.site(), "CONSENT_REQUESTED", "refused");

            // POSTs without the CSRF token
            for (String action : new String[] {"/links", "/disconnect", "/give-permission"}) {
                Page forged = browser.post(path + action, Map.of());
                assertEquals(403, forged.getWebResponse().getStatusCode(), action);
                assertEquals(before, snapshot(), action);
            }
            assertEquals(
                    403,
                    browser.post("/sites/" + scene.site() + "/chat-tools/teams/connect", Map.of())
                            .getWebResponse()
                            .getStatusCode());

            // another site's connection id: 404
            try (Scene other = scene("Other")) {
                Map<String, String> otherCsrf = Map.ofEntries(other.browser().csrfToken());
                assertEquals(404, other.browser().openRaw(path).getWebResponse().getStatusCode());
                assertEquals(
                        404,
                        other.browser()
                                .openRaw("/sites/" + other.site() + "/chat-tools/teams/" + connection)
                                .getWebResponse()
                                .getStatusCode());
                assertEquals(
                        404,
                        other.browser()
                                .post(
                                        "/sites/" + other.site() + "/chat-tools/teams/" + connection + "/disconnect",
                                        otherCsrf)
                                .getWebResponse()
                                .getStatusCode());
                assertEquals(before, snapshot());
            }

            // an auditor reads but may not change
            String auditor = portal.account("auditor");
            portal.grant(scene.site(), auditor, "AUDITOR", null);
            try (Browser reader = portal.signedIn(auditor)) {
                assertEquals(200, reader.open(path).getWebResponse().getStatusCode());
                assertNull(form(reader.open(path), "/links"), "no buttons for an auditor");
                Map<String, String> readerCsrf = Map.ofEntries(reader.csrfToken());
                for (String action : new String[] {
                    path + "/links",
                    path + "/disconnect",
                    path + "/give-permission",
                    "/sites/" + scene.site() + "/chat-tools/teams/connect"
                }) {
                    assertEquals(
                            403,
                            reader.post(action, readerCsrf).getWebResponse().getStatusCode(),
                            action);
                }
                assertEquals(before, snapshot());
                assertAudited(scene.site(), "ACCESS_REFUSED", "MANAGE_CONNECTIONS");
            }
        }
    }

    @Test
    void forgedRevokedAndExpiredLinksDoNotWork() throws Exception {
        try (Scene scene = scene("Links")) {
            Browser browser = scene.browser();
            HtmlPage waiting = connect(
                    browser, browser.open("/sites/" + scene.site() + "/chat-tools"), "member@northwind.example");
            long connection = connectionId(scene.site(), NORTHWIND);
            assertEquals("PERMISSION_REQUIRED", status(connection));
            HtmlPage first = (HtmlPage) click(form(waiting, "/links"));
            String revokedLink = first.getElementById("approval-link").getAttribute("value");
            HtmlPage second = (HtmlPage) click(form(first, "/links"));
            String expiredLink = second.getElementById("approval-link").getAttribute("value");

            try (Browser stranger = new Browser(base)) {
                // forged and altered tokens
                String forged = stranger.url("/approve/").toString() + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
                assertEquals(404, stranger.openUrl(forged).getWebResponse().getStatusCode());
                String altered =
                        revokedLink.substring(0, revokedLink.length() - 1) + (revokedLink.endsWith("A") ? "B" : "A");
                assertEquals(404, stranger.openUrl(altered).getWebResponse().getStatusCode());
                assertEquals(
                        200,
                        stranger.openUrl(revokedLink).getWebResponse().getStatusCode(),
                        "usable before revocation");

                // revoked by the site admin
                HtmlPage page = browser.open("/sites/" + scene.site() + "/chat-tools/teams/" + connection);
                HtmlForm revoke = page.getForms().stream()
                        .filter(f -> f.getActionAttribute().endsWith("/revoke"))
                        .reduce((a, b) -> b)
                        .orElseThrow();
                HtmlPage afterRevoke = (HtmlPage) click(revoke);
                assertTrue(afterRevoke.asNormalizedText().contains("was revoked"), afterRevoke.asNormalizedText());
                assertEquals(404, stranger.openUrl(revokedLink).getWebResponse().getStatusCode());

                // expired (as the clock would make it)
                execute("UPDATE approval_link SET expires_at = created_at WHERE status = 'PENDING'");
                assertEquals(404, stranger.openUrl(expiredLink).getWebResponse().getStatusCode());
                assertTrue(browser.open("/sites/" + scene.site() + "/chat-tools/teams/" + connection)
                        .asNormalizedText()
                        .contains("Expired"));
                assertAudited(scene.site(), "APPROVAL_LINK_REFUSED", "EXPIRED");
            }
        }
    }

    static void execute(String sql) throws SQLException {
        try (Connection db = TestDatabase.connect();
                PreparedStatement q = db.prepareStatement(sql)) {
            q.executeUpdate();
        }
    }

    static void assertAuditedAnywhere(String action, String detailContains) throws SQLException {
        try (Connection db = TestDatabase.connect();
                PreparedStatement q = db.prepareStatement("SELECT detail FROM audit_record WHERE action = ?")) {
            q.setString(1, action);
            try (ResultSet rs = q.executeQuery()) {
                boolean found = false;
                while (rs.next()) {
                    found |= rs.getString(1) != null && rs.getString(1).contains(detailContains);
                }
                assertTrue(found, "no " + action + " audit record mentioning '" + detailContains + "'");
            }
        }
    }

    // --- helpers ------------------------------------------------------------------------------

    /** The page's breadcrumbs, from Sites to the page itself, hold {@code steps} in this order (others between). */
    static void assertBreadcrumbs(HtmlPage page, String... steps) {
        HtmlElement trail = (HtmlElement) page.getElementById("breadcrumbs");
        assertNotNull(trail, "breadcrumbs on " + page.getUrl());
        List<String> items = trail.getByXPath(".//li").stream()
                .map(li -> ((HtmlElement) li).asNormalizedText().trim())
                .toList();
        int at = 0;
        for (String step : steps) {
            while (at < items.size() && !items.get(at).startsWith(step)) {
                at++;
            }
            assertTrue(at < items.size(), "breadcrumbs " + items + " lack " + step + " in order " + List.of(steps));
            at++;
        }
        assertNotNull(trail.getFirstByXPath(".//span[@aria-current='page']"), "the page itself is the last step");
    }

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
        return page.getForms().stream()
                .filter(f -> f.getActionAttribute().endsWith(actionSuffix))
                .findFirst()
                .orElse(null);
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
                PreparedStatement q =
                        db.prepareStatement("SELECT COUNT(*) FROM microsoft_token_cache WHERE tenant_id = ?")) {
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
                PreparedStatement q =
                        db.prepareStatement("SELECT detail FROM audit_record WHERE site_id = ? AND action = ?")) {
            q.setLong(1, site);
            q.setString(2, action);
            try (ResultSet rs = q.executeQuery()) {
                boolean found = false;
                while (rs.next()) {
                    found |= rs.getString(1) != null && rs.getString(1).contains(detailContains);
                }
                assertTrue(
                        found, "no " + action + " audit record mentioning '" + detailContains + "' for site " + site);
            }
        }
    }

    static long count(String sql, Object parameter) throws SQLException {
        return first(TestDatabase.connect(), sql, parameter, rs -> rs.getLong(1), -1L);
    }

    static String string(String sql, Object parameter) throws SQLException {
        return first(TestDatabase.connect(), sql, parameter, rs -> rs.getString(1), null);
    }

    interface Column<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** The first row's value of a one-parameter query on {@code db} (closed afterwards), or {@code none}. */
    static <T> T first(Connection db, String sql, Object parameter, Column<T> column, T none) throws SQLException {
        try (db;
                PreparedStatement q = db.prepareStatement(sql)) {
            q.setObject(1, parameter);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? column.read(rs) : none;
            }
        }
    }
}
