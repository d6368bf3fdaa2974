package io.tenantlink.it;

import static io.tenantlink.it.ConnectIT.assertAudited;
import static io.tenantlink.it.ConnectIT.click;
import static io.tenantlink.it.ConnectIT.connect;
import static io.tenantlink.it.ConnectIT.connectionId;
import static io.tenantlink.it.ConnectIT.form;
import static io.tenantlink.it.ConnectIT.press;
import static io.tenantlink.it.ConnectIT.siteAdmin;
import static io.tenantlink.it.ConnectIT.status;
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
import org.htmlunit.html.HtmlElement;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.html.HtmlRadioButtonInput;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * People mapped to Microsoft users over HTTP against the stand-in: a full sync from Sync now, counts and reasons on
 * the page, a user added and one disabled in the stand-in then a delta sync, an override (confirmed, audited) that
 * needs attention when its user is disabled, a 410 after a stand-in reset leading to a full resync, the ChatOps app
 * without User.Read.All, and an auditor who reads but may not act.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class MappingIT {

    static final String CONTOSO = SandboxBrowser.CONTOSO;
    static final String CONTOSO_ADMIN = "megan.admin@contoso.example";
    static final String MEGAN = "b1e2c3d4-0001-4a5b-8c6d-7e8f9a0b1c01";
    static final String ALEX = "b1e2c3d4-0002-4a5b-8c6d-7e8f9a0b1c02";
    static final String ADELE = "b1e2c3d4-0003-4a5b-8c6d-7e8f9a0b1c03";
    static final String LEE = "b1e2c3d4-0004-4a5b-8c6d-7e8f9a0b1c04";
    static final String NEW_USER = "b1e2c3d4-00ab-4a5b-8c6d-7e8f9a0b1cab";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return PortalDeployment.sharedPortal();
    }

    @ArquillianResource
    URL base;

    @Test
    void syncMapsPeopleDeltaChangesOutcomesOverrideAndResyncAfter410() throws Exception {
        Portal portal = new Portal(base);
        long site = portal.site(Portal.unique("Mapping desk "));
        String admin = siteAdmin(portal, site);
        String auditor = portal.account("mapaud");
        portal.grant(site, auditor, "AUDITOR", null);
        try (GraphSandboxClient sandbox = new GraphSandboxClient(base);
                Browser browser = portal.signedIn(admin)) {
            String mapping = "/sites/" + site + "/people/mapping";

            // No tenant yet: the empty state, linked from the People page.
            HtmlPage peoplePage = browser.open("/sites/" + site + "/people");
            assertNotNull(peoplePage.getElementById("people-mapping"), "the People page links to the mapping page");
            HtmlPage none = browser.open(mapping);
            assertEquals(200, none.getWebResponse().getStatusCode());
            assertNotNull(none.getElementById("mapping-no-tenant"), none.asNormalizedText());

            HtmlPage waiting = connect(browser, browser.open("/sites/" + site + "/chat-tools"), CONTOSO_ADMIN);
            press((HtmlPage) click(form(waiting, "/give-permission")), "accept");
            long connection = connectionId(site, CONTOSO);
            assertEquals("ACTIVE", status(connection));
            assertNotNull(browser.open(mapping).getElementById("mapping-no-people"), "tenant but no people");

            long lee = addPerson(browser, site, "Lee Gu", "Lee@Contoso.example", "");
            long adele = addPerson(browser, site, "Adele Vance", "someone@elsewhere.example", "AV@contoso.example");
            long guest = addPerson(browser, site, "Fabrikam Guest", "guest@fabrikam.example", "");
            long nobody = addPerson(browser, site, "Nobody Known", "nobody@contoso.example", "");
            long twice = addPerson(
                    browser, site, "Two Accounts", "megan.admin@contoso.example", "alex.teams@contoso.example");
            long responder = addPerson(browser, site, "New Responder", "oncall@contoso.example", "");

            HtmlPage before = browser.open(mapping);
            HtmlElement tenant = tenant(before, connection);
            assertEquals("6", cell(tenant, "count-not-synced"), tenant.asNormalizedText());
            assertTrue(tenant.asNormalizedText().contains("have not been read yet"), tenant.asNormalizedText());

            // Sync now: a full round (no deltaLink yet).
            HtmlPage synced = sync(browser, before, connection);
            assertTrue(synced.asNormalizedText().contains("were read"), synced.asNormalizedText());
            tenant = tenant(synced, connection);
            assertEquals("2", cell(tenant, "count-mapped"), tenant.asNormalizedText());
            assertEquals("3", cell(tenant, "count-unmatched"), tenant.asNormalizedText());
            assertEquals("1", cell(tenant, "count-ambiguous"), tenant.asNormalizedText());
            assertEquals("0", cell(tenant, "count-not-synced"), tenant.asNormalizedText());
            assertEquals("6", cell(tenant, "count-directory"), tenant.asNormalizedText());
            assertEquals(List.of("MAPPED", LEE), mapped(connection, lee));
            assertEquals(List.of("MAPPED", ADELE), mapped(connection, adele), "an smtp: proxy address");
            assertTrue(reason(tenant, guest).contains("Only a guest account"), reason(tenant, guest));
            assertTrue(reason(tenant, nobody).contains("No user of this tenant"), reason(tenant, nobody));
            assertTrue(reason(tenant, twice).contains("does not guess"), reason(tenant, twice));
            assertTrue(reason(tenant, twice).contains("Megan Bowen")
                    && reason(tenant, twice).contains("Alex Wilber"));
            assertEquals(List.of("AMBIGUOUS", ""), mapped(connection, twice));
            assertEquals(List.of("true", "DONE"), lastRun(connection));
            assertEquals(2, requests(connection), "six users in pages of four (the tests' page size)");
            assertNotNull(deltaLink(connection), "the deltaLink is kept");
            assertAudited(site, "DIRECTORY_SYNCED", "full sync: DONE");

            // The stand-in: a new user with the responder's address as a proxy address, and Lee disabled.
            Map<String, Object> user = new LinkedHashMap<>();
            user.put("id", NEW_USER);
            user.put("userPrincipalName", "new.responder@contoso.example");
            user.put("displayName", "New Responder");
            user.put("mail", "new.responder@contoso.example");
            user.put("proxyAddresses", List.of("SMTP:new.responder@contoso.example", "smtp:OnCall@contoso.example"));
            HttpResponse<String> added =
                    sandbox.control("POST", "tenants/contoso.example/users", JSONObjectUtils.toJSONString(user));
            assertEquals(200, added.statusCode(), added.body());
            assertEquals(
                    200,
                    sandbox.control("POST", "tenants/" + CONTOSO + "/users/" + LEE + "/disable", null)
                            .statusCode());

            HtmlPage delta = sync(browser, browser.open(mapping), connection);
            tenant = tenant(delta, connection);
            assertEquals(List.of("false", "DONE"), lastRun(connection), "a delta sync");
            assertEquals(List.of("MAPPED", NEW_USER), mapped(connection, responder));
            assertEquals(List.of("UNMATCHED", ""), mapped(connection, lee));
            assertTrue(reason(tenant, lee).contains("Only a disabled account"), reason(tenant, lee));
            assertEquals(2, usersChanged(connection), "only the two changed users were read");

            // Override: Nobody Known is mapped to Adele Vance by the site admin (search, confirm, audited).
            HtmlPage choose = browser.open(mapping + "/" + connection + "/people/" + nobody + "?q=vance");
            HtmlForm chooseForm = form(choose, "/override");
            assertNotNull(chooseForm, choose.asNormalizedText());
            Trail.assertPaths(
                    choose, "Nobody Known", "/sites", "/sites/" + site, "/sites/" + site + "/people", mapping);
            HtmlRadioButtonInput adeleChoice = (HtmlRadioButtonInput)
                    chooseForm.getFirstByXPath(".//input[@name='objectId' and @value='" + ADELE + "']");
            adeleChoice.setChecked(true);
            HtmlPage confirm = (HtmlPage) click(chooseForm);
            assertTrue(confirm.asNormalizedText().contains("Map this person?"), confirm.asNormalizedText());
            assertEquals(List.of("UNMATCHED", ""), mapped(connection, nobody), "nothing before the confirmation");
            HtmlPage overridden = (HtmlPage) click(form(confirm, "/override"));
            assertTrue(
                    overridden.asNormalizedText().contains("is now mapped to Adele Vance"),
                    overridden.asNormalizedText());
            assertEquals(List.of("OVERRIDE", ADELE), mapped(connection, nobody));
            assertEquals("1", cell(tenant(overridden, connection), "count-overridden"));
            assertFalse(
                    overridden.asNormalizedText().contains("portal:"),
                    "who chose the user is named by name, not by the internal actor id");
            Trail.assertPaths(
                    overridden, "People and Microsoft users", "/sites", "/sites/" + site, "/sites/" + site + "/people");
            assertAudited(site, "PERSON_MAPPING_OVERRIDDEN", "Adele Vance");

            // The chosen user is disabled: the override survives the sync but needs attention.
            assertEquals(
                    200,
                    sandbox.control("POST", "tenants/" + CONTOSO + "/users/" + ADELE + "/disable", null)
                            .statusCode());
            tenant = tenant(sync(browser, browser.open(mapping), connection), connection);
            assertEquals(List.of("OVERRIDE", ""), mapped(connection, nobody));
            assertTrue(reason(tenant, nobody).contains("Needs attention"), reason(tenant, nobody));
            assertEquals(
                    200,
                    sandbox.control("POST", "tenants/" + CONTOSO + "/users/" + ADELE + "/enable", null)
                            .statusCode());
            sync(browser, browser.open(mapping), connection);
            assertEquals(List.of("OVERRIDE", ADELE), mapped(connection, nobody), "back once enabled again");

            // Clear the override (confirmation, audited): automatic matching decides again.
            HtmlPage clear = browser.open(mapping + "/" + connection + "/people/" + nobody + "/clear");
            HtmlPage cleared = (HtmlPage) click(form(clear, "/clear"));
            assertTrue(cleared.asNormalizedText().contains("was cleared"), cleared.asNormalizedText());
            assertEquals(List.of("UNMATCHED", ""), mapped(connection, nobody));
            assertAudited(site, "PERSON_MAPPING_OVERRIDE_CLEARED", "Nobody Known");

            // A person changed by a site admin is matched again at once.
            HtmlPage edit = browser.open("/sites/" + site + "/people/" + nobody);
            browser.fill(
                    edit,
                    "/sites/" + site + "/people/" + nobody,
                    Map.of(
                            "name",
                            "Nobody Known",
                            "email",
                            "nobody@contoso.example",
                            "alternativeEmails",
                            "Adele@Contoso-Old.example"));
            assertEquals(List.of("MAPPED", ADELE), mapped(connection, nobody), "otherMails, on change");

            // The auditor reads the page but has no Sync now, and a forged one is refused.
            try (Browser audit = portal.signedIn(auditor)) {
                HtmlPage read = audit.open(mapping);
                assertEquals(200, read.getWebResponse().getStatusCode());
                assertNull(form(read, "/sync"), "no Sync now for an auditor");
                var csrf = audit.csrfToken();
                assertEquals(
                        403,
                        audit.post(mapping + "/" + connection + "/sync", Map.of(csrf.getKey(), csrf.getValue()))
                                .getWebResponse()
                                .getStatusCode());
            }

            // A stand-in reset: its delta tokens answer 410, the portal reads every user again in the same run.
            assertEquals(200, sandbox.control("reset", true).statusCode());
            sandbox.adminConsent(CONTOSO, GraphSandboxClient.CHATOPS, CONTOSO_ADMIN);
            HtmlPage resynced = sync(browser, browser.open(mapping), connection);
            assertTrue(resynced.asNormalizedText().contains("every user was read again"), resynced.asNormalizedText());
            assertEquals(List.of("true", "RESYNCED"), lastRun(connection));
            assertEquals(List.of("MAPPED", LEE), mapped(connection, lee), "Lee is enabled again in the file");
            assertEquals(List.of("UNMATCHED", ""), mapped(connection, responder), "the added user is gone");
            assertEquals("6", cell(tenant(resynced, connection), "count-directory"));

            // The ChatOps app without User.Read.All: a clear state, audited, nothing changed.
            revokeChatOpsApplicationPermissions(sandbox);
            TestDatabase.forgetMicrosoftTokens();
            HtmlPage refused = sync(browser, browser.open(mapping), connection);
            assertNotNull(refused.getElementById("permission-missing"), refused.asNormalizedText());
            assertTrue(refused.asNormalizedText().contains("lacks User.Read.All"), refused.asNormalizedText());
            assertEquals(List.of("false", "PERMISSION_MISSING"), lastRun(connection));
            assertEquals(List.of("MAPPED", LEE), mapped(connection, lee), "nothing changed");
            assertAudited(site, "DIRECTORY_SYNCED", "PERMISSION_MISSING");
        } finally {
            try (GraphSandboxClient sandbox = new GraphSandboxClient(base)) {
                sandbox.control("reset", true);
            }
        }
    }

    // --- helpers ------------------------------------------------------------------------------------------------

    private static long addPerson(Browser browser, long site, String name, String email, String alternatives)
            throws Exception {
        HtmlPage added = browser.fill(
                browser.open("/sites/" + site + "/people/new"),
                "/sites/" + site + "/people",
                Map.of("name", name, "email", email, "alternativeEmails", alternatives));
        assertEquals(200, added.getWebResponse().getStatusCode(), added.asNormalizedText());
        return Long.parseLong(
                query("SELECT id FROM person WHERE site_id = ? AND email_key = '" + email.toLowerCase() + "'", site));
    }

    private static HtmlPage sync(Browser browser, HtmlPage page, long connection) throws Exception {
        HtmlPage after = (HtmlPage) click(form(page, "/" + connection + "/sync"));
        assertEquals(200, after.getWebResponse().getStatusCode(), after.asNormalizedText());
        return after;
    }

    private static HtmlElement tenant(HtmlPage page, long connection) {
        HtmlElement tenant = (HtmlElement) page.getElementById("tenant-" + connection);
        assertNotNull(tenant, page.asNormalizedText());
        return tenant;
    }

    private static String cell(HtmlElement tenant, String cls) {
        HtmlElement td = tenant.getFirstByXPath(".//td[@class='" + cls + "']");
        assertNotNull(td, cls + " in " + tenant.asNormalizedText());
        return td.asNormalizedText();
    }

    private static String reason(HtmlElement tenant, long person) {
        HtmlElement row = tenant.getFirstByXPath(
                ".//table[contains(@class,'needing-action')]//tr[@data-person='" + person + "']");
        return row == null ? "(not listed)" : row.asNormalizedText();
    }

    private static List<String> mapped(long connection, long person) throws Exception {
        try (Connection db = TestDatabase.connect();
                PreparedStatement q = db.prepareStatement(
                        "SELECT outcome, object_id FROM person_mapping WHERE connection_id = ? AND person_id = ?")) {
            q.setLong(1, connection);
            q.setLong(2, person);
            try (ResultSet rs = q.executeQuery()) {
                assertTrue(rs.next(), "no mapping row for person " + person);
                return List.of(rs.getString(1), rs.getString(2) == null ? "" : rs.getString(2));
            }
        }
    }

    private static List<String> lastRun(long connection) throws Exception {
        try (Connection db = TestDatabase.connect();
                PreparedStatement q = db.prepareStatement(
                        "SELECT full_sync, outcome FROM directory_sync_run WHERE connection_id = ? ORDER BY id DESC")) {
            q.setLong(1, connection);
            try (ResultSet rs = q.executeQuery()) {
                assertTrue(rs.next());
                return List.of(Boolean.toString(rs.getBoolean(1)), rs.getString(2));
            }
        }
    }

    private static int usersChanged(long connection) throws Exception {
        return Integer.parseInt(query(
                "SELECT users_changed FROM directory_sync_run WHERE connection_id = ? ORDER BY id DESC", connection));
    }

    private static int requests(long connection) throws Exception {
        return Integer.parseInt(
                query("SELECT requests FROM directory_sync_run WHERE connection_id = ? ORDER BY id DESC", connection));
    }

    private static String deltaLink(long connection) throws Exception {
        return query("SELECT delta_link FROM directory_sync_state WHERE connection_id = ?", connection);
    }

    private static String query(String sql, long id) throws Exception {
        try (Connection db = TestDatabase.connect();
                PreparedStatement q = db.prepareStatement(sql)) {
            q.setLong(1, id);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** Every application permission of ChatOps removed in Contoso (through Graph, as the tenant's admin would). */
    static void revokeChatOpsApplicationPermissions(GraphSandboxClient graph) throws Exception {
        graph.adminConsent(CONTOSO, ConsentDoctorIT.MANAGEMENT, CONTOSO_ADMIN);
        String token = graph.appToken(CONTOSO, ConsentDoctorIT.MANAGEMENT);
        String chatOps = ConsentDoctorIT.servicePrincipalId(graph, token, SandboxBrowser.CHATOPS);
        String graphSp = ConsentDoctorIT.servicePrincipalId(graph, token, ConsentDoctorIT.GRAPH_APP_ID);
        int removed = 0;
        for (Map<String, Object> assignment : ConsentDoctorIT.values(
                graph.graph("GET", "/servicePrincipals/" + graphSp + "/appRoleAssignedTo", token, null))) {
            if (chatOps.equals(assignment.get("principalId"))) {
                assertEquals(
                        204,
                        graph.graph(
                                        "DELETE",
                                        "/servicePrincipals/" + graphSp + "/appRoleAssignedTo/" + assignment.get("id"),
                                        token,
                                        null)
                                .statusCode());
                removed++;
            }
        }
        assertTrue(removed > 0);
    }
}
