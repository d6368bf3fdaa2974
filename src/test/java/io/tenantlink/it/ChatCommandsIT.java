package io.tenantlink.it;

import static io.tenantlink.it.IncidentChatIT.CONTOSO;
import static io.tenantlink.it.IncidentChatIT.MEGAN_UPN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
 * Commands typed in an incident's Teams chat reach the incident, once (issue 14, items 1 and 2, polling): messages
 * posted into the stand-in's chat by Megan (a portal user who signed in to Teams) and Alex (a responder without a
 * portal account); Read the chat now handles them; reading again changes nothing; answers appear in the chat.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ChatCommandsIT {

    static final String ALEX_UPN = "alex.teams@contoso.example";

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
    void commandsFromTheChatChangeTheIncidentOnceAndAreAnswered() throws Exception {
        IncidentChatIT.Setup s = IncidentChatIT.setup(base);
        try (Browser admin = s.portal().signedIn(s.admin())) {
            IncidentChatIT.addPerson(admin, s.siteId(), "Megan Bowen", MEGAN_UPN);
            IncidentChatIT.syncMapping(admin, s);
            long number = IncidentChatIT.createIncident(
                    admin, s, "VPN drops", List.of("Alex Wilber"), List.of("Adele Vance"));
            String incident = s.incidents() + "/" + number;
            HtmlPage page = IncidentChatIT.signInToTeams(admin, admin.open(incident), MEGAN_UPN);
            page = IncidentChatIT.press(admin.open(incident), "teams-create-chat");
            assertNotNull(page.getElementById("teams-commands"), page.asNormalizedText());
            // The shared portal has an http public URL: polling mode, and nothing subscribes (ChatNotificationsIT has
            // the other mode).
            assertNotNull(page.getElementById("teams-mode-polling"), page.asNormalizedText());
            String chatId = IncidentChatIT.chatIdOf(number, s);

            String megan = token(MEGAN_UPN);
            String alex = token(ALEX_UPN);
            post(chatId, megan, "Looking at the VPN concentrator now");
            post(chatId, megan, "!note Rolled back the VPN config");
            post(chatId, megan, "!PRIORITY p1");
            post(chatId, alex, "!note I am not allowed to write this");
            post(chatId, megan, "!escalate to the moon");
            post(chatId, megan, "!take");

            HtmlPage read = IncidentChatIT.press(admin.open(incident), "teams-read-chat");
            assertTrue(
                    read.asNormalizedText().contains("5 commands"),
                    "five commands among six new messages: " + read.asNormalizedText());
            String timeline = read.getElementById("timeline").asNormalizedText();
            assertTrue(timeline.contains("Rolled back the VPN config"), timeline);
            assertTrue(!timeline.contains("I am not allowed"), "Alex has no portal account: refused");
            assertEquals(
                    List.of("NOTE_ADDED", "PRIORITY_SET", "REFUSED_NO_RIGHT", "UNKNOWN_COMMAND", "ASSIGNED"),
                    outcomes(chatId));
            assertEquals(
                    "P1",
                    value("select priority from incident i where i.project_id = " + s.projectId()
                            + " and i.incident_number = " + number));
            assertEquals(
                    "Megan Bowen",
                    value("select p.name from incident i join person p on p.id = i.assignee_id"
                            + " where i.project_id = " + s.projectId() + " and i.incident_number = " + number));
            ConnectIT.assertAudited(s.siteId(), "CHAT_COMMAND_REFUSED", "REFUSED_NO_RIGHT");

            // Answers in the chat, posted as the chat's creator, soon after the read (by the answer posters, off the
            // reading thread).
            String said = answered(chatId, megan);
            assertTrue(said.contains("Note added to"), said);
            assertTrue(said.contains("may not work"), said);
            assertTrue(said.contains("did not understand"), said);
            assertTrue(said.contains("is now P1"), said);

            // Read again: nothing runs twice.
            HtmlPage again = IncidentChatIT.press(admin.open(incident), "teams-read-chat");
            assertTrue(again.asNormalizedText().contains(" 0 commands"), again.asNormalizedText());
            assertEquals(5, outcomes(chatId).size());
            assertEquals(
                    "1",
                    value("select count(*) from incident_timeline t join incident i on i.id = t.incident_id"
                            + " where i.project_id = " + s.projectId() + " and t.body = 'Rolled back the VPN config'"));
            assertNotNull(again.getElementById("teams-last-read"), again.asNormalizedText());
            assertEquals(
                    "{\"value\":[]}",
                    sandbox.graphControl("GET", "subscriptions", null).body().replace(" ", ""),
                    "polling mode subscribes to nothing");
        }
    }

    private String token(String upn) throws Exception {
        return sandbox.delegatedToken(CONTOSO, SandboxChatsIT.CHAT_CLIENT, upn, "Chat.ReadWrite");
    }

    private void post(String chatId, String token, String text) throws Exception {
        HttpResponse<String> sent;
        do {
            sent = sandbox.graph("POST", "/chats/" + chatId + "/messages", token, SandboxChatsIT.message(text));
            if (sent.statusCode() == 429) {
                Thread.sleep(1000);
            }
        } while (sent.statusCode() == 429);
        assertEquals(201, sent.statusCode(), sent.body());
    }

    /** The chat's texts once the answers asserted below are in it, or after 20 s (the assertions then say which). */
    private String answered(String chatId, String token) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (true) {
            String said = String.join("\n", chatTexts(chatId, token));
            boolean all = List.of("Note added to", "may not work", "did not understand", "is now P1").stream()
                    .allMatch(said::contains);
            if (all || System.nanoTime() > deadline) {
                return said;
            }
            Thread.sleep(200);
        }
    }

    private List<String> chatTexts(String chatId, String token) throws Exception {
        HttpResponse<String> listed = sandbox.graph("GET", "/chats/" + chatId + "/messages", token, null);
        assertEquals(200, listed.statusCode(), listed.body());
        List<String> texts = new ArrayList<>();
        for (Object m : JSONObjectUtils.getJSONArray(JSONObjectUtils.parse(listed.body()), "value")) {
            texts.add(String.valueOf(((Map<?, ?>) ((Map<?, ?>) m).get("body")).get("content")));
        }
        return texts;
    }

    private static List<String> outcomes(String chatId) throws Exception {
        List<String> outcomes = new ArrayList<>();
        try (Connection c = TestDatabase.connect();
                PreparedStatement q = c.prepareStatement("select m.outcome from incident_chat_message m join"
                        + " incident_chat c on c.id = m.chat_row_id where c.chat_id = ? order by m.sent_at, m.id")) {
            q.setString(1, chatId);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    outcomes.add(rs.getString(1));
                }
            }
        }
        return outcomes;
    }

    private static String value(String sql) throws Exception {
        try (Connection c = TestDatabase.connect();
                PreparedStatement q = c.prepareStatement(sql);
                ResultSet rs = q.executeQuery()) {
            assertTrue(rs.next(), sql);
            return rs.getString(1);
        }
    }
}
