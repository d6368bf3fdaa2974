package io.tenantlink.microsoft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RoutedJwksFetcherTest {

    private static final String TID = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    private RecordingServer server;
    private RoutedJwksFetcher fetcher;

    @BeforeEach
    void start() throws Exception {
        server = new RecordingServer();
        fetcher = new RoutedJwksFetcher(
                TestRoutes.standIn(server.origin()), Duration.ofSeconds(2), Duration.ofMillis(700));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void fetchesTheTenantsKeysThroughTheRouting() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID("k1").generate();
        server.answer(200, "application/json", new JWKSet(key.toPublicJWK()).toString(), Map.of());

        JWKSet keys = fetcher.fetch(TID);

        assertEquals("k1", keys.getKeys().get(0).getKeyID());
        assertFalse(keys.getKeys().get(0).isPrivate());
        assertEquals(
                "/sandbox/login/" + TID + "/discovery/v2.0/keys", server.next().rawPath());
    }

    @Test
    void productionUrlIsMicrosofts() {
        assertEquals(
                URI.create("https://login.microsoftonline.com/" + TID + "/discovery/v2.0/keys"),
                RoutedJwksFetcher.keysUri(TID));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"common", "organizations", "contoso.com", "../x", "72f988bf-86f1-41af-91ab-2d7cd011db47/../x"})
    void onlyATenantGuidGoesIntoThePath(String tenant) {
        assertThrows(IllegalArgumentException.class, () -> fetcher.fetch(tenant));
    }

    @Test
    void errorsAndGarbageAreIoFailures() {
        server.answer(503, "application/json", "{}", Map.of());
        assertThrows(IOException.class, () -> fetcher.fetch(TID));
        server.answer(200, "text/html", "<html>", Map.of());
        assertThrows(IOException.class, () -> fetcher.fetch(TID));
    }

    @Test
    void aHungKeysEndpointTimesOut() {
        server.hang();
        long started = System.nanoTime();
        assertThrows(IOException.class, () -> fetcher.fetch(TID));
        assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(3)) < 0);
    }
}
