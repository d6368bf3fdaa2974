package io.tenantlink.sandbox.graph;

import static io.tenantlink.sandbox.graph.InMemorySandbox.ADELE;
import static io.tenantlink.sandbox.graph.InMemorySandbox.CLIENT_APP;
import static io.tenantlink.sandbox.graph.InMemorySandbox.CONTOSO;
import static io.tenantlink.sandbox.graph.InMemorySandbox.LEE;
import static io.tenantlink.sandbox.graph.InMemorySandbox.MEGAN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Change notification subscriptions of the Graph stand-in: the validation handshake, Graph's limits, and the
 * notifications (and their faults) sent to a small HTTP endpoint of the test's own.
 */
class GraphSubscriptionsTest {

    private final InMemorySandbox sandbox = new InMemorySandbox();
    private HttpServer endpoint;
    private final List<String> received = new CopyOnWriteArrayList<>();
    /** What the endpoint answers a validation request with: the token (true) or something else. */
    private volatile boolean echo = true;

    private String chatId;

    @BeforeEach
    void setUp() throws IOException {
        endpoint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        endpoint.createContext("/", exchange -> {
            String query = exchange.getRequestURI().getRawQuery();
            byte[] answer;
            int status;
            if (query != null && query.startsWith("validationToken=")) {
                String token = URLDecoder.decode(query.substring("validationToken=".length()), StandardCharsets.UTF_8);
                answer = (echo ? token : "hello").getBytes(StandardCharsets.UTF_8);
                status = 200;
                exchange.getResponseHeaders().add("Content-Type", "text/plain");
            } else {
                received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                answer = new byte[0];
                status = 202;
            }
            exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                exchange.getResponseBody().write(answer);
            }
            exchange.close();
        });
        endpoint.start();
        GraphResponse created = call(
                "POST",
                "/chats",
                delegated(LEE, "Chat.Create"),
                GraphChatsTest.chat("group", "Incident 7", LEE, ADELE, "megan.admin@contoso.example"));
        assertEquals(201, created.status(), String.valueOf(created.body()));
        chatId = (String) created.body().get("id");
    }

    @AfterEach
    void tearDown() {
        endpoint.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + endpoint.getAddress().getPort() + "/notify";
    }

    private String delegated(String userId, String scp) {
        return GraphTestTokens.delegated(sandbox.keys, CONTOSO, CLIENT_APP, userId, scp);
    }

    private GraphResponse call(String method, String url, String token, Map<String, Object> body) {
        Map<String, String> h = new HashMap<>();
        h.put("Authorization", token);
        return sandbox.graph.serve(method, url, body == null ? null : JSONObjectUtils.toJSONString(body), h);
    }

    private Map<String, Object> subscription(String resource, Instant expires) {
        Map<String, Object> body = new HashMap<>();
        body.put("changeType", "created,updated,deleted");
        body.put("notificationUrl", url());
        body.put("lifecycleNotificationUrl", url() + "/lifecycle");
        body.put("resource", resource);
        body.put("expirationDateTime", expires.toString());
        body.put("clientState", "the-secret");
        return body;
    }

    private Instant inMinutes(int minutes) {
        return Instant.now().plus(minutes, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
    }

    private GraphResponse subscribe(String token, Map<String, Object> body) {
        return call("POST", "/subscriptions", token, body);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> only(String json) throws Exception {
        List<Object> value = (List<Object>) JSONObjectUtils.parse(json).get("value");
        assertEquals(1, value.size(), json);
        return (Map<String, Object>) value.get(0);
    }

    @Test
    void aSubscriptionIsMadeOnlyAfterTheEndpointEchoesTheValidationToken() throws Exception {
        String megan = delegated(MEGAN, "Chat.Read");
        echo = false;
        GraphResponse refused = subscribe(megan, subscription("/chats/" + chatId + "/messages", inMinutes(55)));
        assertEquals(400, refused.status(), String.valueOf(refused.body()));
        assertTrue(sandbox.subscriptions.all().isEmpty());

        echo = true;
        GraphResponse made = subscribe(megan, subscription("/chats/" + chatId + "/messages", inMinutes(55)));
        assertEquals(201, made.status(), String.valueOf(made.body()));
        assertEquals("/chats/" + chatId + "/messages", made.body().get("resource"));
        assertNull(made.body().get("clientState"), "Graph never gives the secret back");
        String id = (String) made.body().get("id");

        // The app sees, renews and deletes its own subscription.
        assertEquals(200, call("GET", "/subscriptions/" + id, megan, null).status());
        GraphResponse renewed = call(
                "PATCH",
                "/subscriptions/" + id,
                megan,
                Map.of("expirationDateTime", inMinutes(58).toString()));
        assertEquals(200, renewed.status(), String.valueOf(renewed.body()));
        assertEquals(
                inMinutes(58).toString(),
                renewed.body().get("expirationDateTime").toString().replace(".000", ""));
        assertEquals(204, call("DELETE", "/subscriptions/" + id, megan, null).status());
        assertEquals(404, call("GET", "/subscriptions/" + id, megan, null).status());
    }

    @Test
    void graphsLimitsAreKept() {
        String megan = delegated(MEGAN, "Chat.Read");
        String resource = "/chats/" + chatId + "/messages";
        assertEquals(
                400, subscribe(megan, subscription(resource, inMinutes(62))).status(), "over 60 minutes");
        assertEquals(
                400, subscribe(megan, subscription(resource, inMinutes(-1))).status(), "in the past");
        Map<String, Object> badChange = subscription(resource, inMinutes(30));
        badChange.put("changeType", "created,read");
        assertEquals(400, subscribe(megan, badChange).status());
        Map<String, Object> plainHttp = subscription(resource, inMinutes(30));
        plainHttp.put("notificationUrl", "http://portal.example/notify");
        assertEquals(400, subscribe(megan, plainHttp).status(), "https only (http on loopback)");
        assertEquals(
                403,
                subscribe(delegated(MEGAN, "User.Read"), subscription(resource, inMinutes(30)))
                        .status(),
                "needs Chat.Read");
        assertEquals(
                404,
                subscribe(megan, subscription("/chats/19:nothing@thread.v2/messages", inMinutes(30)))
                        .status());
        assertEquals(
                400,
                subscribe(megan, subscription("/users/" + MEGAN + "/messages", inMinutes(30)))
                        .status());
    }

    @Test
    void aPostedMessageIsNotifiedWithoutResourceDataAndFaultsApply() throws Exception {
        String megan = delegated(MEGAN, "Chat.Read");
        GraphResponse made = subscribe(megan, subscription("/chats/" + chatId + "/messages", inMinutes(55)));
        assertEquals(201, made.status(), String.valueOf(made.body()));
        String id = (String) made.body().get("id");
        String lee = delegated(LEE, "ChatMessage.Send");

        GraphResponse posted =
                call("POST", "/chats/" + chatId + "/messages", lee, Map.of("body", Map.of("content", "hi")));
        assertEquals(201, posted.status(), String.valueOf(posted.body()));
        String messageId = (String) posted.body().get("id");
        assertEquals(1, received.size());
        Map<String, Object> n = only(received.get(0));
        assertEquals(id, n.get("subscriptionId"));
        assertEquals("the-secret", n.get("clientState"));
        assertEquals("created", n.get("changeType"));
        assertEquals("chats('" + chatId + "')/messages('" + messageId + "')", n.get("resource"));
        assertEquals(CONTOSO, n.get("tenantId"));
        assertTrue(n.containsKey("subscriptionExpirationDateTime"));

        sandbox.subscriptions.updateFaults(Map.of("loseNext", 1));
        call("POST", "/chats/" + chatId + "/messages", lee, Map.of("body", Map.of("content", "lost")));
        assertEquals(1, received.size(), "lost");
        sandbox.subscriptions.updateFaults(Map.of("duplicateNext", 1));
        call("POST", "/chats/" + chatId + "/messages", lee, Map.of("body", Map.of("content", "twice")));
        assertEquals(3, received.size(), "sent twice");
        assertEquals(received.get(1), received.get(2));

        sandbox.subscriptions.updateFaults(Map.of("failNextRequests", 1, "failStatus", 503));
        assertEquals(503, call("DELETE", "/subscriptions/" + id, megan, null).status());
        assertEquals(204, call("DELETE", "/subscriptions/" + id, megan, null).status());
        call("POST", "/chats/" + chatId + "/messages", lee, Map.of("body", Map.of("content", "after")));
        assertEquals(3, received.size(), "no subscription, no notification");
    }

    @Test
    void lifecycleNotificationsCarryTheEventAndTheClientState() throws Exception {
        String megan = delegated(MEGAN, "Chat.Read");
        GraphResponse made = subscribe(megan, subscription("/chats/" + chatId + "/messages", inMinutes(55)));
        SandboxSubscriptions.Subscription s =
                sandbox.subscriptions.find((String) made.body().get("id")).orElseThrow();
        sandbox.subscriptions.lifecycle(s, "reauthorizationRequired");
        Map<String, Object> n = only(received.get(0));
        assertEquals("reauthorizationRequired", n.get("lifecycleEvent"));
        assertEquals("the-secret", n.get("clientState"));
        assertEquals(s.id(), n.get("subscriptionId"));
    }
}
