package io.tenantlink.sandbox.graph;

import static io.tenantlink.sandbox.graph.InMemorySandbox.ADELE;
import static io.tenantlink.sandbox.graph.InMemorySandbox.CLIENT_APP;
import static io.tenantlink.sandbox.graph.InMemorySandbox.CONTOSO;
import static io.tenantlink.sandbox.graph.InMemorySandbox.LEE;
import static io.tenantlink.sandbox.graph.InMemorySandbox.MEGAN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Chats, members, messages and online meetings of the Graph stand-in, without HTTP. */
class GraphChatsTest {

    static final String GUEST = "b1e2c3d4-0006-4a5b-8c6d-7e8f9a0b1c06";
    static final String FABRIKAM_ADMIN = "admin@fabrikam.example";

    private final InMemorySandbox sandbox = new InMemorySandbox();

    private String delegated(String userId, String scp) {
        return GraphTestTokens.delegated(sandbox.keys, CONTOSO, CLIENT_APP, userId, scp);
    }

    private String appOnly(String... roles) {
        return GraphTestTokens.app(sandbox.keys, CONTOSO, CLIENT_APP, "sp-of-chatops", List.of(roles));
    }

    private GraphResponse call(String method, String url, String token, Map<String, Object> body) {
        Map<String, String> h = new HashMap<>();
        h.put("Authorization", token);
        GraphResponse response =
                sandbox.graph.serve(method, url, body == null ? null : JSONObjectUtils.toJSONString(body), h);
        if (response.body() != null) {
            try {
                JSONObjectUtils.parse(GraphObjects.toJson(response.body()));
            } catch (java.text.ParseException e) {
                throw new AssertionError(e);
            }
        }
        return response;
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

    static Map<String, Object> chat(String type, String topic, String... users) {
        Map<String, Object> body = new HashMap<>();
        body.put("chatType", type);
        if (topic != null) {
            body.put("topic", topic);
        }
        body.put(
                "members",
                java.util.Arrays.stream(users).map(GraphChatsTest::member).toList());
        return body;
    }

    private static void assertError(GraphResponse r, int status, String code) {
        assertEquals(status, r.status(), String.valueOf(r.body()));
        @SuppressWarnings("unchecked")
        Map<String, Object> error = (Map<String, Object>) r.body().get("error");
        assertEquals(code, error.get("code"), String.valueOf(r.body()));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> values(GraphResponse r) {
        return (List<Map<String, Object>>) r.body().get("value");
    }

    @Test
    void aGroupChatWithADelegatedTokenHasThreeMembersIncludingTheCaller() {
        String token = delegated(LEE, "Chat.Create");
        GraphResponse created =
                call("POST", "/chats", token, chat("group", "Incident 42", LEE, ADELE, "megan.admin@contoso.example"));
        assertEquals(201, created.status(), String.valueOf(created.body()));
        String id = (String) created.body().get("id");
        assertTrue(id.matches("19:[0-9a-f]{32}@thread\\.v2"), id);
        assertEquals("group", created.body().get("chatType"));
        assertEquals("Incident 42", created.body().get("topic"));
        assertEquals(CONTOSO, created.body().get("tenantId"));
        assertTrue(((String) created.body().get("webUrl")).startsWith("https://teams.microsoft.com/l/chat/19%3A"));
        assertNotNull(created.body().get("createdDateTime"));
        assertEquals(created.body().get("createdDateTime"), created.body().get("lastUpdatedDateTime"));
        assertEquals(
                GraphObjects.BASE + "/$metadata#chats/$entity", created.body().get("@odata.context"));

        assertError(call("POST", "/chats", token, chat("group", null, LEE, ADELE)), 400, "BadRequest");
        assertError(
                call("POST", "/chats", token, chat("group", null, ADELE, MEGAN, "alex.teams@contoso.example")),
                400,
                "BadRequest");
        assertError(call("POST", "/chats", token, chat("group", null, LEE, ADELE, FABRIKAM_ADMIN)), 404, "NotFound");
        assertError(call("POST", "/chats", token, chat("group", null, LEE, ADELE, ADELE)), 400, "BadRequest");
        assertError(call("POST", "/chats", token, chat("channel", null, LEE, ADELE, MEGAN)), 400, "BadRequest");
        assertError(
                call("POST", "/chats", delegated(LEE, "User.Read"), chat("group", null, LEE, ADELE, MEGAN)),
                403,
                "Authorization_RequestDenied");
    }

    @Test
    void anAppOnlyGroupChatNeedsTwoMembersAndGuestsOfTheTenantMayJoin() {
        String token = appOnly("Chat.Create");
        GraphResponse created = call("POST", "/chats", token, chat("group", "Ops", ADELE, GUEST));
        assertEquals(201, created.status(), String.valueOf(created.body()));
        assertError(call("POST", "/chats", token, chat("group", null, ADELE)), 400, "BadRequest");
        assertError(
                call("POST", "/chats", appOnly("User.Read.All"), chat("group", null, ADELE, LEE)),
                403,
                "Authorization_RequestDenied");
        String id = (String) created.body().get("id");
        GraphResponse members = call("GET", "/chats/" + id + "/members", appOnly("ChatMember.ReadWrite.All"), null);
        assertEquals(200, members.status(), String.valueOf(members.body()));
        assertEquals(2, values(members).size());
        Map<String, Object> guest = values(members).stream()
                .filter(m -> GUEST.equals(m.get("userId")))
                .findFirst()
                .orElseThrow();
        assertEquals(List.of("guest"), guest.get("roles"));
        assertEquals("#microsoft.graph.aadUserConversationMember", guest.get("@odata.type"));
        assertEquals(CONTOSO, guest.get("tenantId"));
        assertEquals("guest@fabrikam.example", guest.get("email"));
    }

    @Test
    void aOneOnOneChatHasExactlyTwoMembersAndIsTheSameChatWhenCreatedAgain() {
        String token = delegated(LEE, "Chat.Create");
        GraphResponse first = call("POST", "/chats", token, chat("oneOnOne", null, LEE, ADELE));
        assertEquals(201, first.status(), String.valueOf(first.body()));
        assertTrue(((String) first.body().get("id")).endsWith("@unq.gbl.spaces"));
        GraphResponse again =
                call("POST", "/chats", delegated(ADELE, "Chat.Create"), chat("oneOnOne", null, ADELE, LEE));
        assertEquals(first.body().get("id"), again.body().get("id"));
        assertError(call("POST", "/chats", token, chat("oneOnOne", null, LEE, ADELE, MEGAN)), 400, "BadRequest");
        assertError(call("POST", "/chats", token, chat("oneOnOne", "a topic", LEE, ADELE)), 400, "BadRequest");
    }

    @Test
    void membersMessagesAndReadingAChatNeedMembershipWithADelegatedToken() {
        String id =
                (String) call("POST", "/chats", delegated(LEE, "Chat.Create"), chat("group", "T", LEE, ADELE, MEGAN))
                        .body()
                        .get("id");
        String lee = delegated(LEE, "Chat.ReadWrite ChatMember.ReadWrite");
        assertEquals(200, call("GET", "/chats/" + id, lee, null).status());
        assertError(call("GET", "/chats/19:nothere@thread.v2", lee, null), 404, "NotFound");
        assertError(
                call("GET", "/chats/" + id, delegated("b1e2c3d4-0002-4a5b-8c6d-7e8f9a0b1c02", "Chat.ReadWrite"), null),
                403,
                "Forbidden");
        assertError(
                call("GET", "/chats/" + id, delegated(LEE, "Chat.Create"), null), 403, "Authorization_RequestDenied");

        Map<String, Object> alex = new HashMap<>(member("alex.teams@contoso.example"));
        alex.put("visibleHistoryStartDateTime", "2024-01-01T00:00:00Z");
        GraphResponse added = call("POST", "/chats/" + id + "/members", lee, alex);
        assertEquals(201, added.status(), String.valueOf(added.body()));
        assertEquals("Alex Wilber", added.body().get("displayName"));
        assertEquals("2024-01-01T00:00:00Z", added.body().get("visibleHistoryStartDateTime"));
        assertError(call("POST", "/chats/" + id + "/members", lee, alex), 409, "Conflict");
        assertEquals(
                4, values(call("GET", "/chats/" + id + "/members", lee, null)).size());

        GraphResponse sent = call(
                "POST",
                "/chats/" + id + "/messages",
                delegated(LEE, "ChatMessage.Send"),
                Map.of("body", Map.of("contentType", "text", "content", "Hello")));
        assertEquals(201, sent.status(), String.valueOf(sent.body()));
        assertEquals(id, sent.body().get("chatId"));
        call("POST", "/chats/" + id + "/messages", lee, Map.of("body", Map.of("content", "Second")));
        List<Map<String, Object>> messages = values(call("GET", "/chats/" + id + "/messages", lee, null));
        assertEquals(2, messages.size());
        assertEquals("Second", ((Map<?, ?>) messages.get(0).get("body")).get("content"), "newest first");
        assertEquals(LEE, ((Map<?, ?>) ((Map<?, ?>) messages.get(1).get("from")).get("user")).get("id"));
        assertError(
                call(
                        "POST",
                        "/chats/" + id + "/messages",
                        appOnly("Chat.ReadWrite.All"),
                        Map.of("body", Map.of("content", "x"))),
                403,
                "Forbidden");
        assertEquals(
                2,
                values(call("GET", "/chats/" + id + "/messages", appOnly("Chat.Read.All"), null))
                        .size());
        assertError(
                call("POST", "/chats/" + id + "/messages", lee, Map.of("body", Map.of("content", ""))),
                400,
                "BadRequest");
    }

    @Test
    void onlineMeetingsAreForDelegatedTokens() {
        GraphResponse meeting = call(
                "POST",
                "/me/onlineMeetings",
                delegated(LEE, "OnlineMeetings.ReadWrite"),
                Map.of(
                        "startDateTime",
                        "2030-01-01T10:00:00Z",
                        "endDateTime",
                        "2030-01-01T11:00:00+00:00",
                        "subject",
                        "Review"));
        assertEquals(201, meeting.status(), String.valueOf(meeting.body()));
        assertTrue(((String) meeting.body().get("joinWebUrl"))
                .startsWith("https://teams.microsoft.com/l/meetup-join/19%3Ameeting_"));
        assertEquals("Review", meeting.body().get("subject"));
        assertEquals("2030-01-01T10:00:00Z", meeting.body().get("startDateTime"));
        assertEquals("2030-01-01T11:00:00Z", meeting.body().get("endDateTime"));
        Map<?, ?> organizer = (Map<?, ?>) ((Map<?, ?>) meeting.body().get("participants")).get("organizer");
        assertEquals("lee@contoso.example", organizer.get("upn"));
        assertError(
                call("POST", "/me/onlineMeetings", appOnly("Chat.Create"), Map.of("subject", "x")),
                403,
                "Authorization_RequestDenied");
        assertError(
                call("POST", "/me/onlineMeetings", delegated(LEE, "User.Read"), Map.of("subject", "x")),
                403,
                "Authorization_RequestDenied");
        assertError(
                call(
                        "POST",
                        "/me/onlineMeetings",
                        delegated(LEE, "OnlineMeetings.ReadWrite"),
                        Map.of("startDateTime", "2030-01-01T10:00:00Z", "endDateTime", "2030-01-01T09:00:00Z")),
                400,
                "BadRequest");
    }
}
