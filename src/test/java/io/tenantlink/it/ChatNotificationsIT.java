package io.tenantlink.it;

import static io.tenantlink.it.IncidentChatIT.CONTOSO;
import static io.tenantlink.it.IncidentChatIT.MEGAN_UPN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.tenantlink.it.container.SharedPortalContainer;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.htmlunit.html.HtmlPage;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Incident chat messages reach the incident through Microsoft Graph change notifications (issue 14, item 1, second
 * receive mode): the portal subscribes to each chat's messages at the stand-in, which validates the portal's endpoint
 * and posts a notification for each message; the portal reads the chat and the command becomes a note, without
 * anyone pressing Read the chat now. Duplicates, replays and forgeries change nothing (forgeries are audited); a lost
 * notification is caught by a read; lifecycle notifications renew and re-create the subscription.
 *
 * <p>Its own portal: notification mode needs a public https address, which a test bed has not; this portal takes its
 * loopback http one (TENANTLINK_TEAMS_NOTIFICATIONS_SANDBOX_HTTP, sandbox only). The shared portal stays in polling
 * mode, which ChatCommandsIT relies on (it counts the commands Read the chat now finds). The safety-net poll is set to
 * an hour so that only notifications and the button read the chat here.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@OwnPortal
class ChatNotificationsIT {

    /**
     * Protocol tests the database does not change: the MariaDB execution leaves them out (pom.xml, excludedGroups) and
     * runs only the restart.
     */
    static final String H2_ONLY = "h2-only";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return PortalDeployment.freshPortal(Map.of(
                "tenantlink.teams.notifications.sandbox-http", "true",
                "tenantlink.teams.safety-poll-seconds", "3600"));
    }

    @ArquillianResource
    URL base;

    private GraphSandboxClient sandbox;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void setUp() throws Exception {
        sandbox = IncidentChatIT.contosoWithChatOps(base);
        sandbox.graphControl("DELETE", "notifications/faults", null);
    }

    @AfterEach
    void tearDown() throws Exception {
        sandbox.graphControl("DELETE", "notifications/faults", null);
        sandbox.close();
        IncidentChatIT.retireInsertedConnections();
    }

    /** An incident with its Teams chat, created by Megan (signed in to Teams), and the chat's subscription. */
    private record Chat(IncidentChatIT.Setup s, String incident, String chatId, String subscriptionId) {}

    private Chat chat(Browser admin, IncidentChatIT.Setup s, String summary) throws Exception {
        return chats(admin, s, summary).get(0);
    }

    /** One incident and chat per summary (Megan added, mapped and signed in to Teams with the first). */
    private List<Chat> chats(Browser admin, IncidentChatIT.Setup s, String... summaries) throws Exception {
        IncidentChatIT.addPerson(admin, s.siteId(), "Megan Bowen", MEGAN_UPN);
        IncidentChatIT.syncMapping(admin, s);
        List<Chat> chats = new ArrayList<>();
        for (String summary : summaries) {
            long number =
                    IncidentChatIT.createIncident(admin, s, summary, List.of("Alex Wilber"), List.of("Adele Vance"));
            String incident = s.incidents() + "/" + number;
            HtmlPage open = admin.open(incident);
            if (open.getElementById("teams-sign-in") != null) {
                IncidentChatIT.signInToTeams(admin, open, MEGAN_UPN);
            }
            HtmlPage page = IncidentChatIT.press(admin.open(incident), "teams-create-chat");
            assertNotNull(page.getElementById("teams-mode-notifications"), page.asNormalizedText());
            String chatId = IncidentChatIT.chatIdOf(number, s);
            String subscriptionId = await("a subscription to the chat", () -> subscriptionOf(chatId));
            await("the portal's record of it", () -> subscriptionId.equals(portalSubscription(chatId)) ? true : null);
            chats.add(new Chat(s, incident, chatId, subscriptionId));
        }
        return chats;
    }

    @Test
    @Tag(H2_ONLY)
    void theEndpointAnswersGraphsValidationRequest() throws Exception {
        String token =
                "Validation: Testing client application reachability for subscription Request-Id: " + UUID.randomUUID();
        for (String path : List.of("api/microsoft/chat-notifications", "api/microsoft/chat-lifecycle")) {
            HttpResponse<String> answer = http.send(
                    HttpRequest.newBuilder(URI.create(PortalDeployment.publicUrl() + path + "?validationToken="
                                    + URLEncoder.encode(token, StandardCharsets.UTF_8)))
                            .timeout(Duration.ofSeconds(10))
                            .header("Content-Type", "text/plain; charset=utf-8")
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, answer.statusCode(), path);
            assertTrue(answer.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"), path);
            assertEquals(token, answer.body(), path);
        }
    }

    @Test
    @Tag(H2_ONLY)
    void aMessageBecomesANoteByNotificationOnceAndALostOneIsCaughtByARead() throws Exception {
        IncidentChatIT.Setup s = IncidentChatIT.setup(base);
        try (Browser admin = s.portal().signedIn(s.admin())) {
            Chat c = chat(admin, s, "Mail queue stuck");
            String megan = token(MEGAN_UPN);

            // Posted in the chat: a note on the incident, without Read the chat now.
            post(c.chatId(), megan, "!note Restarted the transport service");
            await("the note, by notification", () -> notes(s, "Restarted the transport service") == 1 ? true : null);
            HtmlPage page = admin.open(c.incident());
            assertTrue(page.getElementById("timeline").asNormalizedText().contains("Restarted the transport service"));
            assertNotNull(page.getElementById("teams-subscribed"), page.asNormalizedText());

            // Sent twice by Graph: one note.
            quiet(c.subscriptionId());
            sandbox.graphControl("POST", "notifications/faults", "{\"duplicateNext\": 1}");
            post(c.chatId(), megan, "!note Queue drained");
            await("the note", () -> notes(s, "Queue drained") >= 1 ? true : null);
            Thread.sleep(1500);
            assertEquals(1, notes(s, "Queue drained"), "a duplicate notification adds nothing");
            assertEquals(List.of("NOTE_ADDED", "NOTE_ADDED"), outcomes(c.chatId()));

            // Lost by Graph: nothing happens until the chat is read; the read finds it.
            quiet(c.subscriptionId());
            sandbox.graphControl("POST", "notifications/faults", "{\"loseNext\": 1}");
            post(c.chatId(), megan, "!note Watching the queue");
            Thread.sleep(3000);
            assertEquals(0, notes(s, "Watching the queue"), "the notification was lost: nothing read the chat yet");
            HtmlPage read = IncidentChatIT.press(admin.open(c.incident()), "teams-read-chat");
            assertTrue(read.asNormalizedText().contains("1 commands"), read.asNormalizedText());
            assertEquals(1, notes(s, "Watching the queue"));
        }
    }

    @Test
    @Tag(H2_ONLY)
    void theMessageArrivesInItsNotificationAndNeedsNoRead() throws Exception {
        IncidentChatIT.Setup s = IncidentChatIT.setup(base);
        try (Browser admin = s.portal().signedIn(s.admin())) {
            Chat c = chat(admin, s, "VPN gateway flapping");
            String megan = token(MEGAN_UPN);
            Map<String, Object> subscription = subscriptions().stream()
                    .filter(x -> c.subscriptionId().equals(x.get("id")))
                    .findFirst()
                    .orElseThrow();
            assertEquals(Boolean.TRUE, subscription.get("includeResourceData"), "subscribed with resource data");
            assertTrue(
                    String.valueOf(subscription.get("encryptionCertificateId")).startsWith("tenantlink-"));

            // Content changed on the way does not verify: refused and audited; the read finds the message once.
            quiet(c.subscriptionId());
            sandbox.graphControl("POST", "notifications/faults", "{\"tamperNext\": 1}");
            post(c.chatId(), megan, "!note Tunnel two carries the traffic");
            await("the note, by the read", () -> notes(s, "Tunnel two carries the traffic") == 1 ? true : null);
            ConnectIT.assertAudited(s.siteId(), "CHAT_NOTIFICATION_REFUSED", "does not verify");
            Thread.sleep(1500);
            assertEquals(1, notes(s, "Tunnel two carries the traffic"));

            // The genuine notification without its validation tokens: not trusted, audited, nothing twice.
            String genuine = await("a delivered notification", () -> lastDeliveredBody(c.subscriptionId()));
            assertTrue(genuine.contains("\"validationTokens\""), genuine);
            Map<String, Object> body = JSONObjectUtils.parse(genuine);
            body.remove("validationTokens");
            assertEquals(202, notify(JSONObjectUtils.toJSONString(body)));
            ConnectIT.assertAudited(s.siteId(), "CHAT_NOTIFICATION_REFUSED", "validation tokens");
            Thread.sleep(1500);
            assertEquals(List.of("NOTE_ADDED"), outcomes(c.chatId()));

            // The message is posted, its notification lost; then every Graph operation answers 429 for 30 s, and
            // Graph tells of a change to the message: the notification carries it, the note needs no read. Last: the
            // read the notification also queues waits out the Retry-After in the background, and a step after this one
            // would wait for it (a chat is read on one thread at a time).
            quiet(c.subscriptionId());
            sandbox.graphControl("POST", "notifications/faults", "{\"loseNext\": 1}");
            String id = postForId(c.chatId(), megan, "!note Failover to the second tunnel");
            Thread.sleep(1500);
            assertEquals(0, notes(s, "Failover to the second tunnel"), "lost: nothing yet");
            sandbox.faults("POST", "{\"throttleNextRequests\": 10000, \"retryAfterSeconds\": 30}", true);
            long asked = System.nanoTime();
            try {
                assertEquals(
                        202,
                        sandbox.graphControl(
                                        "POST",
                                        "chats/" + c.chatId() + "/messages/" + id + "/changed",
                                        "{\"changeType\": \"updated\"}")
                                .statusCode());
                await(
                        "the note, from the notification's content",
                        () -> notes(s, "Failover to the second tunnel") == 1 ? true : null);
                double seconds = (System.nanoTime() - asked) / 1e9;
                assertTrue(seconds < 15, "noted while every read waits 30 s: " + seconds + " s");
            } finally {
                sandbox.faults("DELETE", null, true);
            }
            assertEquals(List.of("NOTE_ADDED", "NOTE_ADDED"), outcomes(c.chatId()));
        }
    }

    @Test
    @Tag(H2_ONLY)
    void forgedAndReplayedNotificationsChangeNothing() throws Exception {
        IncidentChatIT.Setup s = IncidentChatIT.setup(base);
        try (Browser admin = s.portal().signedIn(s.admin())) {
            Chat c = chat(admin, s, "Printer offline");
            String megan = token(MEGAN_UPN);
            post(c.chatId(), megan, "!note Power cycled the printer");
            await("the note", () -> notes(s, "Power cycled the printer") == 1 ? true : null);
            String genuine = await("the notification as delivered", () -> lastDeliveredBody(c.subscriptionId()));

            // Replayed: answered, and nothing runs twice.
            assertEquals(202, notify(genuine));
            Thread.sleep(2000);
            assertEquals(1, notes(s, "Power cycled the printer"));
            assertEquals(List.of("NOTE_ADDED"), outcomes(c.chatId()));

            // A message whose notification is lost, then forged notifications about it: never processed.
            quiet(c.subscriptionId());
            sandbox.graphControl("POST", "notifications/faults", "{\"loseNext\": 1}");
            post(c.chatId(), megan, "!priority P1");
            Thread.sleep(1000);
            String wrongState = genuine.replaceFirst("\"clientState\":\"[^\"]*\"", "\"clientState\":\"guessed\"");
            assertNotEquals(genuine, wrongState);
            assertEquals(202, notify(wrongState));
            String unknownSubscription =
                    genuine.replace(c.subscriptionId(), UUID.randomUUID().toString());
            assertEquals(202, notify(unknownSubscription));
            Thread.sleep(3000);
            assertEquals(List.of("NOTE_ADDED"), outcomes(c.chatId()), "forged notifications read nothing");
            ConnectIT.assertAudited(s.siteId(), "CHAT_NOTIFICATION_REFUSED", "wrong clientState");
            ConnectIT.assertAuditedAnywhere("CHAT_NOTIFICATION_REFUSED", "unknown subscription id");

            // Not Graph's shape at all: refused.
            assertEquals(400, notify("{\"value\": 3}"));

            // The real command is still read when the chat is.
            IncidentChatIT.press(admin.open(c.incident()), "teams-read-chat");
            assertEquals(List.of("NOTE_ADDED", "PRIORITY_SET"), outcomes(c.chatId()));
        }
    }

    @Test
    @Tag(H2_ONLY)
    void lifecycleNotificationsRenewRecreateAndCatchUp() throws Exception {
        IncidentChatIT.Setup s = IncidentChatIT.setup(base);
        try (Browser admin = s.portal().signedIn(s.admin())) {
            Chat c = chat(admin, s, "VPN certificate expiring");
            String megan = token(MEGAN_UPN);
            Instant before = expirationOf(c.subscriptionId());
            Thread.sleep(1100);

            // reauthorizationRequired: the portal renews (PATCH expirationDateTime), through a 503 Graph answers first.
            sandbox.graphControl("POST", "notifications/faults", "{\"failNextRequests\": 1, \"failStatus\": 503}");
            assertEquals(202, lifecycle(c.subscriptionId(), "reauthorizationRequired"));
            Instant renewed = await("the renewal", () -> {
                Instant now = expirationOf(c.subscriptionId());
                return now.isAfter(before) ? now : null;
            });
            assertTrue(renewed.isAfter(before));
            assertTrue(
                    sandbox.graphControl("GET", "notifications/faults", null)
                            .body()
                            .contains("\"failNextRequests\":0"),
                    "the injected 503 was answered (and the renewal retried)");
            await("the portal's record of the renewal", () -> renewedAt(c.chatId()) != null ? true : null);

            // subscriptionRemoved: the portal subscribes again, and notifications flow under the new subscription.
            assertEquals(202, lifecycle(c.subscriptionId(), "subscriptionRemoved"));
            String again = await("a new subscription", () -> {
                String now = subscriptionOf(c.chatId());
                return now != null && !now.equals(c.subscriptionId()) ? now : null;
            });
            await("the portal's record of it", () -> again.equals(portalSubscription(c.chatId())) ? true : null);
            post(c.chatId(), megan, "!note Renewed the certificate");
            await("the note, by the new subscription", () -> notes(s, "Renewed the certificate") == 1 ? true : null);

            // missed: the portal reads the chat once (what was lost is found).
            quiet(again);
            sandbox.graphControl("POST", "notifications/faults", "{\"loseNext\": 1}");
            post(c.chatId(), megan, "!note Told the users");
            Thread.sleep(2000);
            assertEquals(0, notes(s, "Told the users"));
            assertEquals(202, lifecycle(again, "missed"));
            await("the missed note", () -> notes(s, "Told the users") == 1 ? true : null);
        }
    }

    /**
     * Issue 14's "restart mid-stream": commands keep coming into two chats while the portal (and the stand-in beside it,
     * in the same Payara Micro) is stopped and started again; every message becomes exactly one note, none lost, none
     * twice, and the chats' answers say so. A third chat's command, whose notification did not lead to a read before the
     * stop (lost here on purpose: a stop cuts a delivery, or a read queued in memory, the same way) and which gets no
     * message after it, is read once after the start. After the restart the subscriptions still deliver.
     */
    @Test
    void messagesAcrossARestartBecomeOneNoteEach() throws Exception {
        IncidentChatIT.Setup s = IncidentChatIT.setup(base);
        List<Chat> chats;
        try (Browser admin = s.portal().signedIn(s.admin())) {
            chats = chats(admin, s, "Disk array failover A", "Disk array failover B", "Disk array failover C");
        }
        Chat a = chats.get(0);
        Chat b = chats.get(1);
        Chat c = chats.get(2);
        String run = Integer.toHexString(UUID.randomUUID().hashCode());
        Map<Chat, List<String>> texts = new java.util.LinkedHashMap<>();
        chats.forEach(chat -> texts.put(chat, new ArrayList<>()));
        String megan = token(MEGAN_UPN);

        // Chat C: one command whose notification never leads to a read before the stop.
        quietAll();
        int lostBefore = lostNotifications();
        sandbox.graphControl("POST", "notifications/faults", "{\"loseNext\": 1}");
        String lonely = "restart-" + run + "-c-01";
        post(c.chatId(), megan, "!note " + lonely);
        texts.get(c).add(lonely);
        assertEquals(lostBefore + 1, lostNotifications(), "chat C's notification was the one lost");

        // Chats A and B: six commands each, the last two posted just before the stop, their reads perhaps under way.
        for (int m = 1; m <= 6; m++) {
            for (Chat chat : List.of(a, b)) {
                String text = String.format("restart-%s-%s-%02d", run, chat == a ? "a" : "b", m);
                post(chat.chatId(), megan, "!note " + text);
                texts.get(chat).add(text);
            }
        }
        assertEquals(0, notes(s, lonely), "nothing read chat C before the stop");
        SharedPortalContainer.restartRunning();
        Instant back = Instant.now();

        // Six more each after the start (the stand-in signs with a new key: a new token for posting).
        String meganAgain = token(MEGAN_UPN);
        for (int m = 7; m <= 12; m++) {
            for (Chat chat : List.of(a, b)) {
                String text = String.format("restart-%s-%s-%02d", run, chat == a ? "a" : "b", m);
                post(chat.chatId(), meganAgain, "!note " + text);
                texts.get(chat).add(text);
            }
        }
        await("chat C's command, read after the start", () -> notes(s, lonely) == 1 ? true : null);
        for (List<String> list : texts.values()) {
            for (String text : list) {
                await("the note " + text, () -> notes(s, text) >= 1 ? true : null);
            }
        }
        quietAll();

        // Nothing reads the chats now but notifications (the safety poll is an hour away): a message posted now is a
        // note without Read the chat now, and the page still says notifications are on.
        String later = "restart-" + run + "-a-13";
        post(a.chatId(), meganAgain, "!note " + later);
        texts.get(a).add(later);
        await("the note posted after the restart, by notification", () -> notes(s, later) == 1 ? true : null);
        for (Chat chat : chats) {
            // Answered by the new process: at least the commands posted after the start (and chat C's).
            int atLeast = chat == c ? 1 : chat == a ? 7 : 6;
            await(
                    "the answers in chat " + chat.chatId(),
                    () -> answers(chat.chatId(), meganAgain, back) >= atLeast ? true : null);
        }
        quietAll();

        try (Browser admin = s.portal().signedIn(s.admin())) {
            for (Chat chat : chats) {
                List<String> sent = texts.get(chat);
                for (String text : sent) {
                    assertEquals(1, notes(s, text), text + ": exactly one note");
                }
                assertEquals(
                        java.util.Collections.nCopies(sent.size(), "NOTE_ADDED"),
                        outcomes(chat.chatId()),
                        "each command handled once");
                // Answers: never two for one command; the commands handled before the stop may have lost theirs
                // (answers wait in memory), the others all have one.
                int answered = answers(chat.chatId(), meganAgain, Instant.EPOCH);
                assertTrue(answered <= sent.size(), answered + " answers to " + sent.size() + " commands");
                if (chat == c) {
                    assertEquals(1, answered, "chat C's command was handled after the start: its answer is there");
                }
                HtmlPage page = admin.open(chat.incident());
                String timeline = page.getElementById("timeline").asNormalizedText();
                for (String text : sent) {
                    assertTrue(timeline.contains(text), text + " on the page: " + timeline);
                }
                assertNotNull(page.getElementById("teams-mode-notifications"), page.asNormalizedText());
                assertNotNull(page.getElementById("teams-subscribed"), page.asNormalizedText());
            }
        }
    }

    // --- helpers ----------------------------------------------------------------------------------------------

    private String token(String upn) throws Exception {
        return sandbox.delegatedToken(CONTOSO, SandboxChatsIT.CHAT_CLIENT, upn, "Chat.ReadWrite");
    }

    private void post(String chatId, String token, String text) throws Exception {
        postForId(chatId, token, text);
    }

    /** Posts a message in the chat as the token's user (waiting out 429s); its id. */
    private String postForId(String chatId, String token, String text) throws Exception {
        HttpResponse<String> sent;
        do {
            sent = sandbox.graph("POST", "/chats/" + chatId + "/messages", token, SandboxChatsIT.message(text));
            if (sent.statusCode() == 429) {
                Thread.sleep(1000);
            }
        } while (sent.statusCode() == 429);
        assertEquals(201, sent.statusCode(), sent.body());
        return (String) JSONObjectUtils.parse(sent.body()).get("id");
    }

    /** How many notifications the stand-in lost on purpose since its start. */
    private int lostNotifications() throws Exception {
        HttpResponse<String> listed = sandbox.graphControl("GET", "notifications", null);
        assertEquals(200, listed.statusCode(), listed.body());
        return ((Number) JSONObjectUtils.parse(listed.body()).get("lost")).intValue();
    }

    /** TenantLink's "Note added" answers in the chat posted after {@code since} (the stand-in's clock, this machine's). */
    private int answers(String chatId, String token, Instant since) throws Exception {
        HttpResponse<String> listed = sandbox.graph("GET", "/chats/" + chatId + "/messages?$top=50", token, null);
        assertEquals(200, listed.statusCode(), listed.body());
        Map<String, Object> page = JSONObjectUtils.parse(listed.body());
        assertEquals(null, page.get("@odata.nextLink"), "the chat fits one page");
        int n = 0;
        for (Object o : JSONObjectUtils.getJSONArray(page, "value")) {
            Map<?, ?> m = (Map<?, ?>) o;
            String content = String.valueOf(((Map<?, ?>) m.get("body")).get("content"));
            if (content.contains("Note added to")
                    && Instant.parse((String) m.get("createdDateTime")).isAfter(since)) {
                n++;
            }
        }
        return n;
    }

    /** Waits until the stand-in has sent no notification for two seconds (all subscriptions). */
    private void quietAll() throws Exception {
        String seen = null;
        long stableSince = System.nanoTime();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() - stableSince < Duration.ofSeconds(2).toNanos()) {
            String now = sandbox.graphControl("GET", "notifications", null).body();
            if (!now.equals(seen)) {
                seen = now;
                stableSince = System.nanoTime();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("notifications did not stop");
            }
            Thread.sleep(200);
        }
    }

    private int notify(String json) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(
                                        URI.create(PortalDeployment.publicUrl() + "api/microsoft/chat-notifications"))
                                .timeout(Duration.ofSeconds(10))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(json))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private int lifecycle(String subscriptionId, String event) throws Exception {
        return sandbox.graphControl(
                        "POST", "subscriptions/" + subscriptionId + "/lifecycle", "{\"event\": \"" + event + "\"}")
                .statusCode();
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> subscriptions() throws Exception {
        HttpResponse<String> listed = sandbox.graphControl("GET", "subscriptions", null);
        assertEquals(200, listed.statusCode(), listed.body());
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object o : JSONObjectUtils.getJSONArray(JSONObjectUtils.parse(listed.body()), "value")) {
            out.add((Map<String, Object>) o);
        }
        return out;
    }

    private String subscriptionOf(String chatId) throws Exception {
        String found = null;
        for (Map<String, Object> s : subscriptions()) {
            if (chatId.equals(s.get("chatId"))) {
                found = (String) s.get("id");
            }
        }
        return found;
    }

    private Instant expirationOf(String subscriptionId) throws Exception {
        for (Map<String, Object> s : subscriptions()) {
            if (subscriptionId.equals(s.get("id"))) {
                return Instant.parse((String) s.get("expirationDateTime"));
            }
        }
        throw new AssertionError("no subscription " + subscriptionId);
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> delivered() throws Exception {
        HttpResponse<String> listed = sandbox.graphControl("GET", "notifications", null);
        assertEquals(200, listed.statusCode(), listed.body());
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object o : JSONObjectUtils.getJSONArray(JSONObjectUtils.parse(listed.body()), "delivered")) {
            out.add((Map<String, Object>) o);
        }
        return out;
    }

    private int deliveredAbout(String subscriptionId) throws Exception {
        int n = 0;
        for (Map<String, Object> d : delivered()) {
            if (String.valueOf(d.get("body")).contains(subscriptionId)) {
                n++;
            }
        }
        return n;
    }

    private String lastDeliveredBody(String subscriptionId) throws Exception {
        String last = null;
        for (Map<String, Object> d : delivered()) {
            String body = String.valueOf(d.get("body"));
            if (body.contains(subscriptionId) && body.contains("\"changeType\":\"created\"")) {
                assertEquals(202L, ((Number) d.get("status")).longValue(), "the portal acknowledges with 202");
                last = body;
            }
        }
        return last;
    }

    private static String portalSubscription(String chatId) throws Exception {
        return single(
                "select s.subscription_id from incident_chat_subscription s join incident_chat c on c.id ="
                        + " s.chat_row_id where c.chat_id = ?",
                chatId);
    }

    private static String renewedAt(String chatId) throws Exception {
        return single(
                "select s.renewed_at from incident_chat_subscription s join incident_chat c on c.id ="
                        + " s.chat_row_id where c.chat_id = ?",
                chatId);
    }

    private static String single(String sql, String param) throws Exception {
        try (Connection c = TestDatabase.connect();
                PreparedStatement q = c.prepareStatement(sql)) {
            q.setString(1, param);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static int notes(IncidentChatIT.Setup s, String body) throws Exception {
        try (Connection c = TestDatabase.connect();
                PreparedStatement q = c.prepareStatement("select count(*) from incident_timeline t join incident i on"
                        + " i.id = t.incident_id where i.project_id = ? and t.body = ?")) {
            q.setLong(1, s.projectId());
            q.setString(2, body);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
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

    /**
     * Waits until the stand-in has sent no notification of the subscription for two seconds: the portal answers each
     * command in the chat, and that answer is a message too (with its own notification), which must not take a fault
     * meant for the next message.
     */
    private void quiet(String subscriptionId) throws Exception {
        int seen = -1;
        long stableSince = System.nanoTime();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() - stableSince < Duration.ofSeconds(2).toNanos()) {
            int now = deliveredAbout(subscriptionId);
            if (now != seen) {
                seen = now;
                stableSince = System.nanoTime();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("notifications of " + subscriptionId + " did not stop");
            }
            Thread.sleep(200);
        }
    }

    /** Polls (every 200 ms, 30 s at most) until the check gives a value. */
    private static <T> T await(String what, Callable<T> check) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            T value = check.call();
            if (value != null) {
                return value;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited 30 s for " + what);
            }
            Thread.sleep(200);
        }
    }
}
