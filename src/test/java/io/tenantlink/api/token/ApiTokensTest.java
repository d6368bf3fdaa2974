package io.tenantlink.api.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenantlink.platform.InvalidInputException;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiTokensTest {

    @Test
    void tokensAreRandomWellFormedAndOnlyTheirHashIsKept() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            String token = ApiTokens.newToken();
            assertTrue(ApiTokens.wellFormed(token), token);
            assertTrue(seen.add(token));
        }
        String token = ApiTokens.newToken();
        String hash = ApiTokens.hash(token);
        assertEquals(64, hash.length());
        assertTrue(hash.matches("[0-9a-f]{64}"));
        assertEquals(hash, ApiTokens.hash(token), "the same token, the same hash");
        assertNotEquals(hash, ApiTokens.hash(ApiTokens.newToken()));
        assertFalse(hash.contains(token.substring(4, 20)));
    }

    @Test
    void theHashIsSha256OfTheToken() {
        // SHA-256("abc"), FIPS 180-2 appendix B.1.
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", ApiTokens.hash("abc"));
    }

    @Test
    void malformedTokensAreNotLookedUp() {
        for (String text :
                new String[] {null, "", "tlk_", "Bearer x", "tlk_" + "a".repeat(42), "xyz_" + "a".repeat(43)}) {
            assertFalse(ApiTokens.wellFormed(text), String.valueOf(text));
        }
    }

    @Test
    void scopesRoundTripAndUnknownOnesAreRefused() {
        Set<ApiScope> scopes = ApiTokens.parseScopes("people:read  incidents:write");
        assertEquals(EnumSet.of(ApiScope.PEOPLE_READ, ApiScope.INCIDENTS_WRITE), scopes);
        assertEquals("incidents:write people:read", ApiTokens.writeScopes(scopes));
        assertEquals(scopes, ApiTokens.parseScopes(ApiTokens.writeScopes(scopes)));
        assertThrows(InvalidInputException.class, () -> ApiTokens.parseScopes("incidents:delete"));
        assertThrows(InvalidInputException.class, () -> ApiTokens.parseScopes("  "));
        assertThrows(InvalidInputException.class, () -> ApiTokens.parseScopes(null));
    }

    @Test
    void writeImpliesReadButNotTheOtherWay() {
        assertTrue(ApiTokens.grants(EnumSet.of(ApiScope.INCIDENTS_WRITE), ApiScope.INCIDENTS_READ));
        assertTrue(ApiTokens.grants(EnumSet.of(ApiScope.PEOPLE_WRITE), ApiScope.PEOPLE_READ));
        assertFalse(ApiTokens.grants(EnumSet.of(ApiScope.INCIDENTS_READ), ApiScope.INCIDENTS_WRITE));
        assertFalse(ApiTokens.grants(EnumSet.of(ApiScope.INCIDENTS_WRITE), ApiScope.PEOPLE_READ));
        assertFalse(ApiTokens.grants(EnumSet.of(ApiScope.PEOPLE_WRITE), ApiScope.INCIDENTS_WRITE));
    }

    @Test
    void expiredAndRevokedTokensAreUnusable() {
        Instant now = Instant.now();
        ApiToken token = new ApiToken(
                1, "desk", ApiTokens.hash("x"), EnumSet.of(ApiScope.INCIDENTS_READ), now.plus(Duration.ofDays(1)), "a");
        assertNull(token.unusableReason(now));
        assertEquals("expired", token.unusableReason(now.plus(Duration.ofDays(2))));
        token.revoke("b");
        assertEquals("revoked", token.unusableReason(now));
        assertEquals("b", token.getRevokedBy());
        assertThrows(
                InvalidInputException.class,
                () -> new ApiToken(1, "desk", "h", EnumSet.of(ApiScope.PEOPLE_READ), now.minusSeconds(1), "a"));
    }
}
