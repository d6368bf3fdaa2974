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
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.htmlunit.html.HtmlAnchor;
import org.htmlunit.html.HtmlCheckBoxInput;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlOption;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.html.HtmlRadioButtonInput;
import org.htmlunit.html.HtmlSelect;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Project settings › Operations › Incident management › Communication preferences, through the
 * pages. Tenant connections are written straight into tenant_connection (in the states the connect
 * flow leaves them), since connecting through Microsoft is not what is tested here.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class CommunicationPreferencesIT {

    private static final String PAGE = "/settings/incident-management";
    private static final LocalDateTime T0 = LocalDateTime.of(2026, 1, 1, 9, 0);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return PortalDeployment.sharedPortal();
    }

    @ArquillianResource
    URL base;

    private Portal portal() {
        return new Portal(base);
    }

    /** A fresh site with its own site admin. */
    private record Site(long id, String admin) {
        String project(long projectId) {
            return "/sites/" + id + "/projects/" + projectId;
        }
    }

    private Site site(Portal portal, String name) {
        String admin = portal.account("sa");
        long siteId = portal.site(Portal.unique(name + " "));
        portal.grant(siteId, admin, "SITE_ADMIN", null);
        return new Site(siteId, admin);
    }

    // --- the tests -------------------------------------------------------------------------------

    @Test
    void theSwitchIsShownOnlyForIncidentsProjectsAndLinkedFromTheProjectPage() throws Exception {
        Portal portal = portal();
        Site site = site(portal, "Linked");
        insertConnection(site.id(), "Contoso", "ACTIVE", 1);
        try (Browser sa = portal.signedIn(site.admin())) {
            long incidents = portal.project(sa, site.id(), "Major incidents", "INC");
            long requests = projectWithoutIncidents(sa, site.id(), "Requests only", "REQ");

            HtmlPage project = sa.open(site.project(incidents));
            HtmlAnchor link = project.getHtmlElementById("incident-management");
            assertEquals("Project settings › Operations › Incident management", link.asNormalizedText());
            HtmlPage page = link.click();
            assertEquals(200, page.getWebResponse().getStatusCode());
            assertTrue(
                    page.getUrl().getPath().endsWith(site.project(incidents) + PAGE),
                    page.getUrl().toString());
            String text = page.asNormalizedText();
            assertTrue(text.contains("Communication preferences"), text);
            assertTrue(radio(page, "teams-on").isChecked(), "on by default once the site has an active tenant");
            assertFalse(radio(page, "teams-on").isDisabled());
            assertEquals("On", labelOf(page, "teams-on"));
            assertEquals("Off", labelOf(page, "teams-off"));
            assertTrue(
                    page.getHtmlElementById("teams-status").asNormalizedText().contains("in the tenant Contoso"), text);
            assertNull(page.getElementById("connectionId"), "one active tenant: nothing to choose");

            HtmlPage other = sa.open(site.project(requests) + PAGE);
            assertEquals(200, other.getWebResponse().getStatusCode());
            assertTrue(
                    other.getHtmlElementById("teams-needs-incidents")
                            .asNormalizedText()
                            .contains("the Incidents work category must be enabled"),
                    other.asNormalizedText());
            assertNull(other.getElementById("teams-form"));
            assertNull(other.getElementById("teams-on"));
            assertTrue(
                    other.getForms().stream()
                            .noneMatch(f -> f.getActionAttribute().endsWith(PAGE)),
                    "no form at all");

            var csrf = sa.csrfToken();
            HtmlPage refused = (HtmlPage) sa.post(
                    site.project(requests) + PAGE, Map.of(csrf.getKey(), csrf.getValue(), "teamsEnabled", "true"));
            assertEquals(400, refused.getWebResponse().getStatusCode());
            assertTrue(
                    refused.asNormalizedText().contains("need the Incidents work category"),
                    refused.asNormalizedText());
        }
        try (Connection c = TestDatabase.connect()) {
            assertEquals(
                    "0",
                    single(
                            c,
                            "select count(*) from project_teams_preference p join service_project s on s.id = p.project_id"
                                    + " where s.site_id = ?",
                            site.id()));
        }
    }

    @Test
    void projectAdminSwitchesTeamsOffAndOnAndEveryChangeIsAudited() throws Exception {
        Portal portal = portal();
        Site site = site(portal, "Toggled");
        long connection = insertConnection(site.id(), "Contoso", "ACTIVE", 1);
        String tenant = tenantOf(connection);
        long projectId;
        try (Browser sa = portal.signedIn(site.admin())) {
            projectId = portal.project(sa, site.id(), "Ops", "OPS");
        }
        String padmin = portal.account("padmin");
        portal.grant(site.id(), padmin, "PROJECT_ADMIN", Long.toString(projectId));

        try (Browser pa = portal.signedIn(padmin)) {
            HtmlPage page = pa.open(site.project(projectId) + PAGE);
            assertEquals(200, page.getWebResponse().getStatusCode());
            assertTrue(radio(page, "teams-on").isChecked());

            HtmlPage off = save(pa, page, false, null);
            assertEquals(200, off.getWebResponse().getStatusCode());
            assertTrue(
                    off.asNormalizedText().contains("The communication preferences of project OPS were saved."),
                    off.asNormalizedText());
            assertTrue(radio(off, "teams-off").isChecked());
            assertTrue(off.getHtmlElementById("teams-status")
                    .asNormalizedText()
                    .contains("switched off for this project"));
            assertEquals(List.of("false", Long.toString(connection), "portal:" + padmin), preference(projectId));

            HtmlPage again = save(pa, off, false, null);
            assertTrue(again.asNormalizedText().contains("Nothing was changed"), again.asNormalizedText());

            HtmlPage on = save(pa, again, true, null);
            assertTrue(radio(on, "teams-on").isChecked());
            assertTrue(on.getHtmlElementById("teams-status").asNormalizedText().contains("in the tenant Contoso"));
            assertEquals(List.of("true", Long.toString(connection), "portal:" + padmin), preference(projectId));
        }
        try (Connection c = TestDatabase.connect()) {
            List<List<String>> audited = rows(
                    c,
                    "select actor, site_id, tenant_id, subject, detail, outcome from audit_record"
                            + " where action = 'PROJECT_TEAMS_CHANGED' and site_id = ? order by seq",
                    site.id(),
                    6);
            String actor = "portal:" + padmin;
            String contoso = "tenant Contoso [" + tenant + "]";
            assertEquals(
                    List.of(
                            List.of(
                                    actor,
                                    Long.toString(site.id()),
                                    tenant,
                                    "project OPS",
                                    "Microsoft Teams site default: on, " + contoso + " -> off, " + contoso,
                                    "SUCCESS"),
                            List.of(
                                    actor,
                                    Long.toString(site.id()),
                                    tenant,
                                    "project OPS",
                                    "Microsoft Teams off, " + contoso + " -> on, " + contoso,
                                    "SUCCESS")),
                    audited,
                    "one record per change, none for the unchanged save");
        }
        try (Browser sa = portal.signedIn(site.admin())) {
            HtmlPage history = sa.open("/audit?site=" + site.id() + "&action=PROJECT_TEAMS_CHANGED");
            assertTrue(
                    history.asNormalizedText().contains("Project Microsoft Teams preference changed"),
                    history.asNormalizedText());
        }
    }

    @Test
    void auditorsAndOperatorsReadOnlyAndTheirPostsAreRefusedAndAudited() throws Exception {
        Portal portal = portal();
        Site site = site(portal, "Watched");
        insertConnection(site.id(), "Contoso", "ACTIVE", 1);
        String auditor = portal.account("auditor");
        portal.grant(site.id(), auditor, "AUDITOR", null);
        long projectId;
        try (Browser sa = portal.signedIn(site.admin())) {
            projectId = portal.project(sa, site.id(), "Watched desk", "WD");
        }
        String path = site.project(projectId) + PAGE;

        try (Browser a = portal.signedIn(auditor)) {
            HtmlPage page = a.open(path);
            assertEquals(200, page.getWebResponse().getStatusCode());
            assertTrue(radio(page, "teams-on").isChecked());
            assertTrue(
                    radio(page, "teams-on").isDisabled()
                            && radio(page, "teams-off").isDisabled(),
                    "read-only switch");
            assertNull(page.getFirstByXPath("//form[@id='teams-form']//button[@type='submit']"), "no save button");
            assertTrue(page.asNormalizedText().contains("You can read this page but not change it."));
            assertNull(page.getElementById("teams-manage"), "the chat tools link is for site admins");

            var csrf = a.csrfToken();
            assertEquals(
                    403,
                    a.post(path, Map.of(csrf.getKey(), csrf.getValue(), "teamsEnabled", "false"))
                            .getWebResponse()
                            .getStatusCode());
        }
        try (Browser operator = portal.operator()) {
            HtmlPage page = operator.open(path);
            assertEquals(200, page.getWebResponse().getStatusCode());
            assertTrue(radio(page, "teams-off").isDisabled());
            var csrf = operator.csrfToken();
            assertEquals(
                    403,
                    operator.post(path, Map.of(csrf.getKey(), csrf.getValue(), "teamsEnabled", "false"))
                            .getWebResponse()
                            .getStatusCode());
        }
        try (Connection c = TestDatabase.connect()) {
            assertEquals(
                    "0", single(c, "select count(*) from project_teams_preference where project_id = ?", projectId));
            assertEquals(
                    "0",
                    single(
                            c,
                            "select count(*) from audit_record where action = 'PROJECT_TEAMS_CHANGED' and site_id = ?",
                            site.id()));
            for (String actor : List.of("portal:" + auditor, "portal:" + Portal.OPERATOR)) {
                assertEquals(
                        "1",
                        single(
                                c,
                                "select count(*) from audit_record where action = 'ACCESS_REFUSED' and site_id = "
                                        + site.id() + " and subject = 'project " + projectId
                                        + "' and detail = 'EDIT_PROJECT' and actor = ?",
                                actor),
                        actor);
            }
        }
    }

    @Test
    void badInputIsRefusedWithAClearMessageAndChangesNothing() throws Exception {
        Portal portal = portal();
        Site site = site(portal, "Strict");
        Site other = site(portal, "Elsewhere");
        insertConnection(site.id(), "Contoso", "ACTIVE", 1);
        insertConnection(site.id(), "Fabrikam", "ACTIVE", 2);
        long gone = insertConnection(site.id(), "Gone", "DISCONNECTED", 3);
        long waiting = insertConnection(site.id(), "Waiting", "PERMISSION_REQUIRED", null);
        long foreign = insertConnection(other.id(), "Foreign", "ACTIVE", 1);
        long projectId;
        try (Browser sa = portal.signedIn(site.admin())) {
            projectId = portal.project(sa, site.id(), "Strict desk", "SD");
            String path = site.project(projectId) + PAGE;
            var csrf = sa.csrfToken();
            Map<String, Map<String, String>> attempts = new LinkedHashMap<>();
            attempts.put(
                    "another site's connection",
                    Map.of("teamsEnabled", "true", "connectionId", Long.toString(foreign)));
            attempts.put(
                    "a disconnected connection", Map.of("teamsEnabled", "true", "connectionId", Long.toString(gone)));
            attempts.put(
                    "a connection waiting for permission",
                    Map.of("teamsEnabled", "false", "connectionId", Long.toString(waiting)));
            attempts.put("an unknown connection", Map.of("teamsEnabled", "true", "connectionId", "987654321"));
            attempts.put("garbage", Map.of("teamsEnabled", "true", "connectionId", "1 OR 1=1"));
            attempts.put("a negative id", Map.of("teamsEnabled", "true", "connectionId", "-1"));
            attempts.put("no switch", Map.of("connectionId", ""));
            attempts.put("a made-up switch", Map.of("teamsEnabled", "maybe"));
            attempts.forEach((what, fields) -> {
                Map<String, String> posted = new LinkedHashMap<>(fields);
                posted.put(csrf.getKey(), csrf.getValue());
                HtmlPage answer = (HtmlPage) sa.post(path, posted);
                assertEquals(400, answer.getWebResponse().getStatusCode(), what);
                String body = answer.asNormalizedText();
                String expected = what.contains("switch")
                        ? "Choose On or Off for Microsoft Teams. Nothing was changed."
                        : "Choose one of this site’s active Microsoft tenants. Nothing was changed.";
                assertTrue(body.contains(expected), what + ": " + body);
                assertNotNull(answer.getElementById("teams-form"), what + ": the form is shown again");
            });
        }
        try (Connection c = TestDatabase.connect()) {
            assertEquals(
                    "0", single(c, "select count(*) from project_teams_preference where project_id = ?", projectId));
            assertEquals(
                    "0",
                    single(
                            c,
                            "select count(*) from audit_record where action = 'PROJECT_TEAMS_CHANGED' and site_id = ?",
                            site.id()));
        }
    }

    @Test
    void aTenantThatStopsWorkingMakesTheSwitchUnavailableAndIsNeverReplacedSilently() throws Exception {
        Portal portal = portal();
        Site site = site(portal, "Fragile");
        long contoso = insertConnection(site.id(), "Contoso", "ACTIVE", 1);
        long projectId;
        try (Browser sa = portal.signedIn(site.admin())) {
            projectId = portal.project(sa, site.id(), "Fragile desk", "FD");
        }
        String padmin = portal.account("padmin");
        portal.grant(site.id(), padmin, "PROJECT_ADMIN", Long.toString(projectId));
        String path = site.project(projectId) + PAGE;

        try (Browser pa = portal.signedIn(padmin)) {
            HtmlPage saved = save(pa, pa.open(path), true, null);
            assertTrue(saved.asNormalizedText().contains("were saved"), "saving pins the tenant in use");
        }
        long fabrikam = insertConnection(site.id(), "Fabrikam", "ACTIVE", 2);
        setStatus(contoso, "DISCONNECTED");

        try (Browser pa = portal.signedIn(padmin)) {
            HtmlPage page = pa.open(path);
            assertEquals(200, page.getWebResponse().getStatusCode());
            assertTrue(
                    radio(page, "teams-on").isDisabled()
                            && radio(page, "teams-off").isDisabled(),
                    "the switch is unavailable");
            String unavailable = page.getHtmlElementById("teams-unavailable").asNormalizedText();
            assertTrue(unavailable.contains("the Microsoft tenant this project uses is no longer active"), unavailable);
            assertTrue(unavailable.contains("Tenant: Contoso (Disconnected)"), unavailable);
            assertTrue(unavailable.contains("Ask a site admin"), unavailable);
            assertNull(page.getElementById("teams-manage"), "project admins cannot manage connections");
            assertNull(page.getElementById("teams-status"), "Teams is not available, through Fabrikam or otherwise");
            assertNotNull(
                    page.getFirstByXPath("//fieldset[contains(@aria-describedby,'teams-unavailable')]"),
                    "the switch is described by the reason");

            var csrf = pa.csrfToken();
            HtmlPage refused =
                    (HtmlPage) pa.post(path, Map.of(csrf.getKey(), csrf.getValue(), "teamsEnabled", "false"));
            assertEquals(400, refused.getWebResponse().getStatusCode());
            assertTrue(
                    refused.asNormalizedText().contains("The Microsoft Teams switch is unavailable for this project"));
            assertEquals(List.of("true", Long.toString(contoso), "portal:" + padmin), preference(projectId));

            // Moving to the other active tenant is possible, but only explicitly.
            HtmlSelect choice = page.getHtmlElementById("connectionId");
            assertEquals("Use another active tenant instead", labelOf(page, "connectionId"));
            assertEquals(List.of("Fabrikam (fabrikam.example)"), optionTexts(choice));
            HtmlPage moved = save(pa, page, null, Long.toString(fabrikam));
            assertTrue(moved.asNormalizedText().contains("were saved"), moved.asNormalizedText());
            assertFalse(radio(moved, "teams-on").isDisabled());
            assertTrue(radio(moved, "teams-on").isChecked(), "the switch stays as it was saved");
            assertTrue(
                    moved.getHtmlElementById("teams-status").asNormalizedText().contains("in the tenant Fabrikam"));
            assertEquals(List.of("true", Long.toString(fabrikam), "portal:" + padmin), preference(projectId));
        }
        setStatus(fabrikam, "NEEDS_SIGN_IN");
        try (Browser sa = portal.signedIn(site.admin())) {
            HtmlPage page = sa.open(path);
            String unavailable = page.getHtmlElementById("teams-unavailable").asNormalizedText();
            assertTrue(unavailable.contains("Tenant: Fabrikam (Needs sign-in)"), unavailable);
            HtmlAnchor manage = page.getHtmlElementById("teams-manage");
            assertEquals("/sites/" + site.id() + "/chat-tools", manage.getHrefAttribute());
            assertNull(page.getElementById("connectionId"), "no other active tenant to move to");
            assertNull(page.getFirstByXPath("//form[@id='teams-form']//button[@type='submit']"), "nothing to save");
        }
        try (Connection c = TestDatabase.connect()) {
            assertEquals(
                    "2",
                    single(
                            c,
                            "select count(*) from audit_record where action = 'PROJECT_TEAMS_CHANGED' and site_id = ?",
                            site.id()));
        }
    }

    @Test
    void aSiteWithoutAnActiveTenantShowsTheSwitchUnavailable() throws Exception {
        Portal portal = portal();
        Site site = site(portal, "Unconnected");
        insertConnection(site.id(), "Waiting", "PERMISSION_REQUIRED", null);
        try (Browser sa = portal.signedIn(site.admin())) {
            long projectId = portal.project(sa, site.id(), "Lonely desk", "LD");
            HtmlPage page = sa.open(site.project(projectId) + PAGE);
            assertEquals(200, page.getWebResponse().getStatusCode());
            assertTrue(radio(page, "teams-on").isDisabled()
                    && radio(page, "teams-off").isDisabled());
            String unavailable = page.getHtmlElementById("teams-unavailable").asNormalizedText();
            assertTrue(unavailable.contains("no Microsoft tenant is actively connected to this site"), unavailable);
            assertEquals(
                    "/sites/" + site.id() + "/chat-tools",
                    ((HtmlAnchor) page.getHtmlElementById("teams-manage")).getHrefAttribute());
            assertNull(page.getElementById("connectionId"));
            assertNull(page.getFirstByXPath("//form[@id='teams-form']//button[@type='submit']"));

            var csrf = sa.csrfToken();
            assertEquals(
                    400,
                    sa.post(
                                    site.project(projectId) + PAGE,
                                    Map.of(csrf.getKey(), csrf.getValue(), "teamsEnabled", "true"))
                            .getWebResponse()
                            .getStatusCode());
            try (Connection c = TestDatabase.connect()) {
                assertEquals(
                        "0",
                        single(c, "select count(*) from project_teams_preference where project_id = ?", projectId));
            }
        }
    }

    @Test
    void severalActiveTenantsOfferAChoiceLabelledByTenant() throws Exception {
        Portal portal = portal();
        Site site = site(portal, "Multi");
        long contoso = insertConnection(site.id(), "Contoso", "ACTIVE", 30); // created first, activated last
        long fabrikam = insertConnection(site.id(), "Fabrikam", "ACTIVE", 10);
        long unnamed = insertConnection(site.id(), null, "ACTIVE", 20);
        insertConnection(site.id(), "Waiting", "PERMISSION_REQUIRED", null);
        insertConnection(site.id(), "Gone", "DISCONNECTED", 5);
        try (Browser sa = portal.signedIn(site.admin())) {
            long projectId = portal.project(sa, site.id(), "Multi desk", "MD");
            HtmlPage page = sa.open(site.project(projectId) + PAGE);
            HtmlSelect choice = page.getHtmlElementById("connectionId");
            assertEquals("Microsoft tenant this project uses", labelOf(page, "connectionId"));
            assertEquals(
                    List.of("Fabrikam (fabrikam.example)", tenantOf(unnamed), "Contoso (contoso.example)"),
                    optionTexts(choice),
                    "active tenants only, earliest-activated first, by name or else by tenant id");
            assertEquals(
                    Long.toString(fabrikam),
                    choice.getSelectedOptions().get(0).getValueAttribute(),
                    "the default is the earliest-activated tenant");
            assertTrue(
                    page.getHtmlElementById("teams-status").asNormalizedText().contains("in the tenant Fabrikam"));

            HtmlPage chosen = save(sa, page, null, Long.toString(contoso));
            assertTrue(chosen.asNormalizedText().contains("were saved"), chosen.asNormalizedText());
            HtmlSelect after = chosen.getHtmlElementById("connectionId");
            assertEquals(
                    Long.toString(contoso), after.getSelectedOptions().get(0).getValueAttribute());
            assertTrue(
                    chosen.getHtmlElementById("teams-status").asNormalizedText().contains("in the tenant Contoso"));
            assertEquals(List.of("true", Long.toString(contoso), "portal:" + site.admin()), preference(projectId));
            try (Connection c = TestDatabase.connect()) {
                assertEquals(
                        tenantOf(contoso),
                        single(
                                c,
                                "select tenant_id from audit_record where action = 'PROJECT_TEAMS_CHANGED'"
                                        + " and site_id = ?",
                                site.id()));
                String detail = single(
                        c,
                        "select detail from audit_record where action = 'PROJECT_TEAMS_CHANGED' and site_id = ?",
                        site.id());
                assertTrue(
                        detail.contains("Fabrikam [" + tenantOf(fabrikam) + "] -> on, tenant Contoso ["
                                + tenantOf(contoso) + "]"),
                        detail);
            }
        }
    }

    // --- helpers ---------------------------------------------------------------------------------

    /** Creates a project through the form with the Incidents work category unticked. */
    private static long projectWithoutIncidents(Browser siteAdmin, long siteId, String name, String key) {
        HtmlPage page = siteAdmin.open("/sites/" + siteId + "/projects/new");
        HtmlForm form = page.getForms().stream()
                .filter(f -> f.getActionAttribute().endsWith("/sites/" + siteId + "/projects"))
                .findFirst()
                .orElseThrow();
        form.getInputByName("name").setValue(name);
        form.getInputByName("key").setValue(key);
        ((HtmlCheckBoxInput) page.getHtmlElementById("category-INCIDENTS")).setChecked(false);
        ((HtmlCheckBoxInput) page.getHtmlElementById("category-SERVICE_REQUESTS")).setChecked(true);
        HtmlPage created = siteAdmin.submit(form);
        assertEquals(200, created.getWebResponse().getStatusCode(), created.asNormalizedText());
        String path = created.getUrl().getPath();
        return Long.parseLong(path.substring(path.lastIndexOf('/') + 1));
    }

    /** Sets the switch (when given) and the tenant (when given) on the page's form and submits it. */
    private static HtmlPage save(Browser browser, HtmlPage page, Boolean on, String connectionId) {
        HtmlForm form = page.getHtmlElementById("teams-form");
        if (on != null) {
            radio(page, on ? "teams-on" : "teams-off").setChecked(true);
        }
        if (connectionId != null) {
            form.getSelectByName("connectionId").setSelectedAttribute(connectionId, true);
        }
        return browser.submit(form);
    }

    private static HtmlRadioButtonInput radio(HtmlPage page, String id) {
        return page.getHtmlElementById(id);
    }

    private static String labelOf(HtmlPage page, String id) {
        var label = page.getFirstByXPath("//label[@for='" + id + "']");
        assertNotNull(label, "no label for " + id);
        return ((org.htmlunit.html.HtmlLabel) label).asNormalizedText();
    }

    private static List<String> optionTexts(HtmlSelect select) {
        return select.getOptions().stream().map(HtmlOption::asNormalizedText).toList();
    }

    /**
     * A tenant connection row as the connect flow would leave it; {@code activatedMinute} orders
     * activations (null: never activated).
     */
    private static long insertConnection(long siteId, String name, String status, Integer activatedMinute)
            throws Exception {
        String sql =
                "INSERT INTO tenant_connection (site_id, tenant_id, tenant_name, verified_domain, status, connected_by,"
                        + " signer_object_id, signer_can_consent, created_at, signed_in_at, activated_at, disconnected_at, version)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)";
        try (Connection c = TestDatabase.connect();
                PreparedStatement s = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            s.setLong(1, siteId);
            s.setString(2, UUID.randomUUID().toString());
            s.setString(3, name);
            s.setString(4, name == null ? null : name.toLowerCase() + ".example");
            s.setString(5, status);
            s.setString(6, "portal:someone");
            s.setString(7, UUID.randomUUID().toString());
            s.setBoolean(8, true);
            s.setObject(9, T0);
            s.setObject(10, T0);
            s.setObject(11, activatedMinute == null ? null : T0.plusMinutes(activatedMinute));
            s.setObject(12, status.equals("DISCONNECTED") ? T0.plusDays(1) : null);
            s.executeUpdate();
            try (ResultSet keys = s.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    private static void setStatus(long connectionId, String status) throws Exception {
        try (Connection c = TestDatabase.connect();
                PreparedStatement s = c.prepareStatement(
                        "UPDATE tenant_connection SET status = ?, disconnected_at = ?, version = version + 1 WHERE id = ?")) {
            s.setString(1, status);
            s.setObject(2, status.equals("DISCONNECTED") ? LocalDateTime.now(ZoneOffset.UTC) : null);
            s.setLong(3, connectionId);
            assertEquals(1, s.executeUpdate());
        }
    }

    private static String tenantOf(long connectionId) throws Exception {
        try (Connection c = TestDatabase.connect()) {
            return single(c, "select tenant_id from tenant_connection where id = ?", connectionId);
        }
    }

    /** teams_enabled, connection_id, updated_by of the project's saved preference. */
    private static List<String> preference(long projectId) throws Exception {
        try (Connection c = TestDatabase.connect()) {
            List<List<String>> found = rows(
                    c,
                    "select teams_enabled, connection_id, updated_by from project_teams_preference"
                            + " where project_id = ?",
                    projectId,
                    3);
            assertEquals(1, found.size(), "one preference row for project " + projectId);
            List<String> row = new ArrayList<>(found.get(0));
            // MariaDB reports BOOLEAN (TINYINT(1)) as 1/0, H2 as TRUE/FALSE.
            row.set(0, Boolean.toString(row.get(0).equals("1") || row.get(0).equalsIgnoreCase("true")));
            return row;
        }
    }

    private static List<List<String>> rows(Connection c, String sql, Object parameter, int columns) throws Exception {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            if (sql.contains("?")) {
                s.setObject(1, parameter);
            }
            try (ResultSet r = s.executeQuery()) {
                List<List<String>> result = new ArrayList<>();
                while (r.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= columns; i++) {
                        row.add(r.getString(i));
                    }
                    result.add(row);
                }
                return result;
            }
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
