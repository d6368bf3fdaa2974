package io.tenantlink.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import org.htmlunit.Page;
import org.htmlunit.html.HtmlPage;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The portal used through its pages, as operators, site admins, project admins and auditors would,
 * against the database of this failsafe execution (embedded H2 or MariaDB).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PortalIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return PortalDeployment.sharedPortal();
    }

    @ArquillianResource
    URL base;

    private Portal portal() {
        return new Portal(base);
    }

    @Test
    void newAccountMustChangeItsPasswordBeforeAnythingElse() {
        Portal portal = portal();
        String username = Portal.unique("newbie");
        try (Browser operator = portal.operator()) {
            Trail.assertTrail(operator.open("/accounts"), "Accounts", Trail.step("Sites", "/sites"));
            Trail.assertTrail(
                    operator.open("/accounts/new"),
                    "Create account",
                    Trail.step("Sites", "/sites"),
                    Trail.step("Accounts", "/accounts"));
            operator.fill(
                    operator.open("/accounts/new"),
                    "/accounts",
                    Map.of("username", username, "displayName", "New Person", "password", "Temporary-Passw0rd"));
        }
        try (Browser person = portal.browser()) {
            HtmlPage landed = person.signIn(username, "Temporary-Passw0rd");
            assertTrue(
                    landed.getUrl().getPath().endsWith("/account/password"),
                    landed.getUrl().toString());
            Trail.assertTrail(landed, "Change password", Trail.step("Sites", "/sites"));

            HtmlPage elsewhere = person.open("/sites");
            assertTrue(
                    elsewhere.getUrl().getPath().endsWith("/account/password"),
                    "other pages stay closed until the change");

            HtmlPage mismatch = person.fill(
                    elsewhere,
                    "/account/password",
                    Map.of(
                            "currentPassword",
                            "Temporary-Passw0rd",
                            "newPassword",
                            "Another-Passw0rd-1",
                            "confirmPassword",
                            "Another-Passw0rd-2"));
            assertEquals(400, mismatch.getWebResponse().getStatusCode());
            assertTrue(mismatch.asNormalizedText().contains("The two new passwords are not the same."));

            HtmlPage done = person.fill(
                    mismatch,
                    "/account/password",
                    Map.of(
                            "currentPassword",
                            "Temporary-Passw0rd",
                            "newPassword",
                            "Another-Passw0rd-1",
                            "confirmPassword",
                            "Another-Passw0rd-1"));
            assertTrue(done.getUrl().getPath().endsWith("/sites"), done.getUrl().toString());
            assertTrue(done.asNormalizedText().contains("Your password was changed."));
            person.signOut();
        }
        try (Browser again = portal.browser()) {
            assertTrue(again.signIn(username, "Temporary-Passw0rd")
                    .asNormalizedText()
                    .contains("Wrong username or password"));
            assertTrue(again.signIn(username, "Another-Passw0rd-1")
                    .getUrl()
                    .getPath()
                    .endsWith("/sites"));
        }
    }

    @Test
    void bootstrapPasswordOnlyWorksOnce() {
        Portal portal = portal();
        portal.operator().close();
        try (Browser browser = portal.browser()) {
            HtmlPage refused = browser.signIn(Portal.OPERATOR, TestDatabase.BOOTSTRAP_PASSWORD);
            assertEquals(401, refused.getWebResponse().getStatusCode());
            assertTrue(refused.getUrl().getPath().endsWith("/login"));
        }
    }

    @Test
    void signInChangesTheSessionIdAndSignOutEndsTheSession() {
        Portal portal = portal();
        portal.operator().close();
        try (Browser browser = portal.browser()) {
            browser.open("/login");
            String before = browser.sessionCookie().getValue();
            assertTrue(browser.sessionCookie().isHttpOnly());
            browser.signIn(Portal.OPERATOR, Portal.OPERATOR_PASSWORD);
            assertNotEquals(before, browser.sessionCookie().getValue(), "session id must change at login");
            HtmlPage out = browser.signOut();
            assertTrue(out.asNormalizedText().contains("You are signed out."));
            assertTrue(browser.open("/sites").getUrl().getPath().endsWith("/login"));
        }
    }

    @Test
    void everyResponseCarriesSecurityHeadersAndTheSessionCookieIsLax() {
        try (Browser browser = portal().browser()) {
            for (String path : new String[] {"/login", "/sites", "/no-such-page", "/health/ready"}) {
                Page page = browser.openRaw(path);
                var response = page.getWebResponse();
                String csp = response.getResponseHeaderValue("Content-Security-Policy");
                assertNotNull(csp, path);
                assertTrue(
                        csp.contains("script-src 'self'")
                                && csp.contains("frame-ancestors 'none'")
                                && csp.contains("object-src 'none'")
                                && csp.contains("base-uri 'none'")
                                && !csp.contains("unsafe-inline"),
                        csp);
                assertEquals("nosniff", response.getResponseHeaderValue("X-Content-Type-Options"), path);
                assertEquals("no-referrer", response.getResponseHeaderValue("Referrer-Policy"), path);
            }
        }
        try (Browser fresh = portal().browser()) {
            Page login = fresh.openRaw("/login");
            String setCookie = login.getWebResponse().getResponseHeaders().stream()
                    .filter(h -> h.getName().equalsIgnoreCase("Set-Cookie"))
                    .map(h -> h.getValue())
                    .filter(v -> v.startsWith("TENANTLINK_SESSION="))
                    .findFirst()
                    .orElse("");
            assertTrue(
                    setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Lax"),
                    "session cookie: " + setCookie);
            assertTrue(
                    login.getWebResponse().getContentAsString().contains("Sandbox mode."),
                    "sandbox banner on every page");
        }
    }

    @Test
    void operatorCreatesSiteSiteAdminCreatesAndChangesAProject() {
        Portal portal = portal();
        String admin = portal.account("siteadmin");
        String siteName = Portal.unique("Acme Service Desk ");
        long siteId = portal.site(siteName);
        portal.grant(siteId, admin, "SITE_ADMIN", null);

        try (Browser siteAdmin = portal.signedIn(admin)) {
            HtmlPage sites = siteAdmin.open("/sites");
            assertTrue(sites.asNormalizedText().contains(siteName));

            HtmlPage badKey = siteAdmin.fill(
                    siteAdmin.open("/sites/" + siteId + "/projects/new"),
                    "/sites/" + siteId + "/projects",
                    Map.of("name", "Broken", "key", "1!"));
            assertEquals(400, badKey.getWebResponse().getStatusCode());
            assertTrue(badKey.asNormalizedText().contains("The project key must be 2 to 10 capital letters"));

            long projectId = portal.project(siteAdmin, siteId, "IT Operations", "itops");
            HtmlPage project = siteAdmin.open("/sites/" + siteId + "/projects/" + projectId);
            assertTrue(project.asNormalizedText().contains("(ITOPS)"), "keys are upper-cased");
            HtmlPage changed = siteAdmin.fill(
                    project, "/projects/" + projectId, Map.of("name", "IT Ops", "planTier", "ENTERPRISE"));
            assertTrue(changed.asNormalizedText().contains("Project ITOPS was saved."));
            HtmlPage site = siteAdmin.open("/sites/" + siteId);
            assertTrue(site.asNormalizedText().contains("IT Ops"));
            assertTrue(site.asNormalizedText().contains("Enterprise"));
            assertFalse(site.asNormalizedText().contains("Broken"), "the refused project was not created");
        }
    }

    @Test
    void siteAdminOfOneSiteGetsNotFoundForAnotherAndChangesNothing() throws Exception {
        Portal portal = portal();
        String adminA = portal.account("admina");
        String adminB = portal.account("adminb");
        long siteA = portal.site(Portal.unique("Site A "));
        String nameB = Portal.unique("Site B ");
        long siteB = portal.site(nameB);
        portal.grant(siteA, adminA, "SITE_ADMIN", null);
        portal.grant(siteB, adminB, "SITE_ADMIN", null);
        long projectB;
        try (Browser b = portal.signedIn(adminB)) {
            projectB = portal.project(
                    b,
                    siteB,
                    "B desk",
                    Portal.unique("B").toUpperCase().replaceAll("[^A-Z0-9]", "").substring(0, 6));
        }

        try (Browser a = portal.signedIn(adminA)) {
            assertFalse(a.open("/sites").asNormalizedText().contains(nameB), "B is not listed for A's admin");
            for (String path : new String[] {
                "/sites/" + siteB,
                "/sites/" + siteB + "/roles",
                "/sites/" + siteB + "/projects/new",
                "/sites/" + siteB + "/projects/" + projectB,
                "/sites/" + siteA + "/projects/" + projectB,
                "/audit?site=" + siteB
            }) {
                int status = a.openRaw(path).getWebResponse().getStatusCode();
                assertTrue(status == 404 || (path.startsWith("/audit") && status == 400), path + " answered " + status);
            }
            var csrf = a.csrfToken();
            assertEquals(
                    404,
                    a.post("/sites/" + siteB + "/name", Map.of(csrf.getKey(), csrf.getValue(), "name", "Taken over"))
                            .getWebResponse()
                            .getStatusCode());
            assertEquals(
                    404,
                    a.post(
                                    "/sites/" + siteB + "/projects",
                                    Map.of(
                                            csrf.getKey(),
                                            csrf.getValue(),
                                            "name",
                                            "Intruder",
                                            "key",
                                            "INTRUDE",
                                            "planTier",
                                            "FREE",
                                            "workCategory",
                                            "INCIDENTS"))
                            .getWebResponse()
                            .getStatusCode());
            assertEquals(
                    404,
                    a.post(
                                    "/sites/" + siteB + "/roles",
                                    Map.of(csrf.getKey(), csrf.getValue(), "username", adminA, "role", "SITE_ADMIN"))
                            .getWebResponse()
                            .getStatusCode());
        }
        try (Connection c = TestDatabase.connect()) {
            assertEquals(nameB, single(c, "select name from site where id = ?", siteB));
            assertEquals("0", single(c, "select count(*) from service_project where project_key = 'INTRUDE'", null));
            assertEquals("1", single(c, "select count(*) from role_assignment where site_id = " + siteB, null));
        }
    }

    @Test
    void auditorReadsButEveryChangeIsRefusedAndAudited() throws Exception {
        Portal portal = portal();
        String admin = portal.account("sa");
        String auditor = portal.account("auditor");
        String siteName = Portal.unique("Audited ");
        long siteId = portal.site(siteName);
        portal.grant(siteId, admin, "SITE_ADMIN", null);
        portal.grant(siteId, auditor, "AUDITOR", null);
        long projectId;
        try (Browser sa = portal.signedIn(admin)) {
            projectId = portal.project(sa, siteId, "Service desk", "SD");
        }

        try (Browser a = portal.signedIn(auditor)) {
            HtmlPage site = a.open("/sites/" + siteId);
            assertEquals(200, site.getWebResponse().getStatusCode());
            assertTrue(site.asNormalizedText().contains("Service desk"));
            assertTrue(
                    site.getForms().stream()
                            .noneMatch(f -> f.getActionAttribute().endsWith("/name")),
                    "no rename form for auditors");
            HtmlPage history = a.open("/audit?site=" + siteId);
            assertEquals(200, history.getWebResponse().getStatusCode());
            assertTrue(history.asNormalizedText().contains("Site created"));

            var csrf = a.csrfToken();
            assertEquals(
                    403,
                    a.post("/sites/" + siteId + "/name", Map.of(csrf.getKey(), csrf.getValue(), "name", "Renamed"))
                            .getWebResponse()
                            .getStatusCode());
            assertEquals(
                    403,
                    a.post(
                                    "/sites/" + siteId + "/projects",
                                    Map.of(
                                            csrf.getKey(),
                                            csrf.getValue(),
                                            "name",
                                            "Sneaky",
                                            "key",
                                            "SNEAKY",
                                            "planTier",
                                            "FREE",
                                            "workCategory",
                                            "INCIDENTS"))
                            .getWebResponse()
                            .getStatusCode());
            assertEquals(
                    403,
                    a.post(
                                    "/sites/" + siteId + "/projects/" + projectId,
                                    Map.of(
                                            csrf.getKey(),
                                            csrf.getValue(),
                                            "name",
                                            "Changed",
                                            "planTier",
                                            "FREE",
                                            "workCategory",
                                            "INCIDENTS"))
                            .getWebResponse()
                            .getStatusCode());
            assertEquals(
                    403,
                    a.post(
                                    "/sites/" + siteId + "/roles",
                                    Map.of(csrf.getKey(), csrf.getValue(), "username", auditor, "role", "SITE_ADMIN"))
                            .getWebResponse()
                            .getStatusCode());
        }
        try (Connection c = TestDatabase.connect()) {
            assertEquals(siteName, single(c, "select name from site where id = ?", siteId));
            assertEquals("0", single(c, "select count(*) from service_project where project_key = 'SNEAKY'", null));
            assertEquals("Service desk", single(c, "select name from service_project where id = ?", projectId));
            assertEquals("2", single(c, "select count(*) from role_assignment where site_id = " + siteId, null));
            assertEquals(
                    "4",
                    single(
                            c,
                            "select count(*) from audit_record where action = 'ACCESS_REFUSED' and site_id = " + siteId
                                    + " and actor = 'portal:" + auditor + "'",
                            null));
        }
        try (Browser sa = portal.signedIn(admin)) {
            HtmlPage refusals = sa.open("/audit?site=" + siteId + "&action=ACCESS_REFUSED");
            assertTrue(
                    refusals.asNormalizedText().contains("Person " + auditor),
                    "the site admin sees the refusals, by name");
        }
    }

    @Test
    void projectAdminSeesOnlyTheirProject() {
        Portal portal = portal();
        String admin = portal.account("owner");
        String projectAdmin = portal.account("padmin");
        long siteId = portal.site(Portal.unique("Projects "));
        portal.grant(siteId, admin, "SITE_ADMIN", null);
        long mine;
        long other;
        try (Browser sa = portal.signedIn(admin)) {
            mine = portal.project(sa, siteId, "Mine", "MINE");
            other = portal.project(sa, siteId, "Other", "OTHER");
        }
        portal.grant(siteId, projectAdmin, "PROJECT_ADMIN", Long.toString(mine));
        try (Browser pa = portal.signedIn(projectAdmin)) {
            HtmlPage site = pa.open("/sites/" + siteId);
            assertTrue(site.asNormalizedText().contains("Mine"));
            assertFalse(site.asNormalizedText().contains("Other"));
            assertEquals(
                    404,
                    pa.openRaw("/sites/" + siteId + "/projects/" + other)
                            .getWebResponse()
                            .getStatusCode());
            HtmlPage changed = pa.fill(
                    pa.open("/sites/" + siteId + "/projects/" + mine),
                    "/projects/" + mine,
                    Map.of("name", "Mine, renamed"));
            assertTrue(changed.asNormalizedText().contains("Project MINE was saved."));
            var csrf = pa.csrfToken();
            assertEquals(
                    403,
                    pa.post("/sites/" + siteId + "/name", Map.of(csrf.getKey(), csrf.getValue(), "name", "x"))
                            .getWebResponse()
                            .getStatusCode());
        }
    }

    @Test
    void postsWithoutOrWithAWrongCsrfTokenAreRefusedAndChangeNothing() throws Exception {
        Portal portal = portal();
        try (Browser operator = portal.operator()) {
            String noToken = Portal.unique("No token ");
            assertEquals(
                    403,
                    operator.post("/sites", Map.of("name", noToken))
                            .getWebResponse()
                            .getStatusCode());
            var csrf = operator.csrfToken();
            String wrongToken = Portal.unique("Wrong token ");
            assertEquals(
                    403,
                    operator.post("/sites", Map.of(csrf.getKey(), csrf.getValue() + "x", "name", wrongToken))
                            .getWebResponse()
                            .getStatusCode());
            try (Connection c = TestDatabase.connect()) {
                assertEquals(
                        "0",
                        single(
                                c,
                                "select count(*) from site where name like 'No token %' or name like 'Wrong token %'",
                                null));
            }
            String right = Portal.unique("Right token ");
            assertEquals(
                    200,
                    operator.post("/sites", Map.of(csrf.getKey(), csrf.getValue(), "name", right))
                            .getWebResponse()
                            .getStatusCode(),
                    "the same request with the session's token works");
        }
        try (Browser stranger = portal.browser()) {
            HtmlPage login = stranger.open("/login");
            assertEquals(
                    403,
                    stranger.post("/login", Map.of("username", "admin", "password", Portal.OPERATOR_PASSWORD))
                            .getWebResponse()
                            .getStatusCode(),
                    "even the login form needs its token");
            assertNotNull(login);
        }
    }

    @Test
    void loginsRoleChangesAndSiteChangesAreAuditedAndTheChainVerifies() throws Exception {
        Portal portal = portal();
        try (Browser browser = portal.browser()) {
            HtmlPage failed = browser.signIn("nobody-" + Portal.unique("x"), "Wrong-Passw0rd-123");
            assertEquals(401, failed.getWebResponse().getStatusCode());
            assertTrue(failed.asNormalizedText().contains("Wrong username or password"));
        }
        String member = portal.account("member");
        long siteId = portal.site(Portal.unique("Chained "));
        portal.grant(siteId, member, "AUDITOR", null);
        try (Browser operator = portal.operator()) {
            HtmlPage roles = operator.open("/sites/" + siteId + "/roles");
            assertFalse(roles.asNormalizedText().contains("portal:"), "who gave a role is named by name");
            HtmlPage confirm = operator.open(roles.getAnchors().stream()
                    .filter(a -> a.getHrefAttribute().endsWith("/remove"))
                    .findFirst()
                    .orElseThrow()
                    .getHrefAttribute());
            assertTrue(
                    confirm.asNormalizedText().contains("will no longer be Auditor"), "removal asks for confirmation");
            HtmlPage removed = operator.fill(confirm, "/remove", Map.of());
            assertTrue(removed.asNormalizedText().contains("The role of " + member + " was removed."));

            Map<String, String> events = Map.of(
                    "LOGIN_FAILED",
                    "Sign-in failed",
                    "LOGIN_SUCCEEDED",
                    "Signed in",
                    "ACCOUNT_CREATED",
                    "Account created",
                    "PASSWORD_CHANGED",
                    "Password changed",
                    "SITE_CREATED",
                    "Site created",
                    "ROLE_ASSIGNED",
                    "Role assigned",
                    "ROLE_REMOVED",
                    "Role removed");
            events.forEach((action, label) -> {
                HtmlPage filtered = operator.open("/audit?action=" + action);
                assertTrue(filtered.asNormalizedText().contains(label), "history shows " + label);
                assertTrue(
                        filtered.querySelectorAll("td[data-action]").stream()
                                .allMatch(cell -> action.equals(
                                        ((org.htmlunit.html.HtmlElement) cell).getAttribute("data-action"))),
                        "the filter shows only " + action);
            });
            HtmlPage verified = operator.open("/audit/verify");
            assertTrue(
                    verified.getElementById("verify-result").asNormalizedText().startsWith("The chain is intact"),
                    verified.asNormalizedText());

            Page csv = operator.openRaw("/audit/export.csv?site=" + siteId);
            assertEquals(
                    200,
                    csv.getWebResponse().getStatusCode(),
                    csv.getWebResponse().getContentAsString());
            assertTrue(
                    csv.getWebResponse().getContentType().startsWith("text/csv"),
                    csv.getWebResponse().getContentType());
            String body = csv.getWebResponse().getContentAsString();
            assertTrue(body.startsWith("seq,occurred_at_utc,actor,action"), body);
            assertTrue(body.contains("ROLE_REMOVED") && body.contains("SITE_CREATED"), body);
            assertFalse(body.contains("LOGIN_FAILED"), "the site filter keeps other records out");
        }
        try (Browser auditorFormer = portal.signedIn(member)) {
            assertEquals(
                    404,
                    auditorFormer.openRaw("/sites/" + siteId).getWebResponse().getStatusCode(),
                    "a removed role takes effect at once");
        }
    }

    @Test
    void healthReportsTheDatabase() {
        try (Browser browser = portal().browser()) {
            for (String path : new String[] {"/health/ready", "/health/live"}) {
                Page page = browser.openRaw(path);
                assertEquals(200, page.getWebResponse().getStatusCode());
                String json = page.getWebResponse().getContentAsString();
                assertTrue(json.contains("\"status\":\"UP\""), json);
                assertTrue(json.toLowerCase().contains(TestDatabase.kind().equals("mariadb") ? "mariadb" : "h2"), json);
            }
        }
    }

    @Test
    void badInputGetsAClearMessageAndChangesNothing() throws Exception {
        Portal portal = portal();
        try (Browser operator = portal.operator()) {
            HtmlPage empty = operator.fill(operator.open("/sites/new"), "/sites", Map.of("name", "   "));
            assertEquals(400, empty.getWebResponse().getStatusCode());
            assertTrue(empty.asNormalizedText().contains("Give the site a name of 1 to 120 characters."));
            String name = Portal.unique("Duplicate ");
            portal.site(name);
            HtmlPage duplicate =
                    operator.fill(operator.open("/sites/new"), "/sites", Map.of("name", name.toUpperCase()));
            assertEquals(400, duplicate.getWebResponse().getStatusCode());
            assertTrue(duplicate.asNormalizedText().contains("already exists"));
            HtmlPage weak = operator.fill(
                    operator.open("/accounts/new"),
                    "/accounts",
                    Map.of("username", "weak-" + System.nanoTime() % 1000, "displayName", "Weak", "password", "short"));
            assertEquals(400, weak.getWebResponse().getStatusCode());
            assertTrue(weak.asNormalizedText().contains("at least 12 characters"));
            // A name where an id belongs is bad input (issue 11): 400 and the error page, not "Not found".
            assertEquals(
                    400,
                    operator.openRaw("/sites/not-a-number").getWebResponse().getStatusCode());
        }
        try (Connection c = TestDatabase.connect()) {
            assertEquals("0", single(c, "select count(*) from account where username like 'weak-%'", null));
        }
    }

    private static String single(Connection c, String sql, Object parameter) throws Exception {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            if (parameter != null) {
                s.setObject(1, parameter);
            }
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getString(1);
            }
        }
    }
}
