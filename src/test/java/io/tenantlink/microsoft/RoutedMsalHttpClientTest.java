package io.tenantlink.microsoft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.aad.msal4j.HttpMethod;
import com.microsoft.aad.msal4j.HttpRequest;
import com.microsoft.aad.msal4j.IHttpResponse;
import java.lang.reflect.Constructor;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RoutedMsalHttpClientTest {

    private RecordingServer server;
    private RoutedMsalHttpClient client;

    @BeforeEach
    void start() throws Exception {
        server = new RecordingServer();
        client = new RoutedMsalHttpClient(
                TestRoutes.standIn(server.origin()), Duration.ofSeconds(2), Duration.ofMillis(700));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** msal4j's HttpRequest constructors are package-private: msal4j builds them, tests borrow them. */
    static HttpRequest msalRequest(HttpMethod method, String url, Map<String, String> headers, String body)
            throws Exception {
        Constructor<HttpRequest> c =
                HttpRequest.class.getDeclaredConstructor(HttpMethod.class, String.class, Map.class, String.class);
        c.setAccessible(true);
        return c.newInstance(method, url, headers, body);
    }

    @Test
    void tokenPostArrivesAtTheSandboxWithBodyAndHeadersIntact() throws Exception {
        server.answer(
                200,
                "application/json; charset=utf-8",
                "{\"access_token\":\"at\",\"token_type\":\"Bearer\"}",
                Map.of("client-request-id", "abc-123", "Retry-After", "3"));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8");
        headers.put("x-client-SKU", "MSAL.Java");
        headers.put("client-request-id", "abc-123");
        headers.put("Host", "login.microsoftonline.com"); // restricted in java.net.http: dropped, not fatal
        String form = "grant_type=authorization_code&code=c%2Fd&code_verifier=v&client_id=app&scope=openid+profile";

        IHttpResponse response = client.send(
                msalRequest(HttpMethod.POST, "https://login.microsoftonline.com/x/oauth2/v2.0/token", headers, form));

        RecordingServer.Received r = server.next();
        assertEquals("POST", r.method());
        assertEquals("/sandbox/login/x/oauth2/v2.0/token", r.rawPath());
        assertNull(r.rawQuery());
        assertEquals(form, r.body());
        assertEquals("application/x-www-form-urlencoded; charset=UTF-8", r.header("Content-Type"));
        assertEquals("MSAL.Java", r.header("x-client-SKU"));
        assertEquals("abc-123", r.header("client-request-id"));
        assertEquals("127.0.0.1:" + server.origin().getPort(), r.header("Host"));

        assertEquals(200, response.statusCode());
        assertEquals("{\"access_token\":\"at\",\"token_type\":\"Bearer\"}", response.body());
        // msal4j looks headers up with its own spelling; the server's spelling must not matter.
        assertEquals(
                List.of("application/json; charset=utf-8"), response.headers().get("Content-Type"));
        assertEquals(
                List.of("application/json; charset=utf-8"), response.headers().get("content-type"));
        assertEquals(List.of("3"), response.headers().get("Retry-After"));
        assertEquals(List.of("abc-123"), response.headers().get("client-request-id"));
    }

    @Test
    void getKeepsItsQueryAndErrorsComeBackAsTheyAre() throws Exception {
        String error =
                "{\"error\":\"invalid_grant\",\"error_description\":\"AADSTS70000: bad\",\"error_codes\":[70000]}";
        server.answer(400, "application/json", error, Map.of());

        IHttpResponse response = client.send(msalRequest(
                HttpMethod.GET,
                "https://login.microsoftonline.com/common/discovery/instance?api-version=1.1"
                        + "&authorization_endpoint=https%3A%2F%2Flogin.microsoftonline.com%2Forganizations",
                Map.of(),
                null));

        RecordingServer.Received r = server.next();
        assertEquals("GET", r.method());
        assertEquals("/sandbox/login/common/discovery/instance", r.rawPath());
        assertEquals(
                "api-version=1.1&authorization_endpoint=https%3A%2F%2Flogin.microsoftonline.com%2Forganizations",
                r.rawQuery());
        assertEquals("", r.body());
        assertEquals(400, response.statusCode());
        assertEquals(error, response.body());
    }

    @Test
    void productionModeSendsToTheUrlAsGiven() throws Exception {
        RoutedMsalHttpClient direct =
                new RoutedMsalHttpClient(MicrosoftRoutes.none(), Duration.ofSeconds(2), Duration.ofSeconds(2));
        direct.send(msalRequest(HttpMethod.GET, server.origin() + "/direct/path?q=1", Map.of(), null));
        RecordingServer.Received r = server.next();
        assertEquals("/direct/path", r.rawPath());
        assertEquals("q=1", r.rawQuery());
    }

    @Test
    void aHungRequestTimesOutWithinTheConfiguredTimeout() throws Exception {
        HttpRequest hung = msalRequest(
                HttpMethod.POST,
                "https://login.microsoftonline.com/hang/oauth2/v2.0/token",
                Map.of("Content-Type", "application/x-www-form-urlencoded"),
                "grant_type=client_credentials");
        long started = System.nanoTime();
        assertThrows(HttpTimeoutException.class, () -> client.send(hung));
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertTrue(took.compareTo(Duration.ofMillis(600)) >= 0, "gave up too early: " + took);
        assertTrue(took.compareTo(Duration.ofSeconds(3)) < 0, "did not give up in time: " + took);
        assertEquals("/sandbox/login/hang/oauth2/v2.0/token", server.next().rawPath());
    }

    @Test
    void timeoutsMustBePositive() {
        MicrosoftRoutes none = MicrosoftRoutes.none();
        assertThrows(
                IllegalArgumentException.class,
                () -> new RoutedMsalHttpClient(none, Duration.ZERO, Duration.ofSeconds(1)));
        assertThrows(
                IllegalArgumentException.class,
                () -> new RoutedMsalHttpClient(none, Duration.ofSeconds(1), Duration.ofSeconds(-1)));
    }
}
