package io.tenantlink.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.htmlunit.html.DomElement;
import org.htmlunit.html.HtmlCheckBoxInput;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlInput;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.html.HtmlTextArea;
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
 * Stakeholder updates end to end: the compose page and the API record the update, the portal e-mails each stakeholder
 * through SMTP (GreenMail on 127.0.0.1, on the port pom.xml reserved and arquillian.xml gives the portal), the
 * timeline shows each delivery; a server that is down gives FAILED with a reason; bad input and auditors write nothing.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class StakeholderUpdateIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return PortalDeployment.sharedPortal();
    }

    @ArquillianResource
    URL base;

    private final HttpClient http = HttpClient.newHttpClient();
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

    private record Setup(
            Portal portal, long siteId, long projectId, String key, String admin, String token, String incident) {
        String page() {
            return "/sites/" + siteId + "/projects/" + projectId + "/incidents/1";
        }
    }

    /** A site, its admin, an Incidents project, a write token, two stakeholders and a responder, and one incident. */
    private Setup setup(String prefix) throws Exception {
        Portal portal = new Portal(base);
        long siteId = portal.site(Portal.unique("Updates site"));
        String admin = portal.account("updadmin");
        portal.grant(siteId, admin, "SITE_ADMIN", null);
        String key = prefix + Integer.toString(Math.abs(Portal.unique("").hashCode()) % 100000);
        long projectId;
        try (Browser browser = portal.signedIn(admin)) {
            projectId = portal.project(browser, siteId, "Desk " + key, key);
        }
        String token = token(portal, siteId, admin, "incidents:write", "people:write");
        long ann = person(token, "Ann Stakeholder", "ann." + key.toLowerCase() + "@example.com", true);
        long bo = person(token, "Bo Zoë Stakeholder", "bo." + key.toLowerCase() + "@example.com", true);
        long cy = person(token, "Cy Responder", "cy." + key.toLowerCase() + "@example.com", false);
        HttpResponse<String> created = call(
                "POST",
                "/api/v1/incidents",
                token,
                "{\"project\":\"" + key + "\",\"summary\":\"Checkout fails\",\"priority\":\"P2\",\"responderIds\":["
                        + cy + "],\"stakeholderIds\":[" + ann + "," + bo + "]}");
        assertEquals(201, created.statusCode(), created.body());
        return new Setup(portal, siteId, projectId, key, admin, token, key + "-1");
    }

    static String token(Portal portal, long siteId, String admin, String... scopes) {
        try (Browser browser = portal.signedIn(admin)) {
            HtmlPage page = browser.open("/sites/" + siteId + "/api-tokens");
            HtmlForm form = page.getForms().stream()
                    .filter(f -> f.getActionAttribute().endsWith("/api-tokens"))
                    .findFirst()
                    .orElseThrow();
            form.getInputByName("name").setValue(Portal.unique("desk"));
            for (String scope : scopes) {
                ((HtmlCheckBoxInput) page.getHtmlElementById("scope-" + scope.replace(':', '-'))).setChecked(true);
            }
            HtmlPage created = browser.submit(form);
            return ((HtmlInput) created.getHtmlElementById("api-token")).getValue();
        }
    }

    private long person(String token, String name, String email, boolean stakeholder) throws Exception {
        HttpResponse<String> created = call(
                "POST",
                "/api/v1/people",
                token,
                "{\"name\":\"" + name + "\",\"email\":\"" + email + "\",\"responder\":" + !stakeholder
                        + ",\"stakeholder\":" + stakeholder + "}");
        assertEquals(201, created.statusCode(), created.body());
        return Long.parseLong(single("select id from person where email = '" + email + "'"));
    }

    private HttpResponse<String> call(String method, String path, String token, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + base.getPort() + path))
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + token);
        if (json != null) {
            request.header("Content-Type", "application/json");
            request.method(method, HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static void assertProblem(HttpResponse<String> response, int status) {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(
                response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"),
                response.headers().map().toString());
    }

    /** Waits until no recipient of the site's updates is PENDING (the e-mails go out after commit, off the request). */
    private static void settled(long siteId) throws Exception {
        String pending = "select count(*) from stakeholder_update_recipient r join stakeholder_update u on u.id ="
                + " r.update_id join incident i on i.id = u.incident_id where i.site_id = " + siteId
                + " and r.status = 'PENDING'";
        long deadline = System.currentTimeMillis() + 30_000;
        while (!"0".equals(single(pending))) {
            assertTrue(System.currentTimeMillis() < deadline, "e-mails still pending after 30 s");
            Thread.sleep(200);
        }
    }

    @Test
    void anUpdateFromThePageIsMailedToEachStakeholderAndShownOnTheTimeline() throws Exception {
        Setup s = setup("UPD");
        try (Browser admin = s.portal().signedIn(s.admin())) {
            HtmlPage incident = admin.open(s.page());
            DomElement link = incident.getElementById("stakeholder-update");
            assertNotNull(link, "people who work incidents see the action");
            HtmlPage compose = admin.open(link.getAttribute("href"));
            assertEquals(200, compose.getWebResponse().getStatusCode());
            String recipients = compose.getElementById("update-recipients").asNormalizedText();
            assertTrue(recipients.contains("Ann Stakeholder"), recipients);
            assertTrue(recipients.contains("Bo Zoë Stakeholder"), recipients);
            assertFalse(recipients.contains("Cy Responder"), "responders are not stakeholders: " + recipients);
            assertNull(compose.getElementById("mail-not-configured"));
            assertNotNull(compose.getFirstByXPath("//label[@for='update-text']"), "the textarea has its label");

            HtmlForm form = compose.getForms().stream()
                    .filter(f -> f.getActionAttribute().endsWith("/updates"))
                    .findFirst()
                    .orElseThrow();
            ((HtmlTextArea) form.getTextAreaByName("body")).setText("Payments are back.\nWe watch for an hour.");
            HtmlPage sent = admin.submit(form);
            assertEquals(200, sent.getWebResponse().getStatusCode(), sent.asNormalizedText());
            assertTrue(
                    sent.getUrl().getPath().endsWith("/incidents/1"),
                    sent.getUrl().toString());
            assertTrue(
                    sent.asNormalizedText().contains("the e-mail to 2 stakeholder(s) is being sent"),
                    sent.asNormalizedText());
        }

        assertTrue(smtp.waitForIncomingEmail(30_000, 2), "two e-mails arrive");
        MimeMessage[] received = smtp.getReceivedMessages();
        assertEquals(2, received.length, "one e-mail per stakeholder, nobody else");
        Set<String> to = new TreeSet<>();
        for (MimeMessage mail : received) {
            assertEquals("[" + s.incident() + "] Checkout fails — update", mail.getSubject());
            assertEquals(1, mail.getRecipients(Message.RecipientType.TO).length, "stakeholders never see each other");
            to.add(((InternetAddress) mail.getRecipients(Message.RecipientType.TO)[0]).getAddress());
            String body = ((String) mail.getContent()).replace("\r\n", "\n");
            assertTrue(body.contains("Payments are back.\nWe watch for an hour."), body);
            assertTrue(body.contains("Status: Open"), body);
            assertTrue(body.contains("Priority: P2 – high"), body);
            assertTrue(body.contains("http://localhost:" + base.getPort() + s.page()), body);
            assertTrue(body.contains("Written by Person "), "the author's display name: " + body);
        }
        String k = s.key().toLowerCase();
        assertEquals(Set.of("ann." + k + "@example.com", "bo." + k + "@example.com"), to);

        settled(s.siteId());
        try (Browser admin = s.portal().signedIn(s.admin())) {
            HtmlPage incident = admin.open(s.page());
            DomElement entry = incident.getFirstByXPath("//ol[@id='timeline']/li[@data-type='STAKEHOLDER_UPDATE']");
            assertNotNull(entry, incident.asNormalizedText());
            String shown = entry.asNormalizedText();
            assertTrue(shown.contains("Stakeholder update"), shown);
            assertTrue(shown.contains("Payments are back."), shown);
            List<?> delivered = entry.getByXPath(".//li[@data-status='SENT']");
            assertEquals(2, delivered.size(), shown);
            assertTrue(shown.contains("Ann Stakeholder"), shown);
            assertTrue(shown.contains("sent"), shown);
        }
        assertEquals(
                "2",
                single("select count(*) from stakeholder_update_recipient r join stakeholder_update u on u.id ="
                        + " r.update_id join incident i on i.id = u.incident_id where i.site_id = " + s.siteId()
                        + " and r.status = 'SENT' and r.delivered_at is not null"));

        HttpResponse<String> listed = call("GET", "/api/v1/incidents/" + s.incident() + "/updates", s.token(), null);
        assertEquals(200, listed.statusCode(), listed.body());
        assertTrue(listed.body().contains("\"text\":\"Payments are back.\\nWe watch for an hour.\""), listed.body());
        assertTrue(listed.body().contains("\"status\":\"SENT\""), listed.body());
        assertFalse(listed.body().contains("PENDING"), listed.body());
    }

    @Test
    void withoutStakeholdersTheUpdateGoesOnTheTimelineOnly() throws Exception {
        Setup s = setup("NOS");
        assertEquals(
                200,
                call("PATCH", "/api/v1/incidents/" + s.incident(), s.token(), "{\"stakeholderIds\":[]}")
                        .statusCode());
        try (Browser admin = s.portal().signedIn(s.admin())) {
            HtmlPage compose = admin.open(s.page() + "/updates/new");
            assertNotNull(compose.getElementById("no-stakeholders"), compose.asNormalizedText());
            String incidents = s.page().substring(0, s.page().lastIndexOf('/'));
            Trail.assertPaths(
                    compose,
                    compose.getTitleText(),
                    "/sites",
                    "/sites/" + s.siteId(),
                    incidents.substring(0, incidents.lastIndexOf('/')),
                    incidents,
                    s.page());
            HtmlForm form = compose.getForms().stream()
                    .filter(f -> f.getActionAttribute().endsWith("/updates"))
                    .findFirst()
                    .orElseThrow();
            ((HtmlTextArea) form.getTextAreaByName("body")).setText("Fixed.");
            HtmlPage done = admin.submit(form);
            assertEquals(200, done.getWebResponse().getStatusCode(), done.asNormalizedText());
            assertTrue(done.asNormalizedText().contains("Nobody was e-mailed"), done.asNormalizedText());
            DomElement entry = done.getFirstByXPath("//ol[@id='timeline']/li[@data-type='STAKEHOLDER_UPDATE']");
            assertNotNull(entry, done.asNormalizedText());
            assertTrue(
                    entry.asNormalizedText().contains("No stakeholders: nobody was e-mailed."),
                    entry.asNormalizedText());
        }
        Thread.sleep(500);
        assertEquals(0, smtp.getReceivedMessages().length);
    }

    @Test
    void aServerThatIsDownGivesFailedWithAReasonAndTheUpdateStays() throws Exception {
        Setup s = setup("DWN");
        smtp.stop();
        HttpResponse<String> posted = call(
                "POST",
                "/api/v1/incidents/" + s.incident() + "/updates",
                s.token(),
                "{\"text\":\"We are still investigating.\"}");
        assertEquals(201, posted.statusCode(), posted.body());
        assertEquals(
                "/api/v1/incidents/" + s.incident() + "/updates",
                URI.create(posted.headers().firstValue("Location").orElseThrow())
                        .getPath());
        assertTrue(posted.body().contains("\"text\":\"We are still investigating.\""), posted.body());
        assertTrue(posted.body().contains("\"status\":\"PENDING\""), "sent after the answer: " + posted.body());
        assertTrue(posted.body().contains("Ann Stakeholder"), posted.body());

        settled(s.siteId());
        HttpResponse<String> listed = call("GET", "/api/v1/incidents/" + s.incident() + "/updates", s.token(), null);
        assertEquals(200, listed.statusCode());
        assertTrue(listed.body().contains("\"status\":\"FAILED\""), listed.body());
        assertTrue(listed.body().contains("could not be reached"), listed.body());
        assertFalse(listed.body().contains("\"status\":\"SENT\""), listed.body());
        assertEquals(
                "1",
                single("select count(*) from incident_timeline t join incident i on i.id = t.incident_id where"
                        + " i.site_id = " + s.siteId() + " and t.entry_type = 'STAKEHOLDER_UPDATE'"),
                "the update stays on the timeline");
        try (Browser admin = s.portal().signedIn(s.admin())) {
            HtmlPage incident = admin.open(s.page());
            DomElement entry = incident.getFirstByXPath("//ol[@id='timeline']/li[@data-type='STAKEHOLDER_UPDATE']");
            assertNotNull(entry);
            assertEquals(2, entry.getByXPath(".//li[@data-status='FAILED']").size(), entry.asNormalizedText());
            assertTrue(entry.asNormalizedText().contains("failed: the SMTP server"), entry.asNormalizedText());
        }
    }

    @Test
    void badInputClosedIncidentsAndAuditorsWriteNothing() throws Exception {
        Setup s = setup("BAD");
        String updates = "/api/v1/incidents/" + s.incident() + "/updates";
        assertProblem(call("POST", updates, s.token(), "{\"text\":\"   \"}"), 400);
        assertProblem(call("POST", updates, s.token(), "{}"), 400);
        assertProblem(call("POST", updates, s.token(), null), 400);
        assertProblem(call("POST", updates, s.token(), "{\"text\":\"a\\u0000b\"}"), 400);
        assertProblem(call("POST", updates, s.token(), "{\"text\":\"" + "x".repeat(4001) + "\"}"), 400);
        assertProblem(call("POST", updates, s.token(), "{\"text\":"), 400);
        assertProblem(call("POST", "/api/v1/incidents/" + s.key() + "-9/updates", s.token(), "{\"text\":\"x\"}"), 404);
        String readOnly = token(s.portal(), s.siteId(), s.admin(), "incidents:read");
        assertProblem(call("POST", updates, readOnly, "{\"text\":\"not mine\"}"), 403);
        assertEquals(200, call("GET", updates, readOnly, null).statusCode());

        try (Browser admin = s.portal().signedIn(s.admin())) {
            var csrf = admin.csrfToken();
            HtmlPage refused = (HtmlPage)
                    admin.post(s.page() + "/updates", Map.of(csrf.getKey(), csrf.getValue(), "body", "  \n "));
            assertEquals(400, refused.getWebResponse().getStatusCode());
            assertTrue(
                    refused.asNormalizedText().contains("Write an update of 1 to 4,000 characters."),
                    refused.asNormalizedText());
        }

        String auditor = s.portal().account("updaud");
        s.portal().grant(s.siteId(), auditor, "AUDITOR", null);
        try (Browser audit = s.portal().signedIn(auditor)) {
            HtmlPage read = audit.open(s.page());
            assertEquals(200, read.getWebResponse().getStatusCode());
            assertNull(read.getElementById("stakeholder-update"), "auditors read, they do not send");
            assertEquals(
                    403,
                    audit.openRaw(s.page() + "/updates/new").getWebResponse().getStatusCode());
            var csrf = audit.csrfToken();
            assertEquals(
                    403,
                    audit.post(s.page() + "/updates", Map.of(csrf.getKey(), csrf.getValue(), "body", "audited"))
                            .getWebResponse()
                            .getStatusCode());
        }

        for (String status : List.of("RESOLVED", "CLOSED")) {
            assertEquals(
                    200,
                    call("PATCH", "/api/v1/incidents/" + s.incident(), s.token(), "{\"status\":\"" + status + "\"}")
                            .statusCode());
        }
        HttpResponse<String> closed = call("POST", updates, s.token(), "{\"text\":\"Too late\"}");
        assertProblem(closed, 400);
        assertTrue(closed.body().contains("closed"), closed.body());
        try (Browser admin = s.portal().signedIn(s.admin())) {
            HtmlPage incident = admin.open(s.page());
            assertNull(incident.getElementById("stakeholder-update"));
            assertNotNull(incident.getElementById("updates-closed"), "the page says why");
            HtmlPage compose = admin.open(s.page() + "/updates/new");
            assertNotNull(compose.getElementById("update-closed"));
            assertTrue(compose.getForms().stream()
                    .noneMatch(f -> f.getActionAttribute().endsWith("/updates")));
        }

        assertEquals(
                "0",
                single("select count(*) from stakeholder_update u join incident i on i.id = u.incident_id where"
                        + " i.site_id = " + s.siteId()));
        assertEquals(
                "0",
                single("select count(*) from incident_timeline t join incident i on i.id = t.incident_id where"
                        + " i.site_id = " + s.siteId() + " and t.entry_type = 'STAKEHOLDER_UPDATE'"));
        Thread.sleep(500);
        assertEquals(0, smtp.getReceivedMessages().length, "nothing was e-mailed");
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
