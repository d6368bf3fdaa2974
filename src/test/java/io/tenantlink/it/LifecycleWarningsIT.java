package io.tenantlink.it;

import static io.tenantlink.it.ConnectIT.FABRIKAM;
import static io.tenantlink.it.ConnectIT.PUBLISHER;
import static io.tenantlink.it.ConnectIT.TAILSPIN;
import static io.tenantlink.it.ConnectIT.assertAudited;
import static io.tenantlink.it.ConnectIT.click;
import static io.tenantlink.it.ConnectIT.connect;
import static io.tenantlink.it.ConnectIT.connectionId;
import static io.tenantlink.it.ConnectIT.count;
import static io.tenantlink.it.ConnectIT.form;
import static io.tenantlink.it.ConnectIT.press;
import static io.tenantlink.it.ConnectIT.signInThroughLink;
import static io.tenantlink.it.ConnectIT.siteAdmin;
import static io.tenantlink.it.ConnectIT.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.nimbusds.jose.util.JSONObjectUtils;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Lifecycle warnings end to end on the shared portal, whose settings say the ChatOps app's client secret expired on
 * 2020-01-01, name the stand-in's publisher tenant and a candidate catalog file that does not exist until a test writes
 * it (arquillian.xml; its timer waits a day, so only a site admin's Check now computes a site's warnings):
 *
 * <ol>
 *   <li>a connection whose refresh token Microsoft (the stand-in) refuses with AADSTS700082 and the expired secret show on
 *       the site page with their plain reason and fix; one e-mail (GreenMail) reaches the site admin who gave an
 *       address; the next check sends none; Acknowledge records who and when and is audited; after it, no e-mail again.
 *       An auditor sees the warnings but has no button, and its acknowledgement is refused. The connection is
 *       disconnected at the end, and its warning clears;
 *   <li>the re-consent forecast: a candidate catalog whose To Do feature asks for a new scope warns about a tenant that
 *       installed To Do, linking to the feature's consent page; once the tenant consented to it (the registration asking
 *       for it first) and consent status was checked again, the warning clears;
 *   <li>consent ahead: a candidate catalog whose Email feature asks for a scope Northwind has not granted; the forecast
 *       offers the site admin (on the page and in the e-mail: the portal's page, no token) a consent-ahead page listing
 *       exactly that scope, whose approval link takes Northwind's admin through Microsoft's admin consent for the Email
 *       app and that scope alone; afterwards the grant is on record (approval, the consent doctor's check, the grant
 *       ledger), nothing is left to consent ahead and the warning clears. An auditor sees the forecast without the link,
 *       and the page and its button refuse them (403);
 *   <li>credential dates read from Microsoft Graph in the publisher tenant: from the settings while the app may not read
 *       its registration there (not in the tenant, then 403), from Graph once it holds Application.Read.All (each
 *       secret and certificate of the registration, the settings' date of the same secret no longer warned), and from
 *       the settings again when the permission is revoked, the page saying each time where the dates came from and why.
 * </ol>
 *
 * The order is fixed: the first test expects the settings' dates, which the last one replaces while it runs.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LifecycleWarningsIT {

    static final String TODO_APP = "32d752a1-8945-4600-97c9-73ed32c3627a";
    static final String FABRIKAM_ADMIN = "admin@fabrikam.example";
    static final String NORTHWIND = ConnectIT.NORTHWIND;
    static final String NORTHWIND_ADMIN = "admin@northwind.example";
    static final String PUBLISHER_ADMIN = "operator@tenantlink-publisher.example";
    static final String GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";
    /** Microsoft Graph's application permission Application.Read.All (its app role id). */
    static final String APPLICATION_READ_ALL = "9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return PortalDeployment.sharedPortal();
    }

    @ArquillianResource
    URL base;

    private GreenMail smtp;

    @BeforeEach
    void startSmtp() {
        smtp = new GreenMail(new ServerSetup(Integer.getInteger("tenantlink.it.smtp.port"), "127.0.0.1", "smtp"));
        smtp.start();
    }

    @AfterEach
    void stopSmtp() {
        if (smtp.isRunning()) {
            smtp.stop();
        }
    }

    @Test
    @Order(1)
    void warningsAreShownMailedOnceAcknowledgedAndNotRepeated() throws Exception {
        Portal portal = new Portal(base);
        String siteName = Portal.unique("Lifecycle site");
        long site = portal.site(siteName);
        String admin = portal.account("lcadmin");
        portal.grant(site, admin, "SITE_ADMIN", null);
        String auditor = portal.account("lcauditor");
        portal.grant(site, auditor, "AUDITOR", null);
        String address = admin + "@example.com";

        try (Browser browser = portal.signedIn(admin);
                SandboxBrowser sandbox = new SandboxBrowser(base)) {
            HtmlPage page = browser.open("/sites/" + site);
            assertNotNull(page.getElementById("warnings-none"), "nothing checked yet: " + text(page, "warnings"));
            page = browser.fill(page, "/warnings/address", Map.of("email", "not an address"));
            assertTrue(page.asNormalizedText().contains("That is not a valid e-mail address."));
            page = browser.fill(page, "/warnings/address", Map.of("email", address));
            assertTrue(page.asNormalizedText().contains("Your address for warnings is saved."));

            long connection = needsSignIn(browser, sandbox, site);

            page = browser.fill(browser.open("/sites/" + site), "/warnings/check", Map.of());
            String warnings = text(page, "warnings");
            assertTrue(warnings.contains("The ChatOps app’s client secret expired on 2020-01-01 00:00 UTC"), warnings);
            assertTrue(warnings.contains("Expired"), warnings);
            assertTrue(
                    warnings.contains("The connection’s sign-in expired (AADSTS700082: unused for too long); a tenant"
                            + " admin signs in again."),
                    warnings);
            assertTrue(warnings.contains("Failing"), warnings);
            DomElement fix =
                    page.getFirstByXPath("//section[@id='warnings']//a[@class='warning-fix' and contains(@href,"
                            + " '/chat-tools/teams/" + connection + "')]");
            assertNotNull(fix, "the sign-in warning links to the connection's page");
            assertEquals(
                    "Open the connection and sign in again",
                    fix.getTextContent().strip());
            assertNotNull(
                    page.getFirstByXPath("//section[@id='warnings']//a[@class='warning-fix' and starts-with(@href,"
                            + " 'https://entra.microsoft.com/')]"),
                    "the secret's warning links to the app registrations");
            assertAudited(site, "WARNING_RAISED", "EXPIRED");
            assertAudited(site, "WARNING_RAISED", "AADSTS700082");

            // One e-mail to the admin's address, listing both warnings with their fixes.
            assertTrue(smtp.waitForIncomingEmail(15_000, 1), "the warnings' e-mail arrives");
            MimeMessage[] received = smtp.getReceivedMessages();
            assertEquals(1, received.length);
            assertEquals(address, received[0].getAllRecipients()[0].toString());
            assertEquals("[TenantLink] 2 warning(s) on " + siteName, received[0].getSubject());
            String body = ((String) received[0].getContent()).replace("\r\n", "\n");
            assertTrue(body.contains("* The ChatOps app’s client secret expired on 2020-01-01 00:00 UTC"), body);
            assertTrue(body.contains("AADSTS700082"), body);
            assertTrue(
                    body.contains("Open the connection and sign in again: http://localhost:" + base.getPort()
                            + "/sites/" + site + "/chat-tools/teams/" + connection),
                    body);
            // The e-mail is recorded once SMTP has answered the portal, which may be just after GreenMail has it.
            long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (count("SELECT COUNT(*) FROM audit_record WHERE site_id = ? AND action = 'WARNING_MAILED'", site) == 0
                    && System.nanoTime() < until) {
                Thread.sleep(100);
            }
            assertAudited(site, "WARNING_MAILED", "e-mailed to 1 site admin(s)");
            page = browser.open("/sites/" + site);
            assertTrue(text(page, "warnings").contains("UTC"), "the page says when it was e-mailed");

            // Checked again at once: nothing new, no second e-mail.
            browser.fill(browser.open("/sites/" + site), "/warnings/check", Map.of());
            Thread.sleep(3_000);
            assertEquals(1, smtp.getReceivedMessages().length, "a threshold is e-mailed once");

            // Acknowledge both: who and when on the page, audited; checked again: still no e-mail.
            page = browser.open("/sites/" + site);
            while (form(page, "/acknowledge") != null) {
                page = (HtmlPage) click(form(page, "/acknowledge"));
                assertTrue(page.asNormalizedText().contains("Warning acknowledged"), page.asNormalizedText());
            }
            assertTrue(text(page, "warnings").contains("by "), text(page, "warnings"));
            assertAudited(site, "WARNING_ACKNOWLEDGED", "EXPIRED");
            assertAudited(site, "WARNING_ACKNOWLEDGED", "AADSTS700082");
            assertEquals(
                    2,
                    count(
                            "SELECT COUNT(*) FROM lifecycle_warning WHERE site_id = ? AND acknowledged_at IS NOT NULL",
                            site));
            browser.fill(browser.open("/sites/" + site), "/warnings/check", Map.of());
            Thread.sleep(3_000);
            assertEquals(1, smtp.getReceivedMessages().length, "acknowledged: not repeated");

            // Disconnected (so no other test finds this site using Tailspin): its warning clears at the next check.
            HtmlPage confirm = browser.open("/sites/" + site + "/chat-tools/teams/" + connection + "/disconnect");
            click(form(confirm, "/disconnect"));
            page = browser.fill(browser.open("/sites/" + site), "/warnings/check", Map.of());
            assertTrue(!text(page, "warnings").contains("AADSTS700082"), text(page, "warnings"));
            assertAudited(site, "WARNING_CLEARED", "AADSTS700082");
        }

        long warning = count("SELECT MIN(id) FROM lifecycle_warning WHERE site_id = ?", site);
        try (Browser browser = portal.signedIn(auditor)) {
            HtmlPage page = browser.open("/sites/" + site);
            assertTrue(text(page, "warnings").contains("client secret expired"), "an auditor sees the warnings");
            assertNull(form(page, "/acknowledge"));
            assertNull(form(page, "/warnings/check"));
            Map.Entry<String, String> csrf = browser.csrfToken();
            int refused = browser.post(
                            "/sites/" + site + "/warnings/" + warning + "/acknowledge",
                            Map.of(csrf.getKey(), csrf.getValue()))
                    .getWebResponse()
                    .getStatusCode();
            assertEquals(403, refused, "an auditor may not acknowledge");
            assertAudited(site, "ACCESS_REFUSED", "MANAGE_WARNINGS");
        }
    }

    @Test
    @Order(2)
    void aPermissionTheNextCatalogAsksForIsForecastUntilTheTenantConsented() throws Exception {
        Portal portal = new Portal(base);
        long site = portal.site(Portal.unique("Forecast site"));
        String admin = siteAdmin(portal, site);
        Path next = nextCatalogFile();
        try (GraphSandboxClient graph = new GraphSandboxClient(base);
                Browser browser = portal.signedIn(admin)) {
            graph.adminConsent(FABRIKAM, ConsentDoctorIT.MANAGEMENT, FABRIKAM_ADMIN);
            HtmlPage waiting = connect(browser, browser.open("/sites/" + site + "/chat-tools"), FABRIKAM_ADMIN);
            press((HtmlPage) click(form(waiting, "/give-permission")), "accept");
            long connection = connectionId(site, FABRIKAM);
            assertEquals("ACTIVE", status(connection));
            // To Do installed with what today's catalog asks; the consent doctor records it.
            graph.adminConsent(FABRIKAM, GraphSandboxClient.TODO, FABRIKAM_ADMIN);
            String consent = "/sites/" + site + "/chat-tools/teams/" + connection + "/consent";
            click(form(browser.open(consent), "/consent/check"));
            try {
                HtmlPage page = check(browser, site);
                assertFalse(text(page, "warnings").contains("new consent"), "no candidate catalog, no forecast");

                // The next catalog version: To Do also requires Tasks.Read.Shared.
                Files.createDirectories(next.getParent());
                Files.writeString(next, nextCatalog(), StandardCharsets.UTF_8);
                page = check(browser, site);
                String warnings = text(page, "warnings");
                assertTrue(
                        warnings.contains(
                                "Connection to Fabrikam: To Do will need new consent with catalog 2027-01-15.1"),
                        warnings);
                assertTrue(
                        warnings.contains(
                                "The next catalog version asks for Tasks.Read.Shared, which the tenant has not"
                                        + " granted."),
                        warnings);
                assertTrue(warnings.contains("Next catalog"), "its badge: " + warnings);
                assertEquals(1, warnings.split("will need new consent").length - 1, "only To Do: " + warnings);
                HtmlAnchor fix = page.getFirstByXPath(
                        "//section[@id='warnings']//a[@class='warning-fix' and contains(@href, '/features/todo')]");
                assertNotNull(fix, "the warning links to the feature's consent page: " + warnings);
                assertEquals(
                        "Open the feature’s consent links", fix.getTextContent().strip());
                HtmlPage feature = fix.click();
                assertEquals(
                        "/sites/" + site + "/chat-tools/teams/" + connection + "/features/todo",
                        feature.getUrl().getPath());
                String link = feature.getElementById("consent-link").getAttribute("value");
                assertTrue(link.contains("/" + FABRIKAM + "/v2.0/adminconsent?client_id=" + TODO_APP), link);
                assertAudited(site, "WARNING_RAISED", "FORECAST 2027-01-15.1: Tasks.Read.Shared");

                // Checked again: the same warning, not raised twice.
                check(browser, site);
                assertEquals(
                        1,
                        count(
                                "SELECT COUNT(*) FROM lifecycle_warning WHERE site_id = ? AND kind = 'CONSENT_FORECAST'",
                                site));

                // The To Do registration asks for the new scope (the operator prepares the version), the tenant's admin
                // consents to everything it asks, consent status is checked again: nothing left to forecast.
                HttpResponse<String> put =
                        graph.control("PUT", "directory", directoryAsking(TODO_APP, "Tasks.Read.Shared"));
                assertEquals(200, put.statusCode(), put.body());
                graph.adminConsent(FABRIKAM, GraphSandboxClient.TODO, FABRIKAM_ADMIN);
                click(form(browser.open(consent), "/consent/check"));
                page = check(browser, site);
                assertFalse(text(page, "warnings").contains("new consent"), text(page, "warnings"));
                assertAudited(site, "WARNING_CLEARED", "FORECAST 2027-01-15.1: Tasks.Read.Shared");
            } finally {
                Files.deleteIfExists(next);
                // No other site's test finds this one using Fabrikam.
                click(form(
                        browser.open("/sites/" + site + "/chat-tools/teams/" + connection + "/disconnect"),
                        "/disconnect"));
            }
        }
    }

    @Test
    @Order(3)
    void aForecastEntryLinksSiteAdminsToConsentAheadWhichAsksTheTenantsAdminForExactlyWhatTheNextVersionLacks()
            throws Exception {
        Portal portal = new Portal(base);
        String siteName = Portal.unique("Consent-ahead site");
        long site = portal.site(siteName);
        String admin = siteAdmin(portal, site);
        String auditor = portal.account("ahauditor");
        portal.grant(site, auditor, "AUDITOR", null);
        String address = admin + "@example.com";
        Path next = nextCatalogFile();
        try (GraphSandboxClient graph = new GraphSandboxClient(base);
                Browser browser = portal.signedIn(admin)) {
            browser.fill(browser.open("/sites/" + site), "/warnings/address", Map.of("email", address));
            graph.adminConsent(NORTHWIND, ConsentDoctorIT.MANAGEMENT, NORTHWIND_ADMIN);
            long connection = activeConnection(browser, site, NORTHWIND, NORTHWIND_ADMIN);
            String tenantPage = "/sites/" + site + "/chat-tools/teams/" + connection;
            String aheadPath = tenantPage + "/features/email/ahead";
            // Email installed with what today's catalog asks; the consent doctor records it.
            graph.adminConsent(NORTHWIND, GraphSandboxClient.EMAIL, NORTHWIND_ADMIN);
            click(form(browser.open(tenantPage + "/consent"), "/consent/check"));
            try {
                // The next catalog version: Email also requires Mail.Read.Shared, which no registration lists.
                Files.createDirectories(next.getParent());
                Files.writeString(
                        next, nextCatalog("2027-02-01.1", "email", "Mail.Read.Shared"), StandardCharsets.UTF_8);
                HtmlPage page = check(browser, site);
                String warnings = text(page, "warnings");
                String title = "Connection to Northwind <b>Traders</b>: Email will need new consent with catalog"
                        + " 2027-02-01.1";
                assertTrue(warnings.contains(title), warnings);
                HtmlAnchor ahead = page.getFirstByXPath("//section[@id='warnings']//a[contains(@class,'warning-ahead')"
                        + " and contains(@href, '/features/email/ahead')]");
                assertNotNull(ahead, "the forecast offers consent ahead to a site admin: " + warnings);
                assertEquals("Consent ahead", ahead.getTextContent().strip());
                assertEquals("Consent ahead: " + title, ahead.getAttribute("aria-label"));

                // The e-mail lists the forecast with the portal's consent-ahead page, never an approval link.
                assertTrue(smtp.waitForIncomingEmail(15_000, 1), "the warnings' e-mail arrives");
                String body = ((String) smtp.getReceivedMessages()[0].getContent()).replace("\r\n", "\n");
                assertTrue(body.contains("* " + title), body);
                assertTrue(
                        body.contains("Consent ahead (on the portal, for site admins): http://localhost:"
                                + base.getPort() + aheadPath + "\n"),
                        body);
                assertFalse(body.contains("/approve/"), "no link carrying a token: " + body);

                // An auditor sees the forecast, not the consent-ahead link, and the page refuses them (403, audited).
                try (Browser reader = portal.signedIn(auditor)) {
                    HtmlPage sitePage = reader.open("/sites/" + site);
                    assertTrue(text(sitePage, "warnings").contains(title), text(sitePage, "warnings"));
                    assertNull(sitePage.getFirstByXPath("//a[contains(@class,'warning-ahead')]"));
                    assertEquals(403, reader.openRaw(aheadPath).getWebResponse().getStatusCode());
                    Map.Entry<String, String> csrf = reader.csrfToken();
                    assertEquals(
                            403,
                            reader.post(aheadPath, Map.of(csrf.getKey(), csrf.getValue()))
                                    .getWebResponse()
                                    .getStatusCode());
                    assertAudited(site, "ACCESS_REFUSED", "MANAGE_CONNECTIONS");
                    assertEquals(
                            0,
                            count(
                                    "SELECT COUNT(*) FROM approval_link WHERE connection_id = ? AND permission_set"
                                            + " LIKE '%:ahead'",
                                    connection));
                }

                // The site admin's page: exactly the missing scope, asked for explicitly; a link for the tenant's
                // admin.
                HtmlPage aheadPage = ahead.click();
                assertEquals(aheadPath, aheadPage.getUrl().getPath());
                assertEquals(200, aheadPage.getWebResponse().getStatusCode(), aheadPage.asNormalizedText());
                String asked = text(aheadPage, "ahead-permissions");
                assertTrue(asked.contains("Mail.Read.Shared\tDelegated"), asked);
                assertFalse(asked.contains("Mail.Send.Shared"), "granted already: " + asked);
                assertEquals("openid profile email offline_access Mail.Read.Shared", text(aheadPage, "ahead-scope"));
                HtmlPage created = (HtmlPage) click(form(aheadPage, "/features/email/ahead"));
                String link = created.getElementById("approval-link").getAttribute("value");
                assertTrue(link.startsWith("http://localhost:" + base.getPort() + "/approve/"), link);
                assertAudited(site, "APPROVAL_LINK_CREATED", "(feature:email:2027-02-01.1:ahead)");
                assertTrue(
                        browser.open(tenantPage).asNormalizedText().contains("what catalog 2027-02-01.1 will require"),
                        "the tenant's links say what the link is for");

                // The tenant's admin follows it: Microsoft's admin consent for the Email app and exactly that scope.
                try (Browser tenantAdmin = new Browser(base)) {
                    HtmlPage request = (HtmlPage) tenantAdmin.openUrl(link);
                    assertTrue(
                            text(request, "approval-ahead").contains("catalog 2027-02-01.1"),
                            request.asNormalizedText());
                    assertEquals(
                            "openid profile email offline_access Mail.Read.Shared", text(request, "approval-scope"));
                    HtmlPage signIn = (HtmlPage) click(form(request, "/sign-in"));
                    HtmlPage consentPage = (HtmlPage) ConnectIT.microsoftSignIn(signIn, NORTHWIND_ADMIN);
                    URL asking = tenantAdmin.lastRequested("/v2.0/adminconsent");
                    assertNotNull(asking, "the admin-consent endpoint was asked");
                    String query = java.net.URLDecoder.decode(asking.getQuery(), StandardCharsets.UTF_8);
                    assertTrue(asking.getPath().contains("/" + NORTHWIND + "/v2.0/adminconsent"), asking.toString());
                    assertTrue(query.contains("client_id=" + GraphSandboxClient.EMAIL.appId()), query);
                    assertTrue(query.contains("scope=openid profile email offline_access Mail.Read.Shared&"), query);
                    HtmlPage done = (HtmlPage) press(consentPage, "accept");
                    assertEquals(
                            "Thank you. The app was approved for all users, and Microsoft Graph confirms the grant. You"
                                    + " can close this page.",
                            text(done, "approval-result"));
                }

                // On record: the link's approval with what it asked for, the doctor's check finding it, the ledger.
                assertAudited(
                        site,
                        "APPROVAL_LINK_APPROVED",
                        "(feature:email:2027-02-01.1:ahead); asked for: Mail.Read.Shared");
                assertAudited(site, "FEATURE_CONSENT_VERIFIED", "granted Mail.Read.Shared");
                assertAudited(site, "CONSENT_DRIFT", "gained: Mail.Read.Shared");
                HtmlPage ledger = browser.open(tenantPage + "/ledger");
                List<HtmlElement> events = GrantLedgerIT.events(ledger, "email", "delegated", "Mail.Read.Shared");
                assertEquals(1, events.size(), ledger.asNormalizedText());
                assertEquals("APPROVAL_LINK", events.get(0).getAttribute("data-path"));
                assertTrue(
                        events.get(0).asNormalizedText().contains(NORTHWIND_ADMIN),
                        events.get(0).asNormalizedText());
                assertEquals(
                        "Holds, not asked for", GrantLedgerIT.status(ledger, "email", "delegated", "Mail.Read.Shared"));

                // Nothing left to consent ahead; the next check of warnings no longer lists the tenant and feature.
                assertNotNull(browser.open(aheadPath).getElementById("ahead-nothing"));
                page = check(browser, site);
                assertFalse(text(page, "warnings").contains("Email will need new consent"), text(page, "warnings"));
                assertAudited(site, "WARNING_CLEARED", "FORECAST 2027-02-01.1: Mail.Read.Shared");
            } finally {
                Files.deleteIfExists(next);
                click(form(browser.open(tenantPage + "/disconnect"), "/disconnect"));
            }
        }
    }

    @Test
    @Order(4)
    void credentialDatesComeFromGraphInThePublisherTenantWhereTheAppMayReadItsRegistration() throws Exception {
        Portal portal = new Portal(base);
        long site = portal.site(Portal.unique("Publisher site"));
        String admin = siteAdmin(portal, site);
        try (GraphSandboxClient graph = new GraphSandboxClient(base);
                Browser browser = portal.signedIn(admin)) {
            // The ChatOps app has no service principal in the (stand-in's) publisher tenant yet: no token there.
            HtmlPage page = check(browser, site);
            String sources = text(page, "warnings-sources");
            assertTrue(
                    sources.contains("The ChatOps app: from the portal’s settings and certificate file (checked "),
                    sources);
            assertTrue(sources.contains("could not sign in to the publisher tenant (AADSTS700016)"), sources);
            assertTrue(
                    text(page, "warnings").contains("The ChatOps app’s client secret expired on 2020-01-01 00:00 UTC"),
                    text(page, "warnings"));

            // Consented there with what its registration asks, which is not Application.Read.All: Graph answers 403.
            graph.adminConsent(PUBLISHER, GraphSandboxClient.CHATOPS, PUBLISHER_ADMIN);
            page = check(browser, site);
            sources = text(page, "warnings-sources");
            assertTrue(
                    sources.contains("Microsoft Graph refused to read the app registration (403"
                            + " Authorization_RequestDenied); grant the app the application permission"
                            + " Application.Read.All in the publisher tenant."),
                    sources);
            assertTrue(text(page, "warnings").contains("expired on 2020-01-01"), text(page, "warnings"));

            // An admin of the publisher tenant grants it Application.Read.All there only (an app role assignment, as
            // PowerShell's New-MgServicePrincipalAppRoleAssignment makes it: customers are asked for nothing more), and
            // the app's credentials are mid-rotation: a secret ends within 7 days, an old one ended, a certificate ends
            // within 30 days.
            graph.adminConsent(PUBLISHER, ConsentDoctorIT.MANAGEMENT, PUBLISHER_ADMIN);
            String token = graph.appToken(PUBLISHER, ConsentDoctorIT.MANAGEMENT);
            String graphSp = idOf(
                    graph.graph("GET", "/servicePrincipals(appId='" + GRAPH_APP_ID + "')?$select=id", token, null));
            String chatopsSp = idOf(graph.graph(
                    "GET", "/servicePrincipals(appId='" + SandboxBrowser.CHATOPS + "')?$select=id", token, null));
            HttpResponse<String> assigned = graph.graph(
                    "POST",
                    "/servicePrincipals/" + graphSp + "/appRoleAssignedTo",
                    token,
                    JSONObjectUtils.toJSONString(Map.of(
                            "principalId", chatopsSp, "resourceId", graphSp, "appRoleId", APPLICATION_READ_ALL)));
            assertEquals(201, assigned.statusCode(), assigned.body());
            String assignment = (String) JSONObjectUtils.parse(assigned.body()).get("id");
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            HttpResponse<String> rotated = graph.control(
                    "PUT",
                    "applications/" + SandboxBrowser.CHATOPS + "/credentials",
                    JSONObjectUtils.toJSONString(Map.of(
                            "passwordCredentials",
                            List.of(
                                    Map.of(
                                            "displayName",
                                            "TenantLink portal",
                                            "endDateTime",
                                            now.plus(Duration.ofDays(7))
                                                    .minus(Duration.ofHours(1))
                                                    .toString()),
                                    Map.of(
                                            "displayName",
                                            "Before rotation",
                                            "endDateTime",
                                            now.minus(Duration.ofDays(2)).toString())),
                            "keyCredentials",
                            List.of(Map.of(
                                    "displayName",
                                    "CN=TenantLink ChatOps",
                                    "endDateTime",
                                    now.plus(Duration.ofDays(20)).toString())))));
            assertEquals(200, rotated.statusCode(), rotated.body());

            page = check(browser, site);
            String warnings = text(page, "warnings");
            assertTrue(
                    warnings.contains(
                            "The ChatOps app’s client secret “TenantLink portal” (san…) expires within 7 days"),
                    warnings);
            assertTrue(warnings.contains("Within 7 days"), warnings);
            assertTrue(
                    warnings.contains("The ChatOps app’s client secret “Before rotation” (san…) expired on"), warnings);
            assertTrue(
                    warnings.contains("The ChatOps app’s certificate “CN=TenantLink ChatOps” expires within 30 days"),
                    warnings);
            assertFalse(
                    warnings.contains("expired on 2020-01-01"),
                    "the secret the settings date is warned once, with Graph's date: " + warnings);
            sources = text(page, "warnings-sources");
            assertTrue(
                    sources.contains(
                            "The ChatOps app: read from its app registration in the publisher tenant (Microsoft"
                                    + " Graph) on "),
                    sources);
            assertTrue(sources.contains(": 2 client secret(s), 1 certificate(s)."), sources);
            // The consent-management app's registration asks for Application.ReadWrite.All: it reads its own too.
            assertTrue(
                    sources.contains("The consent-management app: read from its app registration in the publisher"
                            + " tenant (Microsoft Graph) on "),
                    sources);
            assertAudited(site, "WARNING_RAISED", "DAYS_7 “TenantLink portal” (san…)");
            assertAudited(site, "WARNING_CLEARED", "EXPIRED (expires 2020-01-01T00:00:00Z)");

            // The permission revoked: the settings' date again, and the page says why.
            HttpResponse<String> revoked = graph.graph(
                    "DELETE", "/servicePrincipals/" + graphSp + "/appRoleAssignedTo/" + assignment, token, null);
            assertEquals(204, revoked.statusCode(), revoked.body());
            page = check(browser, site);
            warnings = text(page, "warnings");
            assertTrue(warnings.contains("expired on 2020-01-01"), warnings);
            assertFalse(warnings.contains("TenantLink portal"), warnings);
            assertTrue(
                    text(page, "warnings-sources")
                            .contains("The ChatOps app: from the portal’s settings and certificate" + " file"),
                    text(page, "warnings-sources"));
            assertAudited(site, "WARNING_CLEARED", "DAYS_7 “TenantLink portal” (san…)");
        }
    }

    /**
     * The site connected to {@code tenant} by its admin and active: Give permission (admin consent) unless the ChatOps
     * app's consent is in place there already (an earlier test on the shared portal gave it).
     */
    static long activeConnection(Browser browser, long site, String tenant, String adminUpn) throws Exception {
        HtmlPage connected = connect(browser, browser.open("/sites/" + site + "/chat-tools"), adminUpn);
        long connection = connectionId(site, tenant);
        if (!"ACTIVE".equals(status(connection))) {
            press((HtmlPage) click(form(connected, "/give-permission")), "accept");
        }
        assertEquals("ACTIVE", status(connection));
        return connection;
    }

    static HtmlPage check(Browser browser, long site) {
        return browser.fill(browser.open("/sites/" + site), "/warnings/check", Map.of());
    }

    private static String idOf(HttpResponse<String> response) throws Exception {
        assertEquals(200, response.statusCode(), response.body());
        return (String) JSONObjectUtils.parse(response.body()).get("id");
    }

    /** Where the shared portal reads its candidate catalog (arquillian.xml: tenantlink.catalog.next). */
    static Path nextCatalogFile() {
        return Path.of(System.getProperty("tenantlink.test.workdir"), "catalog-next", "feature-apps.json");
    }

    /** The built-in catalog as version 2027-01-15.1, whose To Do feature also requires Tasks.Read.Shared. */
    static String nextCatalog() throws Exception {
        return nextCatalog("2027-01-15.1", "todo", "Tasks.Read.Shared");
    }

    /** The built-in catalog as version {@code version}, whose feature {@code key} also requires {@code scope}. */
    @SuppressWarnings("unchecked")
    static String nextCatalog(String version, String key, String scope) throws Exception {
        Map<String, Object> json;
        try (InputStream in = LifecycleWarningsIT.class.getResourceAsStream("/catalog/feature-apps.json")) {
            json = JSONObjectUtils.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        json.put("version", version);
        boolean found = false;
        for (Object f : (List<Object>) json.get("features")) {
            Map<String, Object> feature = (Map<String, Object>) f;
            if (key.equals(feature.get("key"))) {
                List<Object> required = new ArrayList<>((List<Object>) feature.get("required"));
                required.add(scope);
                feature.put("required", required);
                found = true;
            }
        }
        assertTrue(found, "the catalog has " + key);
        return JSONObjectUtils.toJSONString(json);
    }

    /** The built-in stand-in directory, the app registration {@code appId} asking for one more delegated scope. */
    @SuppressWarnings("unchecked")
    static String directoryAsking(String appId, String scope) throws Exception {
        Map<String, Object> json;
        try (InputStream in = LifecycleWarningsIT.class.getResourceAsStream("/sandbox/directory.json")) {
            json = JSONObjectUtils.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        boolean found = false;
        for (Object a : (List<Object>) json.get("applications")) {
            Map<String, Object> app = (Map<String, Object>) a;
            if (appId.equals(app.get("appId"))) {
                List<Object> delegated = new ArrayList<>((List<Object>) app.get("delegatedScopes"));
                delegated.add(scope);
                app.put("delegatedScopes", delegated);
                found = true;
            }
        }
        assertTrue(found, appId + " is in the directory");
        return JSONObjectUtils.toJSONString(json);
    }

    private static String text(HtmlPage page, String id) {
        DomElement section = page.getElementById(id);
        assertNotNull(section, "no #" + id + " on " + page.getUrl() + ": " + page.asNormalizedText());
        return section.asNormalizedText();
    }

    /**
     * A connection of the site to Tailspin whose stored sign-in Microsoft refuses (AADSTS700082), as ConnectIT makes
     * it: a member connects, a tenant admin approves through a link, the member's refresh tokens expire, and Give
     * permission finds the sign-in dead.
     */
    private long needsSignIn(Browser requester, SandboxBrowser sandbox, long site) throws Exception {
        HtmlPage waiting =
                connect(requester, requester.open("/sites/" + site + "/chat-tools"), "member@tailspin.example");
        long connection = connectionId(site, TAILSPIN);
        String link = ((HtmlPage) click(form(waiting, "/links")))
                .getElementById("approval-link")
                .getAttribute("value");
        try (Browser tenantAdmin = new Browser(base)) {
            press(signInThroughLink(tenantAdmin, link, "admin@tailspin.example"), "accept");
        }
        HttpResponse<String> expired = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(sandbox.origin() + "/sandbox/control/tenants/" + TAILSPIN
                                        + "/users/c1d2e3f4-0002-4a5b-9c6d-7e8f9a0b1c02/expire-refresh-tokens"))
                                .header("X-Sandbox-Control", "1")
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(200, expired.statusCode(), expired.body());
        click(form(requester.open("/sites/" + site + "/chat-tools/teams/" + connection), "/give-permission"));
        assertEquals("NEEDS_SIGN_IN", status(connection));
        return connection;
    }
}
