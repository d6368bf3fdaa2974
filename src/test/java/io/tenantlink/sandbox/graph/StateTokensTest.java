package io.tenantlink.sandbox.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class StateTokensTest {

    private final StateTokens tokens = new StateTokens("k".repeat(32).getBytes(StandardCharsets.UTF_8));
    private final String fingerprint = StateTokens.fingerprint("users", "", "", "2");

    @Test
    void aPageTokenCarriesItsOffsetForItsTenantAndQueryOnly() {
        String token = tokens.page(new StateTokens.Page("tenant-a", fingerprint, 4));
        assertTrue(token.matches("[A-Za-z0-9_\\-.]+"), "URL-safe: " + token);
        assertFalse(token.contains("tenant-a"), "opaque");
        assertEquals(
                4, tokens.readPage(token, "TENANT-A", fingerprint).orElseThrow().offset());
        assertTrue(tokens.readPage(token, "tenant-b", fingerprint).isEmpty());
        assertTrue(tokens.readPage(token, "tenant-a", StateTokens.fingerprint("users", "", "", "3"))
                .isEmpty());
    }

    @Test
    void aForgedOrForeignTokenIsRefused() {
        String token = tokens.page(new StateTokens.Page("tenant-a", fingerprint, 4));
        String body = new String(
                Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))), StandardCharsets.UTF_8);
        String edited = Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(body.replace(
                                        Base64.getUrlEncoder()
                                                .withoutPadding()
                                                .encodeToString("4".getBytes(StandardCharsets.UTF_8)),
                                        Base64.getUrlEncoder()
                                                .withoutPadding()
                                                .encodeToString("0".getBytes(StandardCharsets.UTF_8)))
                                .getBytes(StandardCharsets.UTF_8))
                + token.substring(token.indexOf('.'));
        assertNotEquals(token, edited);
        assertTrue(tokens.readPage(edited, "tenant-a", fingerprint).isEmpty());
        assertTrue(StateTokens.random().readPage(token, "tenant-a", fingerprint).isEmpty(), "another process's key");
        for (String junk : new String[] {"", "abc", "a.b.c", "!!.!!", "latest"}) {
            assertTrue(tokens.readPage(junk, "tenant-a", fingerprint).isEmpty(), junk);
        }
    }

    @Test
    void deltaTokensKnowTheirKindAndExpireAfterSevenDays() {
        Instant issued = Instant.parse("2025-01-01T00:00:00Z");
        String link = tokens.delta(new StateTokens.Delta("t", "displayName,mail", -1, issued));
        String skip = tokens.delta(new StateTokens.Delta("t", "", 100, issued));
        StateTokens.Delta read = tokens.readDelta(link, "t", true, issued.plus(Duration.ofDays(6)))
                .orElseThrow();
        assertTrue(read.isDeltaLink());
        assertEquals("displayName,mail", read.select());
        assertEquals(
                100, tokens.readDelta(skip, "t", false, issued).orElseThrow().offset());
        assertTrue(tokens.readDelta(link, "t", false, issued).isEmpty(), "a deltatoken is not a skiptoken");
        assertTrue(tokens.readDelta(skip, "t", true, issued).isEmpty());
        assertTrue(tokens.readDelta(link, "t", true, issued.plus(Duration.ofDays(8)))
                .isEmpty());
        assertTrue(tokens.readDelta(link, "other", true, issued).isEmpty());
        assertTrue(tokens.readDelta(tokens.page(new StateTokens.Page("t", "f", 1)), "t", true, issued)
                .isEmpty());
    }
}
