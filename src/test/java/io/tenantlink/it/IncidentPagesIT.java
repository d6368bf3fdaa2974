package io.tenantlink.it;

import static io.tenantlink.it.Trail.assertTrail;
import static io.tenantlink.it.Trail.step;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;
import org.htmlunit.html.HtmlCheckBoxInput;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.html.HtmlTextArea;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** People and incidents through their pages: empty states, keys, notes, status rules, plan gates, who may do what. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class IncidentPagesIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return PortalDeployment.sharedPortal();
    }

    @ArquillianResource
    URL base;

    private Portal portal() {
        return new Portal(base);
    }

    /** A site with a site admin signed in and an Incidents project. */
    private record Setup(Portal portal, long siteId, long projectId, String key, String admin) {}

    private Setup setup(String keyPrefix) {
        Portal portal = portal();
        long siteId = portal.site(Portal.unique("Incidents site"));
        String admin = portal.account("incadmin");
        portal.grant(siteId, admin, "SITE_ADMIN", null);
        String key = keyPrefix + (Portal.unique("").hashCode() & 0xFFF);
        key = key.replaceAll("[^A-Z0-9]", "").substring(0, Math.min(key.length(), 10));
        long projectId;
        try (Browser browser = portal.signedIn(admin)) {
            projectId = portal.project(browser, siteId, "Operations " + key, key);
        }
        return new Setup(portal, siteId, projectId, key, admin);
    }

    private static HtmlPage addPerson(Browser browser, long siteId, String name, String email, String alternatives) {
        HtmlPage form = browser.open("/sites/" + siteId + "/people/new");
        return browser.fill(
                form,
                "/sites/" + siteId + "/people",
                Map.of("name", name, "email", email, "alternativeEmails", alternatives));
    }

    private static String incidents(Setup s) {
        return "/sites/" + s.siteId() + "/projects/" + s.projectId() + "/incidents";
    }

    private static HtmlPage createIncident(Browser browser, Setup s, String summary, boolean major) {
        HtmlPage form = browser.open(incidents(s) + "/new");
        HtmlForm f = form.getForms().stream()
                .filter(x -> x.getActionAttribute().endsWith("/incidents"))
                .findFirst()
                .orElseThrow();
        f.getInputByName("summary").setValue(summary);
        ((HtmlTextArea) f.getTextAreaByName("description")).setText("Line one\nLine two");
        f.getSelectByName("priority").setSelectedAttribute("P2", true);
        if (major) {
            HtmlCheckBoxInput box = form.getHtmlElementById("major");
            box.setAttribute("name", "major");
            box.removeAttribute("disabled");
            box.setChecked(true);
        }
        return browser.submit(f);
    }

    @Test
    void peoplePagesAddEditRefuseDuplicatesAndRemoveWithConfirmation() throws Exception {
        Setup s = setup("PPL");
        try (Browser admin = s.portal().signedIn(s.admin())) {
            HtmlPage site = admin.open("/sites/" + s.siteId());
            assertNotNull(site.getElementById("people-link"), "the site page links to its people");
            HtmlPage empty = admin.open("/sites/" + s.siteId() + "/people");
            assertNotNull(empty.getElementById("people-empty"));
            String siteName = single("select name from site where id = " + s.siteId());
            String sitePath = "/sites/" + s.siteId();
            assertTrail(empty, "People", step("Sites", "/sites"), step(siteName, sitePath));
            assertTrail(
                    admin.open(sitePath + "/people/new"),
                    "Add person",
                    step("Sites", "/sites"),
                    step(siteName, sitePath),
                    step("People", sitePath + "/people"));
            assertTrue(empty.asNormalizedText().contains("This site has no people yet."));

            HtmlPage added = addPerson(admin, s.siteId(), "Ann Responder", "Ann@Example.com", "ann.r@example.com");
            assertEquals(200, added.getWebResponse().getStatusCode(), added.asNormalizedText());
            assertTrue(added.asNormalizedText().contains("Ann Responder was added."));
            assertTrue(added.asNormalizedText().contains("ann.r@example.com"));

            HtmlPage duplicate = addPerson(admin, s.siteId(), "Ann Again", "ann@EXAMPLE.com", "");
            assertEquals(400, duplicate.getWebResponse().getStatusCode());
            assertTrue(duplicate.asNormalizedText().contains("already has a person with the e-mail"));
            HtmlPage invalid = addPerson(admin, s.siteId(), "Nobody", "not-an-address", "");
            assertEquals(400, invalid.getWebResponse().getStatusCode());
            assertEquals("1", count("select count(*) from person where site_id = " + s.siteId()));

            long annId = Long.parseLong(single("select id from person where site_id = " + s.siteId()));
            HtmlPage edit = admin.open("/sites/" + s.siteId() + "/people/" + annId);
            HtmlPage saved =
                    admin.fill(edit, "/sites/" + s.siteId() + "/people/" + annId, Map.of("name", "Ann R. Responder"));
            assertTrue(saved.asNormalizedText().contains("Ann R. Responder was saved."), saved.asNormalizedText());

            HtmlPage confirm = admin.open("/sites/" + s.siteId() + "/people/" + annId + "/remove");
            assertTrue(confirm.asNormalizedText().contains("Remove Ann R. Responder?"));
            assertTrail(
                    confirm,
                    "Remove",
                    step("Sites", "/sites"),
                    step(siteName, sitePath),
                    step("People", sitePath + "/people"));
            assertEquals("1", count("select count(*) from person where id = " + annId), "asking removes nothing");
            HtmlPage removed = admin.fill(confirm, "/people/" + annId + "/remove", Map.of());
            assertTrue(removed.asNormalizedText().contains("Ann R. Responder was removed."));
            assertEquals("0", count("select count(*) from person where id = " + annId));
            assertEquals(
                    "1",
                    count("select count(*) from audit_record where action = 'PERSON_ADDED' and site_id = "
                            + s.siteId()));
            assertEquals(
                    "1",
                    count("select count(*) from audit_record where action = 'PERSON_CHANGED' and site_id = "
                            + s.siteId()));
            assertEquals(
                    "1",
                    count("select count(*) from audit_record where action = 'PERSON_REMOVED' and site_id = "
                            + s.siteId()));
        }
    }

    @Test
    void incidentsGetKeysNotesAndStatusChangesOnTheirTimeline() throws Exception {
        Setup s = setup("OPS");
        try (Browser admin = s.portal().signedIn(s.admin())) {
            HtmlPage project = admin.open("/sites/" + s.siteId() + "/projects/" + s.projectId());
            assertNotNull(project.getElementById("incidents-link"), "an Incidents project links to its incidents");
            HtmlPage empty = admin.open(incidents(s));
            assertNotNull(empty.getElementById("incidents-empty"));
            String siteName = single("select name from site where id = " + s.siteId());
            String projectName = "Operations " + s.key();
            Trail.Step[] toProject = {
                step("Sites", "/sites"),
                step(siteName, "/sites/" + s.siteId()),
                step(projectName, "/sites/" + s.siteId() + "/projects/" + s.projectId())
            };
            assertTrail(project, projectName, java.util.Arrays.copyOf(toProject, 2));
            assertTrail(empty, "Incidents", toProject);
            assertTrue(empty.asNormalizedText().contains("This project has no incidents yet."));
            HtmlPage noPeople = admin.open(incidents(s) + "/new");
            assertNotNull(noPeople.getElementById("no-people"), "the form says why nobody can be assigned");

            addPerson(admin, s.siteId(), "Bea Agent", "bea@example.com", "");
            long bea = Long.parseLong(single("select id from person where site_id = " + s.siteId()));

            HtmlPage first = createIncident(admin, s, "Mail is down", false);
            assertEquals(200, first.getWebResponse().getStatusCode(), first.asNormalizedText());
            assertEquals(s.key() + "-1", first.getElementById("incident-key").getTextContent());
            Trail.Step[] toIncidents = java.util.Arrays.copyOf(toProject, 4);
            toIncidents[3] = step("Incidents", incidents(s));
            assertTrail(first, s.key() + "-1 Mail is down", toIncidents);
            // Who created it, by name: the account's display name, never the internal actor id.
            String created = first.getElementById("incident-created").asNormalizedText();
            assertTrue(created.contains("Person " + s.admin()), created);
            assertFalse(first.asNormalizedText().contains("portal:"), "no internal ids on the incident page");
            assertEquals(
                    "badge badge-warning",
                    first.getElementById("incident-status")
                            .getFirstElementChild()
                            .getAttribute("class"),
                    "an open incident's status is a warning badge");
            assertEquals("P2 – high", first.getElementById("incident-priority").getTextContent());
            HtmlPage second = createIncident(admin, s, "VPN is slow", false);
            assertEquals(s.key() + "-2", second.getElementById("incident-key").getTextContent());
            String description = second.getElementById("incident-description").getTextContent();
            assertTrue(
                    description.matches("(?s)Line one\\r?\nLine two"),
                    "the description keeps its lines: " + description);

            String one = incidents(s) + "/1";
            HtmlPage note = admin.open(one);
            HtmlForm noteForm = note.getForms().stream()
                    .filter(f -> f.getActionAttribute().endsWith("/notes"))
                    .findFirst()
                    .orElseThrow();
            ((HtmlTextArea) noteForm.getTextAreaByName("body")).setText("Looking at the mail relay.");
            HtmlPage noted = admin.submit(noteForm);
            assertTrue(noted.asNormalizedText().contains("The internal note was added."));
            assertTrue(noted.getElementById("timeline").asNormalizedText().contains("Looking at the mail relay."));
            String actor = noted.querySelector("#timeline .timeline-actor").asNormalizedText();
            assertEquals("Person " + s.admin(), actor, "the timeline names who wrote the note");
            assertFalse(noted.getElementById("timeline").asNormalizedText().contains("portal:"));

            Trail.Step[] toIncident = java.util.Arrays.copyOf(toIncidents, 5);
            toIncident[4] = step(s.key() + "-1 Mail is down", one);
            assertTrail(admin.open(one + "/edit"), "Edit incident", toIncident);
            assertTrail(admin.open(incidents(s) + "/new"), "Create incident", toIncidents);

            Map<String, String> ack = new HashMap<>(Map.of("status", "ACKNOWLEDGED", "assignee", Long.toString(bea)));
            HtmlPage acknowledged = admin.fill(admin.open(one + "/edit"), one, ack);
            assertEquals(200, acknowledged.getWebResponse().getStatusCode(), acknowledged.asNormalizedText());
            assertEquals(
                    "Acknowledged",
                    acknowledged.getElementById("incident-status").getTextContent());
            assertEquals(
                    "Bea Agent",
                    acknowledged.getElementById("incident-assignee").getTextContent());
            String timeline = acknowledged.getElementById("timeline").asNormalizedText();
            assertTrue(timeline.contains("Status: OPEN → ACKNOWLEDGED"), timeline);
            assertTrue(timeline.contains("Assignee: None → Bea Agent"), timeline);

            // Acknowledged cannot be closed without a resolution: refused, nothing written.
            String before = count("select count(*) from incident_timeline t join incident i on i.id = t.incident_id"
                    + " where i.project_id = " + s.projectId());
            var csrf = admin.csrfToken();
            var refused = admin.post(
                    one,
                    Map.of(
                            csrf.getKey(),
                            csrf.getValue(),
                            "summary",
                            "Mail is down",
                            "priority",
                            "P2",
                            "status",
                            "CLOSED"));
            assertEquals(400, refused.getWebResponse().getStatusCode());
            assertTrue(refused.getWebResponse().getContentAsString().contains("cannot go from ACKNOWLEDGED to CLOSED"));
            assertEquals(
                    "ACKNOWLEDGED",
                    single("select status from incident where project_id = " + s.projectId()
                            + " and incident_number = 1"));
            assertEquals(
                    before,
                    count("select count(*) from incident_timeline t join incident i on i.id = t.incident_id"
                            + " where i.project_id = " + s.projectId()));

            HtmlPage filtered = admin.open(incidents(s) + "?status=ACKNOWLEDGED");
            String list = filtered.getElementById("incidents").asNormalizedText();
            assertEquals(
                    "badge badge-info incident-status",
                    ((org.htmlunit.html.DomElement) filtered.querySelector("#incidents .incident-status"))
                            .getAttribute("class"),
                    "the list shows statuses as badges");
            assertEquals(
                    "P2 – high",
                    filtered.querySelector("#incidents .incident-priority").asNormalizedText());
            assertTrue(list.contains("Mail is down") && !list.contains("VPN is slow"), list);
            HtmlPage none = admin.open(incidents(s) + "?status=CLOSED");
            assertTrue(none.asNormalizedText().contains("No incident of this project has this status."));

            HtmlPage inUse = admin.fill(
                    admin.open("/sites/" + s.siteId() + "/people/" + bea + "/remove"),
                    "/people/" + bea + "/remove",
                    Map.of());
            assertEquals(400, inUse.getWebResponse().getStatusCode());
            assertEquals("1", count("select count(*) from person where id = " + bea), "a person on an incident stays");
        }
    }

    @Test
    void majorIncidentsFollowTheSitePlanAndStayReadOnlyAfterADowngrade() throws Exception {
        Setup s = setup("MAJ");
        try (Browser admin = s.portal().signedIn(s.admin())) {
            HtmlPage form = admin.open(incidents(s) + "/new");
            assertNotNull(form.getElementById("major-gate"), "a Free site's form explains the gate");
            HtmlPage refused = createIncident(admin, s, "Datacenter down", true);
            assertEquals(400, refused.getWebResponse().getStatusCode());
            assertTrue(refused.asNormalizedText().contains("Major incidents need the Premium or Enterprise plan"));
            assertEquals("0", count("select count(*) from incident where project_id = " + s.projectId()));
            HtmlPage site = admin.open("/sites/" + s.siteId());
            assertTrue(
                    site.getForms().stream()
                            .noneMatch(f -> f.getActionAttribute().endsWith("/plan")),
                    "a site admin does not set the plan");
            var csrf = admin.csrfToken();
            assertEquals(
                    403,
                    admin.post(
                                    "/sites/" + s.siteId() + "/plan",
                                    Map.of(csrf.getKey(), csrf.getValue(), "plan", "ENTERPRISE"))
                            .getWebResponse()
                            .getStatusCode());
        }
        setPlan(s, "PREMIUM");
        try (Browser admin = s.portal().signedIn(s.admin())) {
            HtmlPage form = admin.open(incidents(s) + "/new");
            assertNull(form.getElementById("major-gate"));
            HtmlPage major = createIncident(admin, s, "Datacenter down", true);
            assertEquals(200, major.getWebResponse().getStatusCode(), major.asNormalizedText());
            assertEquals("Yes", major.getElementById("incident-major").getTextContent());
        }
        setPlan(s, "STANDARD");
        try (Browser admin = s.portal().signedIn(s.admin())) {
            String one = incidents(s) + "/1";
            HtmlPage kept = admin.open(one);
            assertEquals("Yes", kept.getElementById("incident-major").getTextContent(), "a downgrade keeps the data");
            assertNotNull(kept.getElementById("major-kept"));
            HtmlPage saved = admin.fill(admin.open(one + "/edit"), one, Map.of("priority", "P1"));
            assertEquals(200, saved.getWebResponse().getStatusCode(), saved.asNormalizedText());
            assertEquals("Yes", saved.getElementById("incident-major").getTextContent(), "the flag stays as it was");
            assertEquals(
                    "P1 – critical", saved.getElementById("incident-priority").getTextContent());
            var csrf = admin.csrfToken();
            var unmark = admin.post(
                    one,
                    Map.of(
                            csrf.getKey(),
                            csrf.getValue(),
                            "summary",
                            "Datacenter down",
                            "priority",
                            "P1",
                            "status",
                            "OPEN"));
            assertEquals(400, unmark.getWebResponse().getStatusCode(), "the flag is read-only below Premium");
            assertEquals(
                    "1", count("select count(*) from incident where major = TRUE and project_id = " + s.projectId()));
        }
        assertEquals(
                "2",
                count("select count(*) from audit_record where action = 'SITE_PLAN_CHANGED' and site_id = "
                        + s.siteId()));
    }

    @Test
    void projectAdminsWorkTheirOwnProjectOnlyAndAuditorsRead() throws Exception {
        Setup s = setup("OWN");
        long otherProject;
        try (Browser admin = s.portal().signedIn(s.admin())) {
            otherProject = s.portal()
                    .project(
                            admin, s.siteId(), "Other " + s.key(), "X" + s.key().substring(1));
            createIncident(admin, s, "Printer on fire", false);
        }
        String projectAdmin = s.portal().account("incpa");
        s.portal().grant(s.siteId(), projectAdmin, "PROJECT_ADMIN", Long.toString(otherProject));
        String auditor = s.portal().account("incaud");
        s.portal().grant(s.siteId(), auditor, "AUDITOR", null);
        try (Browser pa = s.portal().signedIn(projectAdmin)) {
            assertEquals(404, pa.openRaw(incidents(s)).getWebResponse().getStatusCode());
            assertEquals(404, pa.openRaw(incidents(s) + "/1").getWebResponse().getStatusCode());
            var csrf = pa.csrfToken();
            assertEquals(
                    404,
                    pa.post(incidents(s) + "/1/notes", Map.of(csrf.getKey(), csrf.getValue(), "body", "mine now"))
                            .getWebResponse()
                            .getStatusCode());
            HtmlPage own = pa.open("/sites/" + s.siteId() + "/projects/" + otherProject + "/incidents");
            assertNotNull(own.getElementById("create-incident"), "a project admin works its own project's incidents");
        }
        try (Browser audit = s.portal().signedIn(auditor)) {
            HtmlPage read = audit.open(incidents(s) + "/1");
            assertEquals(200, read.getWebResponse().getStatusCode());
            assertNull(read.getElementById("edit-incident"));
            var csrf = audit.csrfToken();
            assertEquals(
                    403,
                    audit.post(incidents(s) + "/1/notes", Map.of(csrf.getKey(), csrf.getValue(), "body", "audited"))
                            .getWebResponse()
                            .getStatusCode());
            assertEquals(
                    403,
                    audit.openRaw("/sites/" + s.siteId() + "/people/new")
                            .getWebResponse()
                            .getStatusCode());
        }
        assertEquals(
                "0",
                count(
                        "select count(*) from incident_timeline where entry_type = 'NOTE' and body in ('mine now', 'audited')"));
    }

    private void setPlan(Setup s, String plan) {
        try (Browser operator = s.portal().operator()) {
            HtmlPage site = operator.open("/sites/" + s.siteId());
            HtmlPage saved = operator.fill(site, "/sites/" + s.siteId() + "/plan", Map.of("plan", plan));
            assertEquals(200, saved.getWebResponse().getStatusCode(), saved.asNormalizedText());
            assertTrue(saved.asNormalizedText().contains("The site’s plan was saved."));
        }
    }

    private static String count(String sql) throws Exception {
        return single(sql);
    }

    private static String single(String sql) throws Exception {
        try (Connection c = TestDatabase.connect();
                PreparedStatement statement = c.prepareStatement(sql);
                ResultSet rows = statement.executeQuery()) {
            assertTrue(rows.next(), sql);
            String value = rows.getString(1);
            assertFalse(rows.next(), "one row expected: " + sql);
            return value;
        }
    }
}
