package io.tenantlink.it;

import static io.tenantlink.it.ConnectIT.TAILSPIN;
import static io.tenantlink.it.ConnectIT.assertAudited;
import static io.tenantlink.it.ConnectIT.click;
import static io.tenantlink.it.ConnectIT.connect;
import static io.tenantlink.it.ConnectIT.connectionId;
import static io.tenantlink.it.ConnectIT.count;
import static io.tenantlink.it.ConnectIT.form;
import static io.tenantlink.it.ConnectIT.press;
import static io.tenantlink.it.ConnectIT.signInThroughLink;
import static io.tenantlink.it.ConnectIT.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.htmlunit.html.DomElement;
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

/**
 * Lifecycle warnings end to end on the shared portal, whose settings say the ChatOps app's client secret expired on
 * 2020-01-01 (arquillian.xml; its timer waits a day, so only a site admin's Check now computes a site's warnings): a
 * connection whose refresh token Microsoft (the stand-in) refuses with AADSTS700082 and the expired secret show on the
 * site page with their plain reason and fix; one e-mail (GreenMail) reaches the site admin who gave an address; the
 * next check sends none; Acknowledge records who and when and is audited; after it, no e-mail again. An auditor sees
 * the warnings but has no button, and its acknowledgement is refused. The connection is disconnected at the end, and its
 * warning clears.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class LifecycleWarningsIT {

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
