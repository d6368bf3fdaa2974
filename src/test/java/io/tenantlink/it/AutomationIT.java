package io.tenantlink.it;

import static io.tenantlink.it.IncidentChatIT.CONTOSO;
import static io.tenantlink.it.IncidentChatIT.MEGAN_UPN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.net.URL;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.htmlunit.html.HtmlElement;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
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
 * Automation rules of an Incidents project against the stand-in: a rule for P1 incidents creates the chat with the
 * ChatOps app's application permissions (nobody added for being its author), adds the rule's participant found by
 * e-mail, sends a stakeholder update, records and audits the run; an incident that does not match runs nothing; a bad
 * rule is refused; the first person who works the chat in Teams adopts it.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class AutomationIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return PortalDeployment.sharedPortal();
    }

    @ArquillianResource
    URL base;

    private GraphSandboxClient sandbox;

    @BeforeEach
    void setUp() throws Exception {
        sandbox = IncidentChatIT.contosoWithChatOps(base);
    }

    @AfterEach
    void tearDown() throws Exception {
        sandbox.close();
        IncidentChatIT.retireInsertedConnections();
    }

    @Test
    void aRuleCreatesTheChatWithApplicationPermissionsAndSendsTheUpdate() throws Exception {
        IncidentChatIT.Setup s = IncidentChatIT.setup(base);
        String automation = "/sites/" + s.siteId() + "/projects/" + s.projectId() + "/automation";
        try (Browser admin = s.portal().signedIn(s.admin())) {
            IncidentChatIT.syncMapping(admin, s);
            HtmlPage page = admin.open("/sites/" + s.siteId() + "/projects/" + s.projectId())
                    .getHtmlElementById("automation-link")
                    .click();
            assertNotNull(page.getElementById("rules-empty"), page.asNormalizedText());

            // A rule that does nothing is refused; nothing is added.
            HtmlPage refused = addRule(admin, page, "Nothing", "P1", "", false, "");
            assertEquals(400, refused.getWebResponse().getStatusCode());
            assertTrue(refused.asNormalizedText().contains("Choose what the rule does"), refused.asNormalizedText());
            HtmlPage rules = admin.open(automation);
            assertNotNull(rules.getElementById("rules-empty"));
            Trail.assertPaths(
                    rules,
                    "Automation",
                    "/sites",
                    "/sites/" + s.siteId(),
                    "/sites/" + s.siteId() + "/projects/" + s.projectId());

            HtmlPage added = addRule(
                    admin,
                    admin.open(automation),
                    "P1 war room",
                    "P1",
                    "megan.admin@contoso.example, nobody@contoso.example",
                    true,
                    "We are working on it.");
            assertTrue(added.asNormalizedText().contains("Rule “P1 war room” added."), added.asNormalizedText());
            assertNotNull(added.getFirstByXPath("//p[contains(@class,'rule-ready')]"), added.asNormalizedText());
            ConnectIT.assertAudited(s.siteId(), "AUTOMATION_RULE_ADDED", "P1 war room");

            long quiet = IncidentChatIT.createIncident(
                    admin, s, "Slow printer", "P3", List.of("Alex Wilber"), List.of("Adele Vance"));
            long urgent = IncidentChatIT.createIncident(
                    admin, s, "Checkout down", "P1", List.of("Alex Wilber"), List.of("Adele Vance", "Pat Nobody"));

            awaitRuns(s, 1);
            assertEquals(List.of("DONE"), runs(s));
            String chatId = IncidentChatIT.chatIdOf(urgent, s);
            assertNotNull(chatId, "the P1 incident has its chat");
            assertNull(value("select c.chat_id from incident_chat c join incident i on i.id = c.incident_id"
                    + " where i.project_id = " + s.projectId() + " and i.incident_number = " + quiet));
            assertNull(
                    value("select creator_identity_id from incident_chat where chat_id = '" + chatId + "'"),
                    "created by the application, as nobody");
            String token = sandbox.appToken(CONTOSO, GraphSandboxClient.CHATOPS);
            assertEquals(
                    List.of(IncidentChatIT.MEGAN, IncidentChatIT.ALEX, IncidentChatIT.ADELE).stream()
                            .sorted()
                            .toList(),
                    members(chatId, token),
                    "the rule's participant and the mapped assignee and responder; Pat is not mapped");
            String detail = value("select r.detail from automation_run r join automation_rule a on a.id = r.rule_id"
                    + " where a.project_id = " + s.projectId());
            assertTrue(detail.contains("no user nobody@contoso.example"), detail);
            assertTrue(detail.contains("stakeholder update sent"), detail);
            assertEquals(
                    "1",
                    value("select count(*) from stakeholder_update u join incident i on i.id = u.incident_id"
                            + " where i.project_id = " + s.projectId() + " and i.incident_number = " + urgent));
            ConnectIT.assertAudited(s.siteId(), "AUTOMATION_RUN", ": DONE");

            HtmlPage log = admin.open(automation);
            HtmlElement run = log.getFirstByXPath("//td[@class='run-outcome']");
            assertNotNull(run, log.asNormalizedText());
            assertEquals("Done", run.asNormalizedText());

            // The first person who works the chat in Teams adopts it.
            String incident = s.incidents() + "/" + urgent;
            IncidentChatIT.signInToTeams(admin, admin.open(incident), MEGAN_UPN);
            IncidentChatIT.press(admin.open(incident), "teams-read-chat");
            assertNotNull(value("select creator_identity_id from incident_chat where chat_id = '" + chatId + "'"));

            // The tenant takes the application permissions away; the consent doctor finds it: the rule is blocked.
            try {
                MappingIT.revokeChatOpsApplicationPermissions(sandbox);
                HtmlPage checked = (HtmlPage) ConnectIT.click(ConnectIT.form(
                        admin.open("/sites/" + s.siteId() + "/chat-tools/teams/" + s.connectionId() + "/consent"),
                        "/consent/check"));
                assertEquals(200, checked.getWebResponse().getStatusCode(), checked.asNormalizedText());
                HtmlPage blocked = admin.open(automation);
                HtmlElement badge = blocked.getFirstByXPath("//p[contains(@class,'rule-blocked')]");
                assertNotNull(badge, blocked.asNormalizedText());
                assertTrue(badge.asNormalizedText().contains("Chat.Create"), badge.asNormalizedText());
                assertNotNull(badge.getFirstByXPath(".//a[contains(@href,'/chat-tools/teams/')]"), "the way to fix it");
                IncidentChatIT.createIncident(admin, s, "Payments down", "P1", List.of("Alex Wilber"), List.of());
                awaitRuns(s, 2);
                assertEquals(List.of("DONE", "BLOCKED"), runs(s));
                ConnectIT.assertAudited(s.siteId(), "AUTOMATION_RUN", ": BLOCKED (missing application permissions");
            } finally {
                sandbox.adminConsent(CONTOSO, GraphSandboxClient.CHATOPS, MEGAN_UPN);
            }
        }
    }

    static HtmlPage addRule(
            Browser browser,
            HtmlPage page,
            String name,
            String priority,
            String participants,
            boolean chat,
            String update) {
        HtmlForm form = page.getHtmlElementById("rule-form");
        form.getInputByName("name").setValue(name);
        form.getSelectByName("maxPriority").setSelectedAttribute(priority, true);
        ((org.htmlunit.html.HtmlCheckBoxInput) page.getHtmlElementById("createChat")).setChecked(chat);
        form.getTextAreaByName("participants").setText(participants);
        form.getTextAreaByName("updateText").setText(update);
        return browser.submit(form);
    }

    private static void awaitRuns(IncidentChatIT.Setup s, int count) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (runs(s).size() < count && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        assertEquals(count, runs(s).size(), "runs: " + runs(s));
    }

    private static List<String> runs(IncidentChatIT.Setup s) throws Exception {
        List<String> outcomes = new ArrayList<>();
        try (Connection c = TestDatabase.connect();
                PreparedStatement q = c.prepareStatement("select r.outcome from automation_run r join automation_rule a"
                        + " on a.id = r.rule_id where a.project_id = ? order by r.id")) {
            q.setLong(1, s.projectId());
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    outcomes.add(rs.getString(1));
                }
            }
        }
        return outcomes;
    }

    private List<String> members(String chatId, String token) throws Exception {
        HttpResponse<String> members = sandbox.graph("GET", "/chats/" + chatId + "/members", token, null);
        assertEquals(200, members.statusCode(), members.body());
        List<String> ids = new ArrayList<>();
        for (Object m : JSONObjectUtils.getJSONArray(JSONObjectUtils.parse(members.body()), "value")) {
            ids.add(String.valueOf(((Map<?, ?>) m).get("userId")));
        }
        ids.sort(String::compareTo);
        return ids;
    }

    private static String value(String sql) throws Exception {
        try (Connection c = TestDatabase.connect();
                PreparedStatement q = c.prepareStatement(sql);
                ResultSet rs = q.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
