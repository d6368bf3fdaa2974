package io.tenantlink.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.htmlunit.html.HtmlPage;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Password guessing against the portal's sign-in, with the thresholds arquillian.xml gives the test portal
 * (delay after 3 failures in a row, lock after 5 for 4 seconds): the right password is refused while blocked,
 * an unknown account gets exactly the same answers, every step is audited, and sign-in works once the lock is over.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SignInThrottleIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return PortalDeployment.sharedPortal();
    }

    @ArquillianResource
    URL base;

    /** What a person sees after one attempt: status, and which message. */
    record Answer(int status, String message) {}

    @Test
    void guessingIsDelayedThenLockedTheSameForUnknownAccountsAndAudited() throws Exception {
        Portal portal = new Portal(base);
        String known = portal.account("guessed");
        String unknown = Portal.unique("nobody").toLowerCase();
        long throttledBefore = audits("LOGIN_THROTTLED", known);
        try (Browser knownBrowser = portal.browser();
                Browser unknownBrowser = portal.browser()) {
            List<Answer> knownAnswers = new ArrayList<>();
            List<Answer> unknownAnswers = new ArrayList<>();
            Runnable wrong = () -> {
                knownAnswers.add(answer(knownBrowser.signIn(known, "Wrong-Passw0rd-" + knownAnswers.size())));
                unknownAnswers.add(answer(unknownBrowser.signIn(unknown, "Wrong-Passw0rd-" + unknownAnswers.size())));
            };
            wrong.run();
            wrong.run();
            assertEquals(new Answer(401, "Wrong username or password"), knownAnswers.get(1));
            wrong.run();
            Answer throttled = knownAnswers.get(2);
            assertEquals(429, throttled.status(), "the third failure in a row pauses sign-in");
            assertEquals("Too many failed sign-ins", throttled.message());

            // The right password, at once: refused with the same plain message, nothing signed in.
            HtmlPage refused = knownBrowser.signIn(known, Portal.PASSWORD);
            assertEquals(new Answer(429, "Too many failed sign-ins"), answer(refused));
            assertTrue(
                    refused.getUrl().getPath().endsWith("/login"),
                    refused.getUrl().toString());
            assertTrue(knownBrowser.openRaw("/sites").getUrl().getPath().endsWith("/login"), "still signed out");
            assertEquals(throttledBefore + 1, audits("LOGIN_THROTTLED", known));
            assertAudited("LOGIN_FAILED", known, "failure 3 in a row for this username");

            // The delay grows (1 s, then 2 s), then the fifth failure locks the account name for 4 seconds.
            Thread.sleep(1_200);
            wrong.run();
            Thread.sleep(2_200);
            wrong.run();
            assertAudited("LOGIN_FAILED", known, "sign-in locked until");
            assertAudited("LOGIN_FAILED", unknown, "sign-in locked until");
            assertEquals(
                    new Answer(429, "Too many failed sign-ins"), answer(knownBrowser.signIn(known, Portal.PASSWORD)));
            assertEquals(
                    new Answer(429, "Too many failed sign-ins"),
                    answer(unknownBrowser.signIn(unknown, Portal.PASSWORD)));

            assertEquals(knownAnswers, unknownAnswers, "an unknown account gets exactly the same answers");
            String knownHtml = knownBrowser
                    .signIn(known, "Wrong-Passw0rd-x")
                    .getWebResponse()
                    .getContentAsString();
            String unknownHtml = unknownBrowser
                    .signIn(unknown, "Wrong-Passw0rd-x")
                    .getWebResponse()
                    .getContentAsString();
            assertEquals(strip(knownHtml, known), strip(unknownHtml, unknown), "the same page, but for the typed name");

            // Once the lock is over, the right password works again (and ends the run of failures).
            Thread.sleep(4_500);
            HtmlPage landed = knownBrowser.signIn(known, Portal.PASSWORD);
            assertTrue(
                    landed.getUrl().getPath().endsWith("/sites"),
                    "after the lock: " + landed.getUrl() + " " + landed.asNormalizedText());
            // A failure right after a lock locks again: the name does not get a fresh run of guesses.
            assertEquals(
                    new Answer(429, "Too many failed sign-ins"),
                    answer(unknownBrowser.signIn(unknown, Portal.PASSWORD)));
        }
        assertEquals(
                0,
                count("SELECT COUNT(*) FROM sign_in_throttle WHERE throttle_key = ?", "a:" + sha256(known)),
                "a successful sign-in ends the name's run of failures");
        assertTrue(
                count("SELECT COUNT(*) FROM sign_in_throttle WHERE throttle_key = ?", "a:" + sha256(unknown)) == 1,
                "an unknown name is counted like any other, under its hash");
        assertFalse(
                count("SELECT COUNT(*) FROM sign_in_throttle WHERE throttle_key LIKE ?", "%" + unknown + "%") > 0,
                "no typed name is stored");
    }

    private static Answer answer(HtmlPage page) {
        String text = page.asNormalizedText();
        String message = text.contains("Too many failed sign-ins")
                ? "Too many failed sign-ins"
                : text.contains("Wrong username or password") ? "Wrong username or password" : text;
        return new Answer(page.getWebResponse().getStatusCode(), message);
    }

    /** The page without the typed username and the per-session CSRF token. */
    private static String strip(String html, String username) {
        return html.replace(username, "NAME").replaceAll("value=\"[A-Za-z0-9_\\-]{20,}\"", "value=\"TOKEN\"");
    }

    private static String sha256(String value) throws Exception {
        return java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                        .digest(value.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    private static long audits(String action, String username) throws SQLException {
        return count(
                "SELECT COUNT(*) FROM audit_record WHERE action = '" + action + "' AND actor = ?",
                "portal:" + username);
    }

    private static void assertAudited(String action, String username, String detailContains) throws SQLException {
        try (Connection db = TestDatabase.connect();
                PreparedStatement q =
                        db.prepareStatement("SELECT detail FROM audit_record WHERE action = ? AND actor = ?")) {
            q.setString(1, action);
            q.setString(2, "portal:" + username);
            boolean found = false;
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    found |= rs.getString(1) != null && rs.getString(1).contains(detailContains);
                }
            }
            assertTrue(
                    found, "no " + action + " audit record for " + username + " mentioning '" + detailContains + "'");
        }
    }

    private static long count(String sql, String parameter) throws SQLException {
        try (Connection db = TestDatabase.connect();
                PreparedStatement q = db.prepareStatement(sql)) {
            q.setString(1, parameter);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        }
    }
}
