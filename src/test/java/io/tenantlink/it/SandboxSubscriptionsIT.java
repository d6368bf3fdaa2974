package io.tenantlink.it;

import static io.tenantlink.it.GraphJson.asMap;
import static io.tenantlink.it.GraphJson.assertGraphError;
import static io.tenantlink.it.GraphJson.json;
import static io.tenantlink.it.GraphSandboxClient.CONTOSO;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.tenantlink.sandbox.graph.EncryptedContentChecks;
import io.tenantlink.sandbox.graph.SelfSignedCertificate;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
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
 * The Graph stand-in's change notifications with resource data over HTTP, as the deployed stand-in sends them to an
 * endpoint of the test's own on loopback: the chat message encrypted for the subscriber's certificate (decrypted with
 * the Graph SDK), the validation token verified against the JWKS the stand-in publishes at
 * /sandbox/login/common/discovery/v2.0/keys (and /discovery/keys), the tamperNext fault, and the 400 without a
 * certificate.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SandboxSubscriptionsIT {

    static final String LEE_UPN = "lee@contoso.example";
    static final String LEE = "b1e2c3d4-0004-4a5b-8c6d-7e8f9a0b1c04";
    static final String ADELE = "b1e2c3d4-0003-4a5b-8c6d-7e8f9a0b1c03";
    static final String MEGAN = "b1e2c3d4-0001-4a5b-8c6d-7e8f9a0b1c01";
    static final String CERTIFICATE_ID = "tenantlink-it-certificate";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return PortalDeployment.sharedPortal();
    }

    @ArquillianResource
    URL base;

    private GraphSandboxClient sandbox;
    private HttpServer endpoint;
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private String lee;
    private String chatId;
    private String subscriptionId;

    @BeforeEach
    void setUp() throws Exception {
        sandbox = new GraphSandboxClient(base);
        assertEquals(200, sandbox.graphControl("DELETE", "notifications/faults").statusCode());
        endpoint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        endpoint.createContext("/", exchange -> {
            String query = exchange.getRequestURI().getRawQuery();
            byte[] answer = new byte[0];
            if (query != null && query.startsWith("validationToken=")) {
                answer = URLDecoder.decode(query.substring("validationToken=".length()), StandardCharsets.UTF_8)
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "text/plain");
            } else {
                received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            }
            exchange.sendResponseHeaders(answer.length == 0 ? 202 : 200, answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                exchange.getResponseBody().write(answer);
            }
            exchange.close();
        });
        endpoint.start();
        lee = sandbox.delegatedToken(
                CONTOSO, SandboxChatsIT.CHAT_CLIENT, LEE_UPN, "Chat.Create Chat.ReadWrite ChatMessage.Send");
        HttpResponse<String> created =
                sandbox.graph("POST", "/chats", lee, SandboxChatsIT.chat("group", "Notified", LEE, ADELE, MEGAN));
        assertEquals(201, created.statusCode(), created.body());
        chatId = (String) json(created).get("id");
    }

    @AfterEach
    void tearDown() throws Exception {
        if (subscriptionId != null) {
            sandbox.graph("DELETE", "/subscriptions/" + subscriptionId, lee, null);
        }
        sandbox.graphControl("DELETE", "notifications/faults");
        endpoint.stop(0);
        sandbox.close();
    }

    private String subscription(SelfSignedCertificate certificate) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("changeType", "created,updated");
        body.put("notificationUrl", "http://127.0.0.1:" + endpoint.getAddress().getPort() + "/notify");
        body.put("resource", "/chats/" + chatId + "/messages");
        body.put(
                "expirationDateTime",
                Instant.now()
                        .plus(50, ChronoUnit.MINUTES)
                        .truncatedTo(ChronoUnit.SECONDS)
                        .toString());
        body.put("clientState", "it-secret");
        body.put("includeResourceData", true);
        if (certificate != null) {
            body.put("encryptionCertificate", certificate.base64());
            body.put("encryptionCertificateId", CERTIFICATE_ID);
        }
        return JSONObjectUtils.toJSONString(body);
    }

    private String post(String text) throws Exception {
        HttpResponse<String> sent = sandbox.graph(
                "POST", "/chats/" + GraphSandboxClient.enc(chatId) + "/messages", lee, SandboxChatsIT.message(text));
        assertEquals(201, sent.statusCode(), sent.body());
        return (String) json(sent).get("id");
    }

    /** The next notification POST's body (delivery is off the request thread). */
    private Map<String, Object> nextNotification() throws Exception {
        String body = received.poll(15, TimeUnit.SECONDS);
        assertNotNull(body, "a notification within 15 seconds");
        return JSONObjectUtils.parse(body);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> item(Map<String, Object> body) {
        List<Object> value = (List<Object>) body.get("value");
        assertEquals(1, value.size(), body.toString());
        return asMap(value.get(0));
    }

    private JWKSet jwks(String path) throws Exception {
        HttpResponse<String> keys = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + base.getPort() + "/sandbox/login/" + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, keys.statusCode(), path + ": " + keys.body());
        return JWKSet.parse(keys.body());
    }

    @Test
    @SuppressWarnings("unchecked")
    void aPostedMessageArrivesEncryptedForTheCertificateWithAValidationTokenOfThePublishedKeys() throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.rsa("TenantLink IT notifications");
        HttpResponse<String> made = sandbox.graph("POST", "/subscriptions", lee, subscription(certificate));
        assertEquals(201, made.statusCode(), made.body());
        Map<String, Object> subscription = json(made);
        subscriptionId = (String) subscription.get("id");
        assertEquals(true, subscription.get("includeResourceData"));
        assertEquals(CERTIFICATE_ID, subscription.get("encryptionCertificateId"));

        String text = "Payments API: 502 from <gateway> — rolling back";
        String messageId = post(text);
        Map<String, Object> body = nextNotification();
        Map<String, Object> n = item(body);
        assertEquals(subscriptionId, n.get("subscriptionId"));
        assertEquals("created", n.get("changeType"));
        assertEquals("it-secret", n.get("clientState"));
        Map<String, Object> encrypted = asMap(n.get("encryptedContent"));
        assertEquals(CERTIFICATE_ID, encrypted.get("encryptionCertificateId"));
        assertEquals(
                EncryptedContentChecks.thumbprint(certificate.certificate()),
                encrypted.get("encryptionCertificateThumbprint"));
        PrivateKey key = certificate.keys().getPrivate();
        Map<String, Object> message = JSONObjectUtils.parse(EncryptedContentChecks.decrypt(encrypted, key));
        assertEquals(messageId, message.get("id"));
        assertEquals(text, asMap(message.get("body")).get("content"));
        assertEquals(LEE, asMap(asMap(message.get("from")).get("user")).get("id"));
        HttpResponse<String> got =
                sandbox.graph("GET", "/chats/" + GraphSandboxClient.enc(chatId) + "/messages/" + messageId, lee, null);
        assertEquals(200, got.statusCode(), got.body());
        assertEquals(JSONObjectUtils.parse(got.body()), message, "as GET /chats/{id}/messages/{id} answers");

        List<Object> tokens = (List<Object>) body.get("validationTokens");
        assertEquals(1, tokens.size(), body.toString());
        String token = (String) tokens.get(0);
        JWKSet v2 = jwks("common/discovery/v2.0/keys");
        JWKSet v1 = jwks("common/discovery/keys");
        assertEquals(v2.toString(), v1.toString(), "the same key set at both addresses");
        assertNotNull(v2.getKeyByKeyId(SignedJWT.parse(token).getHeader().getKeyID()), "kid of a published key");
        JWTClaimsSet claims =
                EncryptedContentChecks.verifiedToken(token, v2, CONTOSO, SandboxChatsIT.CHAT_CLIENT.appId());
        assertEquals(List.of(SandboxChatsIT.CHAT_CLIENT.appId()), claims.getAudience());
        assertEquals("https://sts.windows.net/" + CONTOSO + "/", claims.getIssuer());
        assertEquals(EncryptedContentChecks.PUBLISHER, claims.getStringClaim("azp"));
        assertEquals(
                3600,
                (claims.getExpirationTime().getTime() - claims.getIssueTime().getTime()) / 1000);

        // tamperNext: the next one's data has a byte flipped, so its signature does not match; then intact again.
        HttpResponse<String> faults = sandbox.graphControl("POST", "notifications/faults", "{\"tamperNext\":1}");
        assertEquals(200, faults.statusCode(), faults.body());
        assertEquals(1, ((Number) JSONObjectUtils.parse(faults.body()).get("tamperNext")).intValue());
        post("tampered");
        Map<String, Object> tampered = asMap(item(nextNotification()).get("encryptedContent"));
        assertFalse(EncryptedContentChecks.signatureMatches(tampered, key));
        assertThrows(Exception.class, () -> EncryptedContentChecks.decrypt(tampered, key));
        HttpResponse<String> spent = sandbox.graphControl("GET", "notifications/faults");
        assertEquals(0, ((Number) JSONObjectUtils.parse(spent.body()).get("tamperNext")).intValue());
        String intact = post("intact");
        Map<String, Object> after = asMap(item(nextNotification()).get("encryptedContent"));
        assertTrue(EncryptedContentChecks.signatureMatches(after, key));
        assertEquals(
                intact,
                JSONObjectUtils.parse(EncryptedContentChecks.decrypt(after, key))
                        .get("id"));
    }

    @Test
    void includeResourceDataWithoutACertificateIsRefused() throws Exception {
        HttpResponse<String> refused = sandbox.graph("POST", "/subscriptions", lee, subscription(null));
        assertGraphError(refused, 400, "BadRequest");
        assertTrue(refused.body().contains("encryptionCertificate is required"), refused.body());
    }
}
