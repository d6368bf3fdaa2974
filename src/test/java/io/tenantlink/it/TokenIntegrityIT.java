package io.tenantlink.it;

import static io.tenantlink.it.ConnectIT.assertAudited;
import static io.tenantlink.it.ConnectIT.click;
import static io.tenantlink.it.ConnectIT.connect;
import static io.tenantlink.it.ConnectIT.connectionId;
import static io.tenantlink.it.ConnectIT.form;
import static io.tenantlink.it.ConnectIT.press;
import static io.tenantlink.it.ConnectIT.signInThroughLink;
import static io.tenantlink.it.ConnectIT.status;
import static io.tenantlink.it.ConnectIT.tokenCacheRows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.htmlunit.html.HtmlPage;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A stored token cache altered in the database (one bit of its AES-GCM ciphertext flipped) is an integrity failure,
 * not "Microsoft did not answer": the page says so, the unreadable row is deleted, the connection needs a new sign-in,
 * an audit record names it, and signing in again restores the connection.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class TokenIntegrityIT {

    static final String TAILSPIN = ConnectIT.TAILSPIN;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return PortalDeployment.sharedPortal();
    }

    @ArquillianResource
    URL base;

    @Test
    void aTamperedTokenCacheIsNamedDeletedAndAsksForANewSignIn() throws Exception {
        Portal portal = new Portal(base);
        long site = portal.site(Portal.unique("Integrity "));
        String admin = ConnectIT.siteAdmin(portal, site);
        try (Browser requester = portal.signedIn(admin)) {
            HtmlPage waiting =
                    connect(requester, requester.open("/sites/" + site + "/chat-tools"), "member@tailspin.example");
            long connection = connectionId(site, TAILSPIN);
            String link = ((HtmlPage) click(form(waiting, "/links")))
                    .getElementById("approval-link")
                    .getAttribute("value");
            try (Browser tenantAdmin = new Browser(base)) {
                press(signInThroughLink(tenantAdmin, link, "admin@tailspin.example"), "accept");
            }
            assertEquals(1, tokenCacheRows(TAILSPIN));

            flipLastBit(TAILSPIN);
            String path = "/sites/" + site + "/chat-tools/teams/" + connection;
            HtmlPage after = (HtmlPage) click(form(requester.open(path), "/give-permission"));
            String text = after.asNormalizedText();
            assertEquals(200, after.getWebResponse().getStatusCode(), text);
            assertTrue(text.contains("failed its integrity check"), text);
            assertFalse(text.contains("could not be reached"), "not reported as Microsoft not answering: " + text);
            assertEquals("NEEDS_SIGN_IN", status(connection));
            assertEquals(0, tokenCacheRows(TAILSPIN), "the unreadable row is deleted");
            assertAudited(site, "TOKEN_CACHE_UNREADABLE", "failed its integrity check (authentication failed");
            assertAudited(site, "CONNECTION_NEEDS_SIGN_IN", "stored sign-in unreadable");

            // A new sign-in stores a fresh cache; the tenant's consent is in place, so the connection is active again.
            connect(requester, requester.open("/sites/" + site + "/chat-tools"), "member@tailspin.example");
            assertEquals("ACTIVE", status(connection));
            assertEquals(1, tokenCacheRows(TAILSPIN));
        }
    }

    /** As someone with write access to the database would: the row stays, its content no longer authenticates. */
    static void flipLastBit(String tenant) throws Exception {
        byte[] ciphertext;
        try (Connection db = TestDatabase.connect();
                PreparedStatement q =
                        db.prepareStatement("SELECT ciphertext FROM microsoft_token_cache WHERE tenant_id = ?")) {
            q.setString(1, tenant);
            try (ResultSet rs = q.executeQuery()) {
                assertTrue(rs.next());
                ciphertext = rs.getBytes(1);
            }
        }
        ciphertext[ciphertext.length - 1] ^= 1;
        try (Connection db = TestDatabase.connect();
                PreparedStatement u =
                        db.prepareStatement("UPDATE microsoft_token_cache SET ciphertext = ? WHERE tenant_id = ?")) {
            u.setBytes(1, ciphertext);
            u.setString(2, tenant);
            assertEquals(1, u.executeUpdate());
        }
    }
}
