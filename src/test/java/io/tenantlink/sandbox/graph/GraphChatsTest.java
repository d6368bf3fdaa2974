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

    @Test
    void oneMessageIsReadByItsIdAsTheListShowsIt() {
        String id = groupChat();
        String lee = delegated(LEE, "Chat.ReadWrite");
        GraphResponse sent = call("POST", "/chats/" + id + "/messages", lee, Map.of("body", Map.of("content", "Hi")));
        String messageId = (String) sent.body().get("id");
        GraphResponse read = call("GET", "/chats/" + id + "/messages/" + messageId, lee, null);
        assertEquals(200, read.status(), String.valueOf(read.body()));
        assertEquals(
                "https://graph.microsoft.com/v1.0/$metadata#chats('" + id + "')/messages/$entity",
                read.body().get("@odata.context"));
        Map<String, Object> listed =
                values(call("GET", "/chats/" + id + "/messages", lee, null)).get(0);
        Map<String, Object> withoutContext = new HashMap<>(read.body());
        withoutContext.remove("@odata.context");
        assertEquals(listed, withoutContext);
        assertEquals(
                200,
                call("GET", "/chats/" + id + "/messages/" + messageId, appOnly("Chat.Read.All"), null)
                        .status());
        assertError(call("GET", "/chats/" + id + "/messages/1", lee, null), 404, "NotFound");
        assertError(call("GET", "/chats/" + id + "/messages/not-a-number", lee, null), 404, "NotFound");
        assertError(
                call(
                        "GET",
                        "/chats/" + id + "/messages/" + messageId,
                        delegated("b1e2c3d4-0002-4a5b-8c6d-7e8f9a0b1c02", "Chat.ReadWrite"),
                        null),
                403,
                "Forbidden");
    }

    private String groupChat() {
        return (String) call("POST", "/chats", delegated(LEE, "Chat.Create"), chat("group", "T", LEE, ADELE, MEGAN))
                .body()
                .get("id");
    }

    @Test
    void appsAreInstalledInAChatOnceAndListedWithTheTeamsAppPermissions() {
        String id = groupChat();
        Map<String, Object> bind =
                Map.of("teamsApp@odata.bind", "https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/chatops-app");
        String installer = delegated(LEE, "TeamsAppInstallation.ReadWriteSelfForChat");
        GraphResponse installed = call("POST", "/chats/" + id + "/installedApps", installer, bind);
        assertEquals(201, installed.status(), String.valueOf(installed.body()));
        assertEquals(null, installed.body(), "chat-post-installedapps answers 201 without a body");
        assertError(call("POST", "/chats/" + id + "/installedApps", installer, bind), 409, "Conflict");
        assertError(
                call("POST", "/chats/" + id + "/installedApps", delegated(LEE, "Chat.ReadWrite"), bind),
                403,
                "Authorization_RequestDenied");
        assertError(
                call(
                        "POST",
                        "/chats/" + id + "/installedApps",
                        installer,
                        Map.of("teamsApp@odata.bind", "https://example.com/apps/1")),
                400,
                "BadRequest");
        GraphResponse app = call(
                "POST",
                "/chats/" + id + "/installedApps",
                appOnly("TeamsAppInstallation.ReadWriteForChat.All"),
                Map.of("teamsApp@odata.bind", "https://graph.microsoft.com/v1.0/appCatalogs/teamsApps('other')"));
        assertEquals(201, app.status(), String.valueOf(app.body()));

        GraphResponse list = call(
                "GET",
                "/chats/" + id + "/installedApps?$expand=teamsApp",
                delegated(LEE, "TeamsAppInstallation.ReadForChat"),
                null);
        assertEquals(200, list.status(), String.valueOf(list.body()));
        assertEquals(
                List.of("chatops-app", "other"),
                values(list).stream()
                        .map(v -> ((Map<?, ?>) v.get("teamsApp")).get("id"))
                        .toList());
        assertError(
                call("GET", "/chats/" + id + "/installedApps", delegated(LEE, "Chat.Read"), null),
                403,
                "Authorization_RequestDenied");
        assertError(
                call(
                        "GET",
                        "/chats/" + id + "/installedApps",
                        delegated("b1e2c3d4-0002-4a5b-8c6d-7e8f9a0b1c02", "TeamsAppInstallation.ReadForChat"),
                        null),
                403,
                "Forbidden");
    }

    @Test
    void chatMessagesAreListedNewestFirstInPagesWithNextLinks() {
        long[] now = {2_000_000};
        sandbox.faults.clock = () -> now[0];
        String lee = delegated(LEE, "ChatMessage.Send Chat.Read");
        String id = groupChat();
        for (int i = 1; i <= 7; i++) {
            assertEquals(
                    201,
                    call("POST", "/chats/" + id + "/messages", lee, Map.of("body", Map.of("content", "m" + i)))
                            .status());
            now[0] += 1000;
        }
        assertError(call("GET", "/chats/" + id + "/messages?$top=51", lee, null), 400, "Request_UnsupportedQuery");
        List<String> read = new java.util.ArrayList<>();
        String url = "/chats/" + id + "/messages?$top=3";
        int pages = 0;
        while (url != null) {
            GraphResponse page = call("GET", url, lee, null);
            assertEquals(200, page.status(), String.valueOf(page.body()));
            pages++;
            values(page).forEach(m -> read.add((String) ((Map<?, ?>) m.get("body")).get("content")));
            String next = (String) page.body().get("@odata.nextLink");
            if (next != null) {
                assertTrue(next.startsWith(GraphObjects.BASE + "/chats/") && next.contains("$top=3"), next);
                // Messages posted meanwhile move no page: the next one continues below the last one read.
                if (pages == 1) {
                    call("POST", "/chats/" + id + "/messages", lee, Map.of("body", Map.of("content", "late")));
                }
            }
            url = next == null ? null : next.substring(GraphObjects.BASE.length());
        }
        assertEquals(3, pages);
        assertEquals(List.of("m7", "m6", "m5", "m4", "m3", "m2", "m1"), read);
        GraphResponse first = call("GET", "/chats/" + id + "/messages?$top=3", lee, null);
        String token = ((String) first.body().get("@odata.nextLink")).replaceAll(".*\\$skiptoken=", "");
        assertError(call("GET", "/chats/" + id + "/messages?$top=2&$skiptoken=" + token, lee, null), 400, "BadRequest");
        assertError(
                call("GET", "/chats/" + id + "/messages", delegated(LEE, "ChatMessage.Send"), null),
                403,
                "Authorization_RequestDenied");
    }

    @Test
    void chatMessagesAcceptTextAndHtmlAndAreLimitedPerChatAndPerAppAndTenant() {
        long[] now = {1_000_000};
        sandbox.faults.clock = () -> now[0];
        String lee = delegated(LEE, "ChatMessage.Send Chat.Read");
        String id = groupChat();
        GraphResponse html = call(
                "POST",
                "/chats/" + id + "/messages",
                lee,
                Map.of("body", Map.of("contentType", "html", "content", "<b>P1</b> incident")));
        assertEquals(201, html.status(), String.valueOf(html.body()));
        assertEquals("html", ((Map<?, ?>) html.body().get("body")).get("contentType"));
        assertError(
                call(
                        "POST",
                        "/chats/" + id + "/messages",
                        lee,
                        Map.of("body", Map.of("contentType", "markdown", "content", "x"))),
                400,
                "BadRequest");
        for (int i = 0; i < 3; i++) {
            assertEquals(
                    201,
                    call("POST", "/chats/" + id + "/messages", lee, Map.of("body", Map.of("content", "m" + i)))
                            .status());
        }
        GraphResponse fifth =
                call("POST", "/chats/" + id + "/messages", lee, Map.of("body", Map.of("content", "too many")));
        assertError(fifth, 429, "TooManyRequests");
        assertEquals("1", fifth.headers().get("Retry-After"));
        assertEquals(
                4, values(call("GET", "/chats/" + id + "/messages", lee, null)).size(), "nothing posted");
        // Other chats of the same app and tenant: 20 per second in all.
        int posted = 4;
        while (posted < SandboxGraphFaults.CHAT_MESSAGES_PER_SECOND) {
            String other = groupChat();
            for (int i = 0; i < 4 && posted < SandboxGraphFaults.CHAT_MESSAGES_PER_SECOND; i++, posted++) {
                assertEquals(
                        201,
                        call("POST", "/chats/" + other + "/messages", lee, Map.of("body", Map.of("content", "x")))
                                .status());
            }
        }
        String fresh = groupChat();
        assertError(
                call("POST", "/chats/" + fresh + "/messages", lee, Map.of("body", Map.of("content", "21st"))),
                429,
                "TooManyRequests");
        now[0] += 1000;
        assertEquals(
                201,
                call("POST", "/chats/" + fresh + "/messages", lee, Map.of("body", Map.of("content", "next second")))
                        .status());
    }

    @Test
    void chatsMembersMessagesAppsAndMeetingsSurviveARestartOfTheStandIn(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        String url = "jdbc:h2:file:" + dir.resolve("sandbox").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE";
        SandboxChats before = new SandboxChats(io.tenantlink.sandbox.SandboxTestDatabase.at(url));
        java.time.Instant t = java.time.Instant.parse("2026-01-02T03:04:05.678Z");
        SandboxChats.Member lee = new SandboxChats.Member(
                SandboxChats.memberId("x", LEE), LEE, "Lee Gu", "lee@contoso.example", CONTOSO, List.of("owner"), null);
        SandboxChats.Member adele = new SandboxChats.Member(
                SandboxChats.memberId("x", ADELE),
                ADELE,
                "Adele",
                "adele@contoso.example",
                CONTOSO,
                List.of("owner"),
                t);
        SandboxChats.Chat chat = before.createGroup(CONTOSO, "INC-42", List.of(lee, adele), t);
        SandboxChats.Message message = before.post(chat, LEE, "Lee Gu", "html", "<p>hi</p>", t.plusSeconds(1));
        before.install(chat, "chatops-app", t);
        SandboxChats.Meeting meeting = before.createMeeting(
                CONTOSO, LEE, "lee@contoso.example", "Lee Gu", "INC-42", t, t.plusSeconds(3600), t);

        // A new process: another instance over the same database file, opened (and migrated) again.
        SandboxChats after = new SandboxChats(io.tenantlink.sandbox.SandboxTestDatabase.at(url));
        SandboxChats.Chat again = after.chat(CONTOSO, chat.id()).orElseThrow();
        assertEquals("INC-42", again.topic());
        assertEquals(t.plusSeconds(1), again.lastUpdated());
        assertEquals(
                List.of(LEE, ADELE),
                after.members(again).stream().map(SandboxChats.Member::userId).toList());
        assertEquals(t, after.members(again).get(1).visibleHistoryStart());
        assertEquals(List.of(message), after.messages(again, 50));
        assertEquals(
                List.of("chatops-app"),
                after.installedApps(again).stream()
                        .map(SandboxChats.InstalledApp::teamsAppId)
                        .toList());
        assertEquals(meeting, after.meeting(CONTOSO, meeting.id()).orElseThrow());
        assertEquals(List.of(again), after.chatsOf(CONTOSO, ADELE));
        SandboxChats.Message next = after.post(again, LEE, "Lee Gu", "text", "later", t);
        assertTrue(Long.parseLong(next.id()) > Long.parseLong(message.id()), "message ids keep increasing");

        after.clear();
        assertTrue(after.chat(CONTOSO, chat.id()).isEmpty(), "a reset forgets them");
        assertTrue(after.meeting(CONTOSO, meeting.id()).isEmpty());
    }

    @Test
    void meetingsForAUserNeedThatUserOrAnApplicationAccessPolicyWhichTheStandInHasNot() {
        GraphResponse own = call(
                "POST",
                "/users/" + LEE + "/onlineMeetings",
                delegated(LEE, "OnlineMeetings.ReadWrite"),
                Map.of("subject", "Bridge"));
        assertEquals(201, own.status(), String.valueOf(own.body()));
        assertError(
                call(
                        "POST",
                        "/users/" + ADELE + "/onlineMeetings",
                        delegated(LEE, "OnlineMeetings.ReadWrite"),
                        Map.of("subject", "x")),
                403,
                "Forbidden");
        GraphResponse app = call(
                "POST",
                "/users/" + LEE + "/onlineMeetings",
                appOnly("OnlineMeetings.ReadWrite.All"),
                Map.of("subject", "x"));
        assertError(app, 403, "Forbidden");
        assertTrue(String.valueOf(app.body()).contains("Application is not allowed to perform operations on the user"));
        assertError(
                call("POST", "/users/" + LEE + "/onlineMeetings", appOnly("Chat.Create"), Map.of("subject", "x")),
                403,
                "Authorization_RequestDenied");
    }

    @Test
    void injectedFaultsHitTheChatAppAndMessageEndpointsAndNothingIsWritten() {
        String id = groupChat();
        String lee = delegated(LEE, "ChatMessage.Send Chat.Read TeamsAppInstallation.ReadWriteSelfForChat");
        Map<String, Object> bind =
                Map.of("teamsApp@odata.bind", "https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/chatops-app");
        sandbox.faults.update(Map.of("throttleNextRequests", 1, "retryAfterSeconds", 7));
        GraphResponse throttled = call("POST", "/chats/" + id + "/installedApps", lee, bind);
        assertError(throttled, 429, "TooManyRequests");
        assertEquals("7", throttled.headers().get("Retry-After"));
        assertEquals(
                201, call("POST", "/chats/" + id + "/installedApps", lee, bind).status(), "the retry works");

        sandbox.faults.update(Map.of("errorRate", 1, "errorStatus", 503));
        GraphResponse unavailable =
                call("POST", "/chats/" + id + "/messages", lee, Map.of("body", Map.of("content", "lost")));
        assertError(unavailable, 503, "serviceNotAvailable");
        assertError(
                call("POST", "/chats", delegated(LEE, "Chat.Create"), chat("group", "T", LEE, ADELE, MEGAN)),
                503,
                "serviceNotAvailable");
        sandbox.faults.update(Map.of("errorRate", 1, "errorStatus", 500));
        assertError(
                call("POST", "/users/" + LEE + "/onlineMeetings", delegated(LEE, "OnlineMeetings.ReadWrite"), Map.of()),
                500,
                "generalException");
        sandbox.faults.reset();
        assertEquals(
                List.of(),
                values(call("GET", "/chats/" + id + "/messages", lee, null)),
                "the failed post wrote nothing");
    }
}
