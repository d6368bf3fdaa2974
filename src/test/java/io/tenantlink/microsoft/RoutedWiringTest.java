package io.tenantlink.microsoft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.aad.msal4j.ClientCredentialFactory;
import com.microsoft.aad.msal4j.ClientCredentialParameters;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.microsoft.aad.msal4j.MsalInteractionRequiredException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real msal4j, with Microsoft's real authority, reaches a stand-in through the routed
 * transport: proof that the wiring works end to end (instance discovery included), not a
 * sandbox conformance test.
 */
class RoutedWiringTest {

    private static final String TID = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    private static final String REVOKED_TID = "f8cdef31-a31e-4b4a-93e4-5f571e91255a";
    private HttpServer server;
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private MicrosoftRoutes routing;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::answer);
        server.start();
        routing = TestRoutes.standIn(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort()));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getRawPath();
        seen.add(ex.getRequestMethod() + " " + path);
        ex.getRequestBody().readAllBytes();
        String body;
        if (path.endsWith("/discovery/instance")) {
            body = "{\"tenant_discovery_endpoint\":\"https://login.microsoftonline.com/" + TID
                    + "/v2.0/.well-known/openid-configuration\",\"api-version\":\"1.1\",\"metadata\":[{"
                    + "\"preferred_network\":\"login.microsoftonline.com\",\"preferred_cache\":\"login.windows.net\","
                    + "\"aliases\":[\"login.microsoftonline.com\",\"login.windows.net\",\"login.microsoft.com\"]}]}";
        } else if (path.endsWith("/openid-configuration")) {
            String base = "https://login.microsoftonline.com/" + TID;
            body = "{\"issuer\":\"" + base + "/v2.0\",\"authorization_endpoint\":\"" + base
                    + "/oauth2/v2.0/authorize\",\"token_endpoint\":\"" + base + "/oauth2/v2.0/token\","
                    + "\"jwks_uri\":\"" + base + "/discovery/v2.0/keys\"}";
        } else if (path.endsWith("/oauth2/v2.0/token") && path.contains(REVOKED_TID)) {
            send(
                    ex,
                    400,
                    "{\"error\":\"invalid_grant\",\"error_description\":\"AADSTS50173: The provided grant has "
                            + "expired due to it being revoked.\",\"error_codes\":[50173],\"trace_id\":\"t\",\"correlation_id\":\"c\"}");
            return;
        } else if (path.endsWith("/oauth2/v2.0/token")) {
            body =
                    "{\"token_type\":\"Bearer\",\"expires_in\":3599,\"ext_expires_in\":3599,\"access_token\":\"app-token-1\"}";
        } else {
            body = "{}";
            send(ex, 404, body);
            return;
        }
        send(ex, 200, body);
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] out = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(status, out.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(out);
        }
    }

    @Test
    void msal4jClientCredentialsGoThroughTheRoutedClient() throws Exception {
        ConfidentialClientApplication app = ConfidentialClientApplication.builder(
                        "6731de76-14a6-49ae-97bc-6eba6914391e",
                        ClientCredentialFactory.createFromSecret("not-a-secret"))
                .authority("https://login.microsoftonline.com/" + TID + "/")
                .httpClient(new RoutedMsalHttpClient(routing, Duration.ofSeconds(2), Duration.ofSeconds(5)))
                .build();

        IAuthenticationResult result = app.acquireToken(
                        ClientCredentialParameters.builder(Set.of("https://graph.microsoft.com/.default"))
                                .build())
                .get();

        assertEquals("app-token-1", result.accessToken());
        // msal4j 1.26 asks for instance discovery (through the routing too), then the token.
        assertEquals(
                List.of(
                        "GET /sandbox/login/common/discovery/instance",
                        "POST /sandbox/login/" + TID + "/oauth2/v2.0/token"),
                seen);
    }

    @Test
    void microsoftsErrorReachesMsal4jIntact() throws Exception {
        ConfidentialClientApplication app = ConfidentialClientApplication.builder(
                        "6731de76-14a6-49ae-97bc-6eba6914391e",
                        ClientCredentialFactory.createFromSecret("not-a-secret"))
                .authority("https://login.microsoftonline.com/" + REVOKED_TID + "/")
                .httpClient(new RoutedMsalHttpClient(routing, Duration.ofSeconds(2), Duration.ofSeconds(5)))
                .build();

        ExecutionException e = assertThrows(
                ExecutionException.class,
                () -> app.acquireToken(
                                ClientCredentialParameters.builder(Set.of("https://graph.microsoft.com/.default"))
                                        .build())
                        .get());

        // msal4j turns invalid_grant into MsalInteractionRequiredException (statusCode() stays null
        // on that path); errorCode() is "error", getMessage() is "error_description".
        MsalInteractionRequiredException msal = assertInstanceOf(MsalInteractionRequiredException.class, e.getCause());
        assertEquals("invalid_grant", msal.errorCode());
        assertTrue(msal.getMessage().startsWith("AADSTS50173"), msal.getMessage());
        AadstsError error = AadstsError.of(msal.errorCode(), msal.getMessage());
        assertEquals(50173, error.code());
        assertTrue(error.needsSignInAgain());
    }
}
