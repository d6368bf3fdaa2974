package io.tenantlink.it;

import static io.tenantlink.it.GraphJson.asMap;
import static io.tenantlink.it.GraphJson.assertGraphError;
import static io.tenantlink.it.GraphJson.error;
import static io.tenantlink.it.GraphJson.json;
import static io.tenantlink.it.GraphJson.status;
import static io.tenantlink.it.GraphJson.values;
import static io.tenantlink.it.GraphSandboxClient.CHATOPS;
import static io.tenantlink.it.GraphSandboxClient.CONTOSO;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.net.URL;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * The Graph stand-in's chats, chat members, chat messages and online meetings over HTTP, with
 * ChatOps tokens from the sandbox's identity platform (delegated for Lee Gu of Contoso, and app-only
 * after admin consent): Graph's member rules, permissions, and the same calls inside $batch.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SandboxChatsIT {

    static final String CONTOSO_ADMIN = "megan.admin@contoso.example";
    static final String LEE_UPN = "lee@contoso.example";
    static final String LEE = "b1e2c3d4-0004-4a5b-8c6d-7e8f9a0b1c04";
    static final String ADELE = "b1e2c3d4-0003-4a5b-8c6d-7e8f9a0b1c03";
    static final String MEGAN = "b1e2c3d4-0001-4a5b-8c6d-7e8f9a0b1c01";
    static final String ALEX_UPN = "alex.teams@contoso.example";
    static final String GUEST = "b1e2c3d4-0006-4a5b-8c6d-7e8f9a0b1c06";
    static final String FABRIKAM_MEMBER = "f2a3b4c5-0003-4d6e-8f70-8192a3b4c503";
    static final String CHAT_SCOPES =
            "Chat.Create Chat.ReadWrite ChatMember.ReadWrite ChatMessage.Send OnlineMeetings.ReadWrite";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return PortalDeployment.sharedPortal();
    }

    @ArquillianResource
    URL base;

    private GraphSandboxClient sandbox;

    @BeforeEach
    void setUp() throws Exception {
        sandbox = new GraphSandboxClient(base);
        assertEquals(200, sandbox.faults("DELETE", null, true).statusCode());
        sandbox.adminConsent(CONTOSO, CHATOPS, CONTOSO_ADMIN);
    }

    @AfterEach
    void tearDown() {
        sandbox.close();
    }

    // --- creating chats ------------------------------------------------------------------------------------

    @Test
    void aGroupChatCreatedWithADelegatedTokenHasThreeMembersAndCanBeRead() throws Exception {
        String lee = leeToken(CHAT_SCOPES);
        HttpResponse<String> created = sandbox.graph(
                "POST", "/chats", lee, chat("group", "Incident 42", LEE, ADELE, "megan.admin@contoso.example"));
        assertEquals(201, created.statusCode(), created.body());
        Map<String, Object> chat = json(created);
        String id = (String) chat.get("id");
        assertTrue(id.matches("19:[0-9a-f]{32}@thread\\.v2"), id);
        assertEquals("group", chat.get("chatType"));
        assertEquals("Incident 42", chat.get("topic"));
        assertEquals(CONTOSO, chat.get("tenantId"));
        assertNotNull(chat.get("createdDateTime"));
        assertNotNull(chat.get("lastUpdatedDateTime"));
        assertTrue(((String) chat.get("webUrl")).startsWith("https://teams.microsoft.com/l/chat/"), chat.toString());
        assertEquals("https://graph.microsoft.com/v1.0/$metadata#chats/$entity", chat.get("@odata.context"));

        HttpResponse<String> read = sandbox.graph("GET", "/chats/" + GraphSandboxClient.enc(id), lee, null);
        assertEquals(200, read.statusCode(), read.body());
        assertEquals(id, json(read).get("id"));
        assertGraphError(
                sandbox.graph("GET", "/chats/" + GraphSandboxClient.enc("19:0000@thread.v2"), lee, null),
                404,
                "NotFound");
        // Megan is a member; Alex is not.
        assertGraphError(
                sandbox.graph(
                        "GET",
                        "/chats/" + GraphSandboxClient.enc(id),
                        sandbox.delegatedToken(CONTOSO, CHAT_CLIENT, ALEX_UPN, "Chat.ReadWrite"),
                        null),
                403,
                "Forbidden");
    }

    @Test
    void aGroupChatCreatedWithAnAppOnlyTokenNeedsTwoMembers() throws Exception {
        String app = sandbox.appToken(CONTOSO, CHATOPS);
        HttpResponse<String> created = sandbox.graph("POST", "/chats", app, chat("group", "Ops", ADELE, GUEST));
        assertEquals(201, created.statusCode(), created.body());
        String id = (String) json(created).get("id");
        HttpResponse<String> members =
                sandbox.graph("GET", "/chats/" + GraphSandboxClient.enc(id) + "/members", app, null);
        assertEquals(200, members.statusCode(), members.body());
        List<Map<String, Object>> values = values(json(members));
        assertEquals(2, values.size());
        Map<String, Object> guest = values.stream()
                .filter(m -> GUEST.equals(m.get("userId")))
                .findFirst()
                .orElseThrow();
        assertEquals(List.of("guest"), guest.get("roles"), "a guest of the tenant may join, as a guest");
        assertGraphError(sandbox.graph("POST", "/chats", app, chat("group", null, ADELE)), 400, "BadRequest");
    }

    @Test
    void tooFewMembersAndAUserOfAnotherTenantAreRefused() throws Exception {
        String lee = leeToken(CHAT_SCOPES);
        HttpResponse<String> two = sandbox.graph("POST", "/chats", lee, chat("group", null, LEE, ADELE));
        assertGraphError(two, 400, "BadRequest");
        assertTrue(error(two).get("message").toString().contains("3"), two.body());
        assertGraphError(sandbox.graph("POST", "/chats", lee, chat("oneOnOne", null, LEE)), 400, "BadRequest");
        assertGraphError(
                sandbox.graph("POST", "/chats", lee, chat("group", null, ADELE, MEGAN, ALEX_UPN)), 400, "BadRequest");
        assertGraphError(
                sandbox.graph("POST", "/chats", lee, chat("group", null, LEE, ADELE, "admin@fabrikam.example")),
                404,
                "NotFound");
        assertGraphError(
                sandbox.graph("POST", "/chats", lee, chat("oneOnOne", null, LEE, FABRIKAM_MEMBER)), 404, "NotFound");
        HttpResponse<String> oneOnOne = sandbox.graph("POST", "/chats", lee, chat("oneOnOne", null, LEE, ADELE));
        assertEquals(201, oneOnOne.statusCode(), oneOnOne.body());
        assertTrue(json(oneOnOne).get("id").toString().endsWith("@unq.gbl.spaces"));
    }

    @Test
    void withoutThePermissionGraphAnswers403() throws Exception {
        String userRead = leeToken("User.Read");
        assertGraphError(
                sandbox.graph("POST", "/chats", userRead, chat("group", null, LEE, ADELE, MEGAN)),
                403,
                "Authorization_RequestDenied");
        String lee = leeToken(CHAT_SCOPES);
        String id = createGroupChat(lee);
        assertGraphError(
                sandbox.graph("GET", "/chats/" + GraphSandboxClient.enc(id) + "/members", userRead, null),
                403,
                "Authorization_RequestDenied");
        assertGraphError(
                sandbox.graph(
                        "POST",
                        "/chats/" + GraphSandboxClient.enc(id) + "/messages",
                        leeToken("Chat.Create"),
                        message("hi")),
                403,
                "Authorization_RequestDenied");
        // ChatOps has no Chat.Read*.All application permission.
        String app = sandbox.appToken(CONTOSO, CHATOPS);
        assertGraphError(
                sandbox.graph("GET", "/chats/" + GraphSandboxClient.enc(id), app, null),
                403,
                "Authorization_RequestDenied");
        assertGraphError(
                sandbox.graph("GET", "/chats/" + GraphSandboxClient.enc(id) + "/messages", app, null),
                403,
                "Authorization_RequestDenied");
    }

    // --- members and messages ------------------------------------------------------------------------------

    @Test
    void membersAreListedAndAdded() throws Exception {
        String lee = leeToken(CHAT_SCOPES);
        String path = "/chats/" + GraphSandboxClient.enc(createGroupChat(lee)) + "/members";
        HttpResponse<String> list = sandbox.graph("GET", path, lee, null);
        assertEquals(200, list.statusCode(), list.body());
        assertEquals(3, values(json(list)).size());

        Map<String, Object> alex = new LinkedHashMap<>(member(ALEX_UPN));
        alex.put("visibleHistoryStartDateTime", "2024-01-01T00:00:00Z");
        HttpResponse<String> added = sandbox.graph("POST", path, lee, JSONObjectUtils.toJSONString(alex));
        assertEquals(201, added.statusCode(), added.body());
        Map<String, Object> member = json(added);
        assertEquals("#microsoft.graph.aadUserConversationMember", member.get("@odata.type"));
        assertNotNull(member.get("id"));
        assertEquals("Alex Wilber", member.get("displayName"));
        assertEquals("b1e2c3d4-0002-4a5b-8c6d-7e8f9a0b1c02", member.get("userId"));
        assertEquals("alex.teams@contoso.example", member.get("email"));
        assertEquals(List.of("owner"), member.get("roles"));
        assertEquals(CONTOSO, member.get("tenantId"));
        assertEquals("2024-01-01T00:00:00Z", member.get("visibleHistoryStartDateTime"));
        assertEquals(4, values(json(sandbox.graph("GET", path, lee, null))).size());
        assertGraphError(
                sandbox.graph("POST", path, lee, JSONObjectUtils.toJSONString(member("admin@fabrikam.example"))),
                404,
                "NotFound");

        // With the app-only token (ChatMember.ReadWrite.All) too.
        String app = sandbox.appToken(CONTOSO, CHATOPS);
        HttpResponse<String> byApp = sandbox.graph("POST", path, app, JSONObjectUtils.toJSONString(member(GUEST)));
        assertEquals(201, byApp.statusCode(), byApp.body());
        assertEquals(5, values(json(sandbox.graph("GET", path, app, null))).size());
    }

    @Test
    void aMessageIsPostedAndListed() throws Exception {
        String lee = leeToken(CHAT_SCOPES);
        String id = createGroupChat(lee);
        String path = "/chats/" + GraphSandboxClient.enc(id) + "/messages";
        HttpResponse<String> sent =
                sandbox.graph("POST", path, leeToken("ChatMessage.Send"), message("Hello, responders"));
        assertEquals(201, sent.statusCode(), sent.body());
        Map<String, Object> message = json(sent);
        assertNotNull(message.get("id"));
        assertNotNull(message.get("createdDateTime"));
        assertEquals(id, message.get("chatId"));
        Map<String, Object> from = asMap(asMap(message.get("from")).get("user"));
        assertEquals(LEE, from.get("id"));
        assertEquals("Lee Gu", from.get("displayName"));
        assertEquals("text", asMap(message.get("body")).get("contentType"));
        assertEquals("Hello, responders", asMap(message.get("body")).get("content"));

        HttpResponse<String> list = sandbox.graph("GET", path, lee, null);
        assertEquals(200, list.statusCode(), list.body());
        List<Map<String, Object>> values = values(json(list));
        assertEquals(1, values.size());
        assertEquals(message.get("id"), values.get(0).get("id"));

        String app = sandbox.appToken(CONTOSO, CHATOPS);
        assertGraphError(sandbox.graph("POST", path, app, message("from the app")), 403, "Forbidden");
    }

    // --- installed apps, message formats, reset -----------------------------------------------------------

    @Test
    void theAppIsInstalledInAChatMessagesMayBeHtmlAndAResetForgetsTheChat() throws Exception {
        String lee = leeToken(CHAT_SCOPES);
        String id = (String) json(sandbox.graph("POST", "/chats", lee, chat("group", "INC-7", LEE, ADELE, MEGAN)))
                .get("id");
        String apps = "/chats/" + GraphSandboxClient.enc(id) + "/installedApps";
        String app = sandbox.appToken(CONTOSO, CHATOPS);
        String bind = JSONObjectUtils.toJSONString(Map.of(
                "teamsApp@odata.bind", "https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/" + CHATOPS.appId()));
        HttpResponse<String> installed = sandbox.graph("POST", apps, app, bind);
        assertEquals(201, installed.statusCode(), installed.body());
        assertEquals("", installed.body(), "201 Created without a body");
        assertGraphError(sandbox.graph("POST", apps, app, bind), 409, "Conflict");
        assertGraphError(sandbox.graph("POST", apps, lee, bind), 403, "Authorization_RequestDenied");
        HttpResponse<String> listed = sandbox.graph("GET", apps + "?$expand=teamsApp", app, null);
        assertEquals(200, listed.statusCode(), listed.body());
        assertEquals(
                CHATOPS.appId(),
                asMap(values(json(listed)).get(0).get("teamsApp")).get("id"));

        String messages = "/chats/" + GraphSandboxClient.enc(id) + "/messages";
        HttpResponse<String> html = sandbox.graph(
                "POST",
                messages,
                lee,
                JSONObjectUtils.toJSONString(
                        Map.of("body", Map.of("contentType", "html", "content", "<b>P1</b> INC-7"))));
        assertEquals(201, html.statusCode(), html.body());
        assertEquals("html", asMap(json(html).get("body")).get("contentType"));

        assertEquals(200, sandbox.control("reset", true).statusCode());
        assertGraphError(sandbox.graph("GET", "/chats/" + GraphSandboxClient.enc(id), lee, null), 404, "NotFound");
    }

    // --- online meetings -----------------------------------------------------------------------------------

    @Test
    void anOnlineMeetingWithADelegatedTokenAnd403WithAnAppToken() throws Exception {
        String body = JSONObjectUtils.toJSONString(Map.of(
                "startDateTime",
                "2030-03-01T09:00:00Z",
                "endDateTime",
                "2030-03-01T09:30:00Z",
                "subject",
                "Post-incident review"));
        HttpResponse<String> created =
                sandbox.graph("POST", "/me/onlineMeetings", leeToken("OnlineMeetings.ReadWrite"), body);
        assertEquals(201, created.statusCode(), created.body());
        Map<String, Object> meeting = json(created);
        assertNotNull(meeting.get("id"));
        assertTrue(
                ((String) meeting.get("joinWebUrl")).startsWith("https://teams.microsoft.com/l/meetup-join/"),
                meeting.toString());
        assertEquals("Post-incident review", meeting.get("subject"));
        assertEquals("2030-03-01T09:00:00Z", meeting.get("startDateTime"));
        assertEquals("2030-03-01T09:30:00Z", meeting.get("endDateTime"));
        Map<String, Object> organizer = asMap(asMap(meeting.get("participants")).get("organizer"));
        assertEquals(LEE_UPN, organizer.get("upn"));
        assertEquals(LEE, asMap(asMap(organizer.get("identity")).get("user")).get("id"));

        assertGraphError(
                sandbox.graph("POST", "/me/onlineMeetings", sandbox.appToken(CONTOSO, CHATOPS), body),
                403,
                "Authorization_RequestDenied");
        assertGraphError(
                sandbox.graph("POST", "/me/onlineMeetings", leeToken("User.Read"), body),
                403,
                "Authorization_RequestDenied");
    }

    // --- $batch --------------------------------------------------------------------------------------------

    @Test
    void aChatIsCreatedInsideABatch() throws Exception {
        String lee = leeToken(CHAT_SCOPES);
        List<Object> requests = new ArrayList<>();
        requests.add(Map.of(
                "id",
                "1",
                "method",
                "POST",
                "url",
                "/chats",
                "headers",
                Map.of("Content-Type", "application/json"),
                "body",
                JSONObjectUtils.parse(chat("group", "Batched", LEE, ADELE, MEGAN))));
        requests.add(Map.of(
                "id",
                "2",
                "method",
                "POST",
                "url",
                "/chats",
                "headers",
                Map.of("Content-Type", "application/json"),
                "body",
                JSONObjectUtils.parse(chat("group", null, LEE, ADELE))));
        requests.add(Map.of(
                "id",
                "3",
                "method",
                "POST",
                "url",
                "/me/onlineMeetings",
                "headers",
                Map.of("Content-Type", "application/json"),
                "body",
                Map.of("subject", "Batched meeting"),
                "dependsOn",
                List.of("1")));
        HttpResponse<String> batch =
                sandbox.graph("POST", "/$batch", lee, JSONObjectUtils.toJSONString(Map.of("requests", requests)));
        assertEquals(200, batch.statusCode(), batch.body());
        Map<String, Map<String, Object>> byId = new HashMap<>();
        for (Object r : (List<?>) json(batch).get("responses")) {
            byId.put((String) asMap(r).get("id"), asMap(r));
        }
        assertEquals(201, status(byId.get("1")), batch.body());
        Map<String, Object> chat = asMap(byId.get("1").get("body"));
        assertEquals("Batched", chat.get("topic"));
        assertEquals(400, status(byId.get("2")), batch.body());
        assertEquals(201, status(byId.get("3")), batch.body());
        HttpResponse<String> read = sandbox.graph(
                "GET", "/chats/" + GraphSandboxClient.enc((String) chat.get("id")) + "/members", lee, null);
        assertEquals(200, read.statusCode(), read.body());
        assertEquals(3, values(json(read)).size());
    }

    // --- helpers -------------------------------------------------------------------------------------------

    /**
     * A client registered for the chat permissions a Teams client uses (ChatOps' registration asks only for what the
     * catalog lists, which has no Chat.ReadWrite or ChatMessage.Send).
     */
    static final GraphSandboxClient.App CHAT_CLIENT =
            new GraphSandboxClient.App("5c0ffee5-7e57-4c1a-9d2b-3e4f5a6b7c8d", "sandbox-chat-test-secret");

    private String leeToken(String scopes) throws Exception {
        return sandbox.delegatedToken(CONTOSO, CHAT_CLIENT, LEE_UPN, scopes);
    }

    private String createGroupChat(String token) throws Exception {
        HttpResponse<String> created =
                sandbox.graph("POST", "/chats", token, chat("group", "Responders", LEE, ADELE, MEGAN));
        assertEquals(201, created.statusCode(), created.body());
        return (String) json(created).get("id");
    }

    static Map<String, Object> member(String user) {
        return Map.of(
                "@odata.type",
                "#microsoft.graph.aadUserConversationMember",
                "roles",
                List.of("owner"),
                "user@odata.bind",
                "https://graph.microsoft.com/v1.0/users('" + user + "')");
    }

    static String chat(String type, String topic, String... users) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("chatType", type);
        if (topic != null) {
            body.put("topic", topic);
        }
        List<Object> members = new ArrayList<>();
        for (String user : users) {
            members.add(member(user));
        }
        body.put("members", members);
        return JSONObjectUtils.toJSONString(body);
    }

    static String message(String text) {
        return JSONObjectUtils.toJSONString(Map.of("body", Map.of("contentType", "text", "content", text)));
    }
}
