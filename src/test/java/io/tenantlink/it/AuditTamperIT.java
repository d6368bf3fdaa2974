package io.tenantlink.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import org.htmlunit.html.HtmlPage;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Someone with database access edits the grant history behind the portal's back: the auditor's
 * verification names the first record that no longer matches, and finds the chain intact again once
 * the record holds what it held. On the shared portal: the record is always put back (the other
 * classes' audit history must stay verifiable).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class AuditTamperIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return PortalDeployment.sharedPortal();
    }

    @ArquillianResource
    URL base;

    @Test
    void anEditedRecordIsNamedAsTheFirstBrokenOne() throws Exception {
        Portal portal = new Portal(base);
        String auditor = portal.account("auditor");
        long siteId = portal.site(Portal.unique("Tamper "));
        portal.grant(siteId, auditor, "AUDITOR", null);

        try (Browser browser = portal.signedIn(auditor)) {
            HtmlPage before = browser.open("/audit/verify?site=" + siteId);
            assertTrue(
                    before.getElementById("verify-result").asNormalizedText().contains(" are intact: "),
                    before.asNormalizedText());

            long victim;
            String subject;
            try (Connection c = TestDatabase.connect();
                    Statement s = c.createStatement();
                    ResultSet r = s.executeQuery(
                            "select seq, subject from audit_record where action = 'SITE_CREATED' and site_id = "
                                    + siteId)) {
                r.next();
                victim = r.getLong(1);
                subject = r.getString(2);
            }
            try {
                setSubject(victim, "site Something else entirely");

                HtmlPage after = browser.open("/audit/verify?site=" + siteId);
                String result = after.getElementById("verify-result").asNormalizedText();
                assertTrue(result.contains("are broken at record #" + victim + "."), result);
                assertTrue(result.contains("no longer matches its hash"), result);
            } finally {
                setSubject(victim, subject);
            }

            HtmlPage repaired = browser.open("/audit/verify?site=" + siteId);
            assertTrue(
                    repaired.getElementById("verify-result").asNormalizedText().contains(" are intact: "),
                    repaired.asNormalizedText());
        }
    }

    private static void setSubject(long seq, String subject) throws Exception {
        try (Connection c = TestDatabase.connect();
                PreparedStatement s = c.prepareStatement("update audit_record set subject = ? where seq = ?")) {
            s.setString(1, subject);
            s.setLong(2, seq);
            assertEquals(1, s.executeUpdate());
        }
    }
}
