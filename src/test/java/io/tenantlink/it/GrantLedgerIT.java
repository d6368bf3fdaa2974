package io.tenantlink.it;

import static io.tenantlink.it.ConnectIT.click;
import static io.tenantlink.it.ConnectIT.connect;
import static io.tenantlink.it.ConnectIT.connectionId;
import static io.tenantlink.it.ConnectIT.form;
import static io.tenantlink.it.ConnectIT.press;
import static io.tenantlink.it.ConnectIT.siteAdmin;
import static io.tenantlink.it.ConsentDoctorIT.servicePrincipalId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.List;
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
 * The grant ledger end to end against the stand-in: Contoso connected through Give permission, checked by the consent
 * doctor, lists the ChatOps permissions as holding, granted by the signed-in Microsoft account through Give permission
 * and linked to the audit record; a permission taken away at Microsoft shows as missing after the next check. Another
 * site's connection is not found; an auditor of the site reads the ledger.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class GrantLedgerIT {

    static final String CONTOSO = SandboxBrowser.CONTOSO;
    static final String CONTOSO_ADMIN = ConsentDoctorIT.CONTOSO_ADMIN;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return PortalDeployment.sharedPortal();
    }

    @ArquillianResource
    URL base;

    @Test
    void listsWhoGrantedEachPermissionHowAndWhetherItStillHolds() throws Exception {
        Portal portal = new Portal(base);
        long site = portal.site(Portal.unique("Ledger desk "));
        long otherSite = portal.site(Portal.unique("Other ledger desk "));
        String admin = siteAdmin(portal, site);
        String auditor = portal.account("ledgeraudit");
        portal.grant(site, auditor, "AUDITOR", null);
        try (GraphSandboxClient graph = new GraphSandboxClient(base);
                Browser browser = portal.signedIn(admin)) {
            graph.adminConsent(CONTOSO, ConsentDoctorIT.MANAGEMENT, CONTOSO_ADMIN);
            HtmlPage waiting = connect(browser, browser.open("/sites/" + site + "/chat-tools"), CONTOSO_ADMIN);
            press((HtmlPage) click(form(waiting, "/give-permission")), "accept");
            long connection = connectionId(site, CONTOSO);
            String page = "/sites/" + site + "/chat-tools/teams/" + connection + "/ledger";

            // Linked from the tenant's page; before any check, the history is there and the status not known yet.
            HtmlAnchor toLedger = (HtmlAnchor) browser.open("/sites/" + site + "/chat-tools/teams/" + connection)
                    .getElementById("grant-ledger");
            assertNotNull(toLedger, "the tenant's page links to its grant ledger");
            HtmlPage before = toLedger.click();
            assertEquals(page, before.getUrl().getPath());
            assertNotNull(before.getElementById("ledger-not-checked"), before.asNormalizedText());
            assertEquals("Not checked yet", status(before, "chatops", "delegated", "Chat.Create"));

            String doctor = "/sites/" + site + "/chat-tools/teams/" + connection + "/consent";
            click(form(browser.open(doctor), "/consent/check"));
            HtmlPage ledger = browser.open(page);
            assertEquals(200, ledger.getWebResponse().getStatusCode(), ledger.asNormalizedText());
            assertNull(ledger.getElementById("ledger-not-checked"));
            for (String[] p : List.of(
                    new String[] {"delegated", "Chat.Create"},
                    new String[] {"delegated", "ChatMessage.Send"},
                    new String[] {"application", "Chat.Create"},
                    new String[] {"application", "User.Read.All"})) {
                assertEquals("Holds", status(ledger, "chatops", p[0], p[1]), p[1]);
                HtmlElement event = events(ledger, "chatops", p[0], p[1]).get(0);
                assertEquals("GIVE_PERMISSION", event.getAttribute("data-path"));
                String words = event.asNormalizedText();
                assertTrue(words.contains("Give permission"), words);
                assertTrue(words.contains("granted by Megan Bowen (" + CONTOSO_ADMIN + ")"), words);
                assertTrue(words.contains("asked for by Person " + admin), "people by name: " + words);
                assertTrue(!words.contains("portal:"), "no internal ids: " + words);
            }
            HtmlAnchor record = ledger.getFirstByXPath(
                    "//tr[@id='perm-chatops-delegated-Chat-Create']//a[contains(@class,'event-record')]");
            HtmlPage audit = record.click();
            assertEquals(200, audit.getWebResponse().getStatusCode(), audit.asNormalizedText());
            assertEquals(
                    "CONSENT_CONFIRMED",
                    ((HtmlElement) audit.getFirstByXPath("//dd[@data-action]")).getAttribute("data-action"));
            assertTrue(audit.asNormalizedText().contains("admin consent given by the signed-in admin"));
            assertEquals(
                    "Not installed in the tenant",
                    ((HtmlElement) ledger.getFirstByXPath("//div[@id='app-email']//span[contains(@class,'installed')]"))
                            .asNormalizedText());
            assertEquals("Not granted", status(ledger, "email", "delegated", "Mail.Send.Shared"));

            // The tenant's admin takes Chat.Create out of ChatOps' tenant-wide grant; the next check finds it missing.
            String token = graph.appToken(CONTOSO, ConsentDoctorIT.MANAGEMENT);
            String spId = servicePrincipalId(graph, token, SandboxBrowser.CHATOPS);
            ConsentDoctorIT.takeOutOfChatOpsGrant(graph, token, spId, "Chat.Create");
            click(form(browser.open(doctor), "/consent/check"));
            HtmlPage after = browser.open(page);
            assertEquals("Missing", status(after, "chatops", "delegated", "Chat.Create"));
            List<HtmlElement> history = events(after, "chatops", "delegated", "Chat.Create");
            assertEquals(2, history.size(), after.asNormalizedText());
            assertEquals("GIVE_PERMISSION", history.get(0).getAttribute("data-path"));
            assertEquals("FOUND_REMOVED", history.get(1).getAttribute("data-path"));
            assertTrue(
                    history.get(1).asNormalizedText().contains("Found removed"),
                    history.get(1).asNormalizedText());
            assertEquals("Holds", status(after, "chatops", "delegated", "ChatMessage.Send"), "the rest still holds");
            assertEquals("Holds", status(after, "chatops", "application", "Chat.Create"));

            // Another site's connection id: not found, whoever asks.
            assertEquals(
                    404,
                    browser.openRaw("/sites/" + otherSite + "/chat-tools/teams/" + connection + "/ledger")
                            .getWebResponse()
                            .getStatusCode());

            // Leave Contoso whole for the tests that follow on the shared portal.
            graph.adminConsent(CONTOSO, GraphSandboxClient.CHATOPS, CONTOSO_ADMIN);
        }
        try (Browser reader = portal.signedIn(auditor)) {
            long connection = connectionId(site, CONTOSO);
            HtmlPage ledger = reader.open("/sites/" + site + "/chat-tools/teams/" + connection + "/ledger");
            assertEquals(200, ledger.getWebResponse().getStatusCode(), ledger.asNormalizedText());
            assertEquals("Missing", status(ledger, "chatops", "delegated", "Chat.Create"));
            assertNotNull(
                    ledger.getFirstByXPath(
                            "//tr[@id='perm-chatops-delegated-Chat-Create']//a[contains(@class,'event-record')]"),
                    "an auditor opens the records");
            assertEquals(
                    404,
                    reader.openRaw("/sites/" + otherSite + "/chat-tools/teams/" + connection + "/ledger")
                            .getWebResponse()
                            .getStatusCode());
        }
    }

    static String status(HtmlPage page, String app, String type, String permission) {
        HtmlElement badge = page.getFirstByXPath(
                "//tr[@id='" + row(app, type, permission) + "']//span[contains(@class,'permission-status')]");
        assertNotNull(badge, "no " + type + " " + permission + " of " + app + ": " + page.asNormalizedText());
        return badge.asNormalizedText();
    }

    static List<HtmlElement> events(HtmlPage page, String app, String type, String permission) {
        return page.getByXPath("//tr[@id='" + row(app, type, permission) + "']//li[contains(@class,'ledger-event')]");
    }

    static String row(String app, String type, String permission) {
        return "perm-" + app + "-" + type + "-" + permission.replaceAll("[^A-Za-z0-9]", "-");
    }
}
