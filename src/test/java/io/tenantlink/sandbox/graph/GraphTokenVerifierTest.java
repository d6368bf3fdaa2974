package io.tenantlink.sandbox.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenantlink.sandbox.SandboxKeys;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class GraphTokenVerifierTest {

    private static final String TENANT = "1c6b9f0a-2d3e-4f5a-8b7c-9d0e1f2a3b4c";
    private static final String APP = "7c2f0b3e-5a61-4f0e-9d8c-1b2a3c4d5e6f";
    private final SandboxKeys keys = new SandboxKeys();
    private final Predicate<String> tenants = TENANT::equalsIgnoreCase;

    private GraphCaller verify(String authorization) {
        return GraphTokenVerifier.verify(authorization, keys.publicKeys(), tenants, Instant.now());
    }

    private static void assertUnauthenticated(Runnable call, String message) {
        GraphError error = assertThrows(GraphError.class, call::run);
        assertEquals(401, error.status());
        assertEquals("InvalidAuthenticationToken", error.code());
        assertTrue(error.getMessage().contains(message), error.getMessage());
        assertTrue(error.headers().get("WWW-Authenticate").startsWith("Bearer "));
    }

    @Test
    void delegatedAndAppOnlyTokensGiveTheCaller() {
        GraphCaller user =
                verify(GraphTestTokens.delegated(keys, TENANT, APP, "user-1", "User.Read User.ReadBasic.All"));
        assertTrue(user.delegated());
        assertEquals(TENANT, user.tenantId());
        assertEquals("user-1", user.objectId());
        assertEquals(Set.of("User.Read", "User.ReadBasic.All"), user.scopes());
        assertTrue(user.hasAny(List.of("user.readbasic.all"), List.of()), "permission names ignore case");
        assertFalse(user.hasAny(List.of("User.Read.All"), List.of("User.ReadBasic.All")));

        GraphCaller app = verify(GraphTestTokens.app(keys, TENANT, APP, "sp-1", List.of("User.Read.All")));
        assertFalse(app.delegated());
        assertTrue(app.hasAny(List.of(), List.of("User.Read.All")));
        assertFalse(
                app.hasAny(List.of("User.Read.All"), List.of()),
                "an app token's roles do not count as delegated scopes");
    }

    @Test
    void graphRefusesWhatIsNotAValidTokenForIt() {
        assertUnauthenticated(() -> verify(null), "Access token is empty.");
        assertUnauthenticated(() -> verify("Basic abc"), "Access token is empty.");
        assertUnauthenticated(() -> verify("Bearer not-a-jwt"), "JWT is not well formed");
        SandboxKeys other = new SandboxKeys();
        assertUnauthenticated(
                () -> verify(GraphTestTokens.delegated(other, TENANT, APP, "u", "User.Read")), "Invalid signature");
        Instant now = Instant.now();
        assertUnauthenticated(
                () -> verify("Bearer "
                        + keys.sign(GraphTestTokens.claims(TENANT, APP, now)
                                .audience("api://something-else")
                                .claim("oid", "u")
                                .claim("scp", "User.Read")
                                .build())),
                "Invalid audience");
        assertUnauthenticated(
                () -> verify("Bearer "
                        + keys.sign(GraphTestTokens.claims(TENANT, APP, now)
                                .expirationTime(Date.from(now.minusSeconds(600)))
                                .claim("oid", "u")
                                .claim("scp", "User.Read")
                                .build())),
                "expired");
        assertUnauthenticated(
                () -> verify("Bearer "
                        + keys.sign(GraphTestTokens.claims(TENANT, APP, now)
                                .issuer("https://login.microsoftonline.com/" + TENANT + "/v2.0")
                                .claim("oid", "u")
                                .claim("scp", "User.Read")
                                .build())),
                "Invalid issuer");
        String elsewhere = "2d7c0a1b-3e4f-4a6b-9c8d-0e1f2a3b4c5d";
        assertUnauthenticated(
                () -> verify(GraphTestTokens.delegated(keys, elsewhere, APP, "u", "User.Read")), "Invalid issuer");
    }

    @Test
    void aRotatedKeyStillVerifiesWhileItIsPublished() {
        String token = GraphTestTokens.delegated(keys, TENANT, APP, "u", "User.Read");
        keys.rotate();
        assertTrue(verify(token).delegated());
        keys.rotate();
        assertUnauthenticated(() -> verify(token), "Invalid signature");
    }

    @Test
    void aTokenVerifiedBeforeIsStillCheckedForItsLifetimeAndTenantOnEveryRequest() {
        String token = GraphTestTokens.delegated(keys, TENANT, APP, "u", "User.Read");
        assertTrue(verify(token).delegated());
        assertTrue(verify(token).delegated(), "the same token again");
        assertUnauthenticated(
                () -> GraphTokenVerifier.verify(
                        token, keys.publicKeys(), tenants, Instant.now().plusSeconds(7200)),
                "expired");
        assertUnauthenticated(
                () -> GraphTokenVerifier.verify(token, keys.publicKeys(), tid -> false, Instant.now()),
                "Invalid issuer");
        SandboxKeys other = new SandboxKeys();
        assertUnauthenticated(
                () -> GraphTokenVerifier.verify(token, other.publicKeys(), tenants, Instant.now()),
                "Invalid signature");
    }
}
