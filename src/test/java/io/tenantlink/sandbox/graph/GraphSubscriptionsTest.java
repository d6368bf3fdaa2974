package io.tenantlink.sandbox.graph;

import static io.tenantlink.sandbox.graph.InMemorySandbox.ADELE;
import static io.tenantlink.sandbox.graph.InMemorySandbox.CLIENT_APP;
import static io.tenantlink.sandbox.graph.InMemorySandbox.CONTOSO;
import static io.tenantlink.sandbox.graph.InMemorySandbox.LEE;
import static io.tenantlink.sandbox.graph.InMemorySandbox.MEGAN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Change notification subscriptions of the Graph stand-in: the validation handshake, Graph's limits, and the
 * notifications (and their faults) sent to a small HTTP endpoint of the test's own; with resource data, the message
 * encrypted for the subscriber's certificate (decrypted here by the Graph SDK's own DecryptableContent) and the
 * validation tokens.
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

    // --- with resource data ------------------------------------------------------------------------------------

    private static final String CERTIFICATE_ID = "tenantlink-notifications-2026";

    private Map<String, Object> withResourceData(SelfSignedCertificate certificate) {
        Map<String, Object> body = subscription("/chats/" + chatId + "/messages", inMinutes(55));
        body.put("includeResourceData", true);
        body.put("encryptionCertificate", certificate.base64());
        body.put("encryptionCertificateId", CERTIFICATE_ID);
        return body;
    }

    private String post(String text) {
        GraphResponse posted = call(
                "POST",
                "/chats/" + chatId + "/messages",
                delegated(LEE, "ChatMessage.Send"),
                Map.of("body", Map.of("content", text)));
        assertEquals(201, posted.status(), String.valueOf(posted.body()));
        return (String) posted.body().get("id");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aSubscriptionWithResourceDataGetsTheMessageEncryptedForItsCertificate() throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.rsa("TenantLink notifications");
        String megan = delegated(MEGAN, "Chat.Read");
        GraphResponse made = subscribe(megan, withResourceData(certificate));
        assertEquals(201, made.status(), String.valueOf(made.body()));
        assertEquals(true, made.body().get("includeResourceData"));
        assertEquals(CERTIFICATE_ID, made.body().get("encryptionCertificateId"));
        String id = (String) made.body().get("id");
        GraphResponse read = call("GET", "/subscriptions/" + id, megan, null);
        assertEquals(true, read.body().get("includeResourceData"));
        assertEquals(CERTIFICATE_ID, read.body().get("encryptionCertificateId"));
        assertEquals(certificate.base64(), read.body().get("encryptionCertificate"));
        // Another subscription of the chat without resource data: notified as before.
        GraphResponse plain = subscribe(megan, subscription("/chats/" + chatId + "/messages", inMinutes(55)));
        assertEquals(false, plain.body().get("includeResourceData"));
        String plainId = (String) plain.body().get("id");

        String text = "Disk full on <db-2> — \"still\" failing";
        String messageId = post(text);
        assertEquals(2, received.size());
        Map<String, Object> body = null;
        for (String r : received) {
            Map<String, Object> n = only(r);
            if (n.get("subscriptionId").equals(plainId)) {
                assertFalse(n.containsKey("encryptedContent"), r);
                assertFalse(JSONObjectUtils.parse(r).containsKey("validationTokens"), r);
            } else {
                body = JSONObjectUtils.parse(r);
            }
        }
        Map<String, Object> n = only(JSONObjectUtils.toJSONString(body));
        assertEquals(id, n.get("subscriptionId"));
        assertEquals("created", n.get("changeType"));
        assertEquals(messageId, ((Map<String, Object>) n.get("resourceData")).get("id"));
        Map<String, Object> encrypted = (Map<String, Object>) n.get("encryptedContent");
        assertEquals(CERTIFICATE_ID, encrypted.get("encryptionCertificateId"));
        assertEquals(
                EncryptedContentChecks.thumbprint(certificate.certificate()),
                encrypted.get("encryptionCertificateThumbprint"));
        assertTrue(EncryptedContentChecks.signatureMatches(
                encrypted, certificate.keys().getPrivate()));

        Map<String, Object> message = JSONObjectUtils.parse(
                EncryptedContentChecks.decrypt(encrypted, certificate.keys().getPrivate()));
        assertEquals(messageId, message.get("id"));
        assertEquals(text, ((Map<String, Object>) message.get("body")).get("content"));
        assertEquals(LEE, ((Map<String, Object>) ((Map<String, Object>) message.get("from")).get("user")).get("id"));
        GraphResponse got = call("GET", "/chats/" + chatId + "/messages/" + messageId, megan, null);
        assertEquals(200, got.status(), String.valueOf(got.body()));
        assertEquals(
                JSONObjectUtils.parse(JSONObjectUtils.toJSONString(got.body())),
                message,
                "exactly what GET /chats/{id}/messages/{id} answers");

        List<Object> tokens = (List<Object>) body.get("validationTokens");
        assertEquals(1, tokens.size(), String.valueOf(tokens));
        JWTClaimsSet claims = EncryptedContentChecks.verifiedToken(
                (String) tokens.get(0), sandbox.keys.publicKeys(), CONTOSO, CLIENT_APP);
        assertEquals(List.of(CLIENT_APP), claims.getAudience());
        assertEquals(
                sandbox.keys.current().getKeyID(),
                SignedJWT.parse((String) tokens.get(0)).getHeader().getKeyID(),
                "signed with the stand-in's token key, named by its kid");
        assertEquals(
                3600,
                (claims.getExpirationTime().getTime() - claims.getIssueTime().getTime()) / 1000,
                "valid for an hour");
        assertFalse(claims.getNotBeforeTime().toInstant().isAfter(Instant.now()));
        // Another app's token would not do: the audience is checked.
        assertThrows(
                Exception.class,
                () -> EncryptedContentChecks.verifiedToken(
                        (String) tokens.get(0), sandbox.keys.publicKeys(), CONTOSO, InMemorySandbox.ADMIN_APP));

        // An edit carries the message again (with a fresh key); a deletion carries none.
        received.clear();
        sandbox.subscriptions.changed(CONTOSO, chatId, messageId, "updated", Instant.now());
        Map<String, Object> updated = null;
        for (String r : received) {
            if (only(r).get("subscriptionId").equals(id)) {
                updated = only(r);
            }
        }
        assertEquals("updated", updated.get("changeType"));
        assertNotEquals(
                encrypted.get("dataKey"), ((Map<String, Object>) updated.get("encryptedContent")).get("dataKey"));
        assertEquals(
                messageId,
                JSONObjectUtils.parse(EncryptedContentChecks.decrypt(
                                updated.get("encryptedContent"),
                                certificate.keys().getPrivate()))
                        .get("id"));
        received.clear();
        sandbox.subscriptions.changed(CONTOSO, chatId, messageId, "deleted", Instant.now());
        assertEquals(2, received.size());
        for (String r : received) {
            assertEquals("deleted", only(r).get("changeType"));
            assertFalse(only(r).containsKey("encryptedContent"), r);
            assertFalse(JSONObjectUtils.parse(r).containsKey("validationTokens"), r);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void resourceDataNeedsAnRsaCertificateAndItsId() throws Exception {
        String megan = delegated(MEGAN, "Chat.Read");
        SelfSignedCertificate rsa = SelfSignedCertificate.rsa("TenantLink notifications");

        Map<String, Object> noCertificate = withResourceData(rsa);
        noCertificate.remove("encryptionCertificate");
        noCertificate.remove("encryptionCertificateId");
        GraphResponse refused = subscribe(megan, noCertificate);
        assertEquals(400, refused.status(), String.valueOf(refused.body()));
        Map<String, Object> error = (Map<String, Object>) refused.body().get("error");
        assertEquals("BadRequest", error.get("code"));
        assertTrue(((String) error.get("message")).contains("encryptionCertificate is required"), error.toString());

        Map<String, Object> noId = withResourceData(rsa);
        noId.remove("encryptionCertificateId");
        refused = subscribe(megan, noId);
        assertEquals(400, refused.status());
        assertTrue(
                ((String) ((Map<String, Object>) refused.body().get("error")).get("message"))
                        .contains("encryptionCertificateId is required"),
                String.valueOf(refused.body()));

        Map<String, Object> longId = withResourceData(rsa);
        longId.put("encryptionCertificateId", "x".repeat(129));
        assertEquals(400, subscribe(megan, longId).status(), "at most 128 characters");

        Map<String, Object> notACertificate = withResourceData(rsa);
        notACertificate.put(
                "encryptionCertificate",
                Base64.getEncoder().encodeToString("not a certificate".getBytes(StandardCharsets.UTF_8)));
        refused = subscribe(megan, notACertificate);
        assertEquals(400, refused.status());
        assertTrue(String.valueOf(refused.body()).contains("X.509"), String.valueOf(refused.body()));

        refused = subscribe(megan, withResourceData(SelfSignedCertificate.ec("An EC key")));
        assertEquals(400, refused.status());
        assertTrue(String.valueOf(refused.body()).contains("RSA public key"), String.valueOf(refused.body()));

        Map<String, Object> notABoolean = withResourceData(rsa);
        notABoolean.put("includeResourceData", "true");
        assertEquals(400, subscribe(megan, notABoolean).status());

        assertTrue(sandbox.subscriptions.all().isEmpty(), "none was made");
        assertTrue(received.isEmpty());
    }

    @Test
    @SuppressWarnings("unchecked")
    void tamperedDataNoLongerMatchesItsSignatureAndTheOtherFaultsApply() throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.rsa("TenantLink notifications");
        PrivateKey key = certificate.keys().getPrivate();
        GraphResponse made = subscribe(delegated(MEGAN, "Chat.Read"), withResourceData(certificate));
        assertEquals(201, made.status(), String.valueOf(made.body()));

        sandbox.subscriptions.updateFaults(Map.of("tamperNext", 1));
        assertEquals(1, sandbox.subscriptions.faults().toJson().get("tamperNext"));
        post("tampered with");
        assertEquals(1, received.size());
        Map<String, Object> tampered =
                (Map<String, Object>) only(received.get(0)).get("encryptedContent");
        assertFalse(EncryptedContentChecks.signatureMatches(tampered, key), "the HMAC does not verify");
        Exception refused = assertThrows(Exception.class, () -> EncryptedContentChecks.decrypt(tampered, key));
        assertEquals("Signature does not match", refused.getMessage());
        assertEquals(0, sandbox.subscriptions.faults().toJson().get("tamperNext"));

        String intact = post("intact");
        assertEquals(2, received.size());
        Map<String, Object> content =
                (Map<String, Object>) only(received.get(1)).get("encryptedContent");
        assertTrue(EncryptedContentChecks.signatureMatches(content, key));
        assertEquals(
                intact,
                JSONObjectUtils.parse(EncryptedContentChecks.decrypt(content, key))
                        .get("id"));

        sandbox.subscriptions.updateFaults(Map.of("loseNext", 1));
        post("lost");
        assertEquals(2, received.size(), "lost");
        sandbox.subscriptions.updateFaults(Map.of("duplicateNext", 1));
        String twice = post("twice");
        assertEquals(4, received.size(), "sent twice");
        assertEquals(received.get(2), received.get(3));
        assertEquals(
                twice,
                JSONObjectUtils.parse(EncryptedContentChecks.decrypt(
                                only(received.get(3)).get("encryptedContent"), key))
                        .get("id"));
    }
}
