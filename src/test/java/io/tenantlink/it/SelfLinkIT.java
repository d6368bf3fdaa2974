package io.tenantlink.it;

import static io.tenantlink.it.ConnectIT.assertAudited;
import static io.tenantlink.it.ConnectIT.click;
import static io.tenantlink.it.ConnectIT.connect;
import static io.tenantlink.it.ConnectIT.connectionId;
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

import com.nimbusds.jose.util.JSONObjectUtils;
import java.net.URL;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.htmlunit.Page;
import org.htmlunit.html.HtmlAnchor;
import org.htmlunit.html.HtmlButton;
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

/**
 * A person links themselves to their Microsoft user (seed 000's fallback when no address finds them): a site admin
 * makes an invitation, the person opens it without a portal account and signs in with Microsoft at the stand-in.
 * An account the portal has not read yet is refused with what to do (the link stays usable); after a sync the link
 * works, once; the mapping survives later syncs; a new invitation withdraws the previous one; audit records say who.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SelfLinkIT {

    static final String CONTOSO = SandboxBrowser.CONTOSO;
    static final String CONTOSO_ADMIN = "megan.admin@contoso.example";
    static final String LATE_USER = "b1e2c3d4-00ac-4a5b-8c6d-7e8f9a0b1cac";
    static final String LATE_UPN = "pat.late@contoso.example";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return PortalDeployment.sharedPortal();
    }

    @ArquillianResource
    URL base;

    @Test
    void aPersonLinksThemselvesOnceThroughAnInvitation() throws Exception {
        Portal portal = new Portal(base);
        long site = portal.site(Portal.unique("Self-link desk "));
        String admin = siteAdmin(portal, site);
        try (GraphSandboxClient sandbox = new GraphSandboxClient(base);
                Browser browser = portal.signedIn(admin)) {
            String mapping = "/sites/" + site + "/people/mapping";
            HtmlPage waiting = connect(browser, browser.open("/sites/" + site + "/chat-tools"), CONTOSO_ADMIN);
            press((HtmlPage) click(form(waiting, "/give-permission")), "accept");
            long connection = connectionId(site, CONTOSO);
            long pat = addPerson(browser, site, "Pat Sidewise", "pat@service-desk.example");
            long kim = addPerson(browser, site, "Kim Elsewhere", "kim@service-desk.example");
            sync(browser, site, connection);
            assertEquals("UNMATCHED", outcome(connection, pat)[0]);

            // The person's account is created in the tenant after the last sync.
            Map<String, Object> user = new LinkedHashMap<>();
            user.put("id", LATE_USER);
            user.put("userPrincipalName", LATE_UPN);
            user.put("displayName", "Pat Late");
            user.put("mail", LATE_UPN);
            HttpResponse<String> added =
                    sandbox.control("POST", "tenants/contoso.example/users", JSONObjectUtils.toJSONString(user));
            assertEquals(200, added.statusCode(), added.body());

            String link = invite(browser, site, connection, pat);
            assertTrue(link.contains("/link-me/"), link);
            assertAudited(site, "SELF_LINK_INVITED", "Pat Sidewise <pat@service-desk.example> may link themselves");
            assertFalse(
                    browser.open(mapping).asNormalizedText().contains(link), "the link is shown once, on its own page");

            try (Browser person = portal.browser()) {
                // Opening the link (as a link scanner would) changes nothing.
                HtmlPage opened = person.open(path(link));
                assertEquals(200, opened.getWebResponse().getStatusCode(), opened.asNormalizedText());
                // No way back into a portal they have no account for: the trail is the page itself.
                Trail.assertTrail(opened, "Link your Microsoft account");
                assertTrue(opened.getElementById("self-link-request")
                        .asNormalizedText()
                        .contains("Pat Sidewise"));
                assertTrue(opened.asNormalizedText().contains("Contoso"), opened.asNormalizedText());
                assertEquals("UNMATCHED", outcome(connection, pat)[0]);

                // Not read yet: refused with what to do; the link still works.
                HtmlPage refused = signInThrough(opened, LATE_UPN);
                assertEquals(409, refused.getWebResponse().getStatusCode(), refused.asNormalizedText());
                assertTrue(
                        refused.getElementById("self-link-result")
                                .asNormalizedText()
                                .contains("sync"),
                        refused.asNormalizedText());
                assertEquals("UNMATCHED", outcome(connection, pat)[0]);
                assertAudited(site, "SELF_LINK_REFUSED", "not a usable user");
            }

            sync(browser, site, connection);
            try (Browser person = portal.browser()) {
                HtmlPage done = signInThrough(person.open(path(link)), LATE_UPN);
                assertEquals(200, done.getWebResponse().getStatusCode(), done.asNormalizedText());
                String text = done.getElementById("self-link-result").asNormalizedText();
                assertTrue(text.contains("Pat Sidewise") && text.contains(LATE_UPN), text);
                assertNull(
                        done.getFirstByXPath("//form[contains(@class,'signout')]"),
                        "the person is not signed in to the portal");
                assertEquals(List.of("SELF_LINKED", LATE_USER), List.of(outcome(connection, pat)));
                assertAudited(site, "PERSON_SELF_LINKED", "Pat Sidewise <pat@service-desk.example> -> Pat Late");

                // Once only.
                HtmlPage again = person.open(path(link));
                assertEquals(404, again.getWebResponse().getStatusCode(), again.asNormalizedText());
            }

            // The site admin sees who linked; a later sync keeps it.
            sync(browser, site, connection);
            assertEquals(List.of("SELF_LINKED", LATE_USER), List.of(outcome(connection, pat)));
            HtmlPage page = browser.open(mapping);
            HtmlElement row =
                    page.getFirstByXPath("//table[contains(@class,'overrides')]//tr[@data-person='" + pat + "']");
            assertNotNull(row, page.asNormalizedText());
            String rowText = row.asNormalizedText();
            assertTrue(rowText.contains("The person, signed in as") && rowText.contains("Pat Late"), rowText);

            // A second invitation withdraws the first.
            String first = invite(browser, site, connection, kim);
            String second = invite(browser, site, connection, kim);
            try (Browser person = portal.browser()) {
                assertEquals(404, person.open(path(first)).getWebResponse().getStatusCode());
                assertEquals(200, person.open(path(second)).getWebResponse().getStatusCode());
            }
            assertEquals("UNMATCHED", outcome(connection, kim)[0]);
        } finally {
            try (GraphSandboxClient sandbox = new GraphSandboxClient(base)) {
                sandbox.control("DELETE", "tenants/" + CONTOSO + "/users/" + LATE_USER, null);
            }
        }
    }

    /** Invite to link → confirm → the link, shown once. */
    private static String invite(Browser browser, long site, long connection, long person) throws Exception {
        HtmlPage mapping = browser.open("/sites/" + site + "/people/mapping");
        HtmlAnchor invite = mapping.getFirstByXPath("//div[@id='tenant-" + connection + "']//tr[@data-person='" + person
                + "']//a[contains(@class,'invite-self-link')]");
        assertNotNull(invite, mapping.asNormalizedText());
        HtmlPage confirm = invite.click();
        HtmlPage created = (HtmlPage) click(form(confirm, "/invite"));
        assertEquals(200, created.getWebResponse().getStatusCode(), created.asNormalizedText());
        HtmlInput field = (HtmlInput) created.getElementById("self-link");
        assertNotNull(field, created.asNormalizedText());
        return field.getValue();
    }

    private static HtmlPage signInThrough(HtmlPage invitation, String upn) throws Exception {
        HtmlPage signIn =
                invitation.<HtmlButton>getHtmlElementById("self-link-sign-in").click();
        assertEquals("127.0.0.1", signIn.getUrl().getHost());
        Page next = microsoftSignIn(signIn, upn);
        if (next instanceof HtmlPage html && hasDecision(html)) {
            next = press(html, "accept");
        }
        return (HtmlPage) next;
    }

    private static String path(String link) throws Exception {
        return new URL(link).getPath();
    }

    private static long addPerson(Browser browser, long site, String name, String email) throws Exception {
        HtmlPage added = browser.fill(
                browser.open("/sites/" + site + "/people/new"),
                "/sites/" + site + "/people",
                Map.of("name", name, "email", email, "alternativeEmails", ""));
        assertEquals(200, added.getWebResponse().getStatusCode(), added.asNormalizedText());
        try (Connection db = TestDatabase.connect();
                PreparedStatement q =
                        db.prepareStatement("SELECT id FROM person WHERE site_id = ? AND email_key = ?")) {
            q.setLong(1, site);
            q.setString(2, email);
            try (ResultSet rs = q.executeQuery()) {
                assertTrue(rs.next());
                return rs.getLong(1);
            }
        }
    }

    private static void sync(Browser browser, long site, long connection) throws Exception {
        HtmlPage after =
                (HtmlPage) click(form(browser.open("/sites/" + site + "/people/mapping"), "/" + connection + "/sync"));
        assertEquals(200, after.getWebResponse().getStatusCode(), after.asNormalizedText());
        assertTrue(after.asNormalizedText().contains("were read"), after.asNormalizedText());
    }

    private static String[] outcome(long connection, long person) throws Exception {
        try (Connection db = TestDatabase.connect();
                PreparedStatement q = db.prepareStatement(
                        "SELECT outcome, object_id FROM person_mapping WHERE connection_id = ? AND person_id = ?")) {
            q.setLong(1, connection);
            q.setLong(2, person);
            try (ResultSet rs = q.executeQuery()) {
                assertTrue(rs.next(), "no mapping row for person " + person);
                return new String[] {rs.getString(1), rs.getString(2) == null ? "" : rs.getString(2)};
            }
        }
    }
}
