package io.tenantlink.sandbox.graph;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.tenantlink.sandbox.ConsentStore;
import io.tenantlink.sandbox.GraphPermissions;
import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Checks a Graph access token as Graph does before anything else: a Bearer token, signed RS256 by
 * one of the sandbox's published keys, for the audience https://graph.microsoft.com, issued by
 * https://sts.windows.net/{tid}/ for a tenant of the directory, and within its lifetime (five minutes
 * of clock skew, as Microsoft allows). Any failure is 401 InvalidAuthenticationToken.
 */
public final class GraphTokenVerifier {

    static final long CLOCK_SKEW_SECONDS = 300;

    private static final int VERIFIED_LIMIT = 1024;
    private static final Map<String, Verified> VERIFIED = new ConcurrentHashMap<>();

    private record Verified(JWK key, JWTClaimsSet claims) {}

    private GraphTokenVerifier() {}

    public static GraphCaller verify(String authorization, JWKSet keys, Predicate<String> tenantExists, Instant now) {
        if (authorization == null || authorization.isBlank()) {
            throw GraphError.unauthenticated("Access token is empty.");
        }
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                || authorization.substring(7).isBlank()) {
            throw GraphError.unauthenticated("Access token is empty.");
        }
        String token = authorization.substring(7).trim();
        JWTClaimsSet claims = verifiedClaims(token, keys);
        List<String> audience = claims.getAudience();
        if (audience == null
                || audience.stream()
                        .noneMatch(a -> a.equalsIgnoreCase(GraphPermissions.GRAPH_RESOURCE)
                                || a.equalsIgnoreCase(GraphPermissions.GRAPH_RESOURCE + "/")
                                || a.equalsIgnoreCase(GraphPermissions.GRAPH_APP_ID))) {
            throw GraphError.unauthenticated("Access token validation failure. Invalid audience.");
        }
        Date exp = claims.getExpirationTime();
        Date nbf = claims.getNotBeforeTime();
        if (exp == null || exp.toInstant().plusSeconds(CLOCK_SKEW_SECONDS).isBefore(now)) {
            throw GraphError.unauthenticated("Lifetime validation failed, the token is expired.");
        }
        if (nbf != null && nbf.toInstant().minusSeconds(CLOCK_SKEW_SECONDS).isAfter(now)) {
            throw GraphError.unauthenticated("Lifetime validation failed, the token is not yet valid.");
        }
        String tid = stringClaim(claims, "tid");
        if (tid == null
                || !tenantExists.test(tid)
                || !("https://sts.windows.net/" + tid + "/").equalsIgnoreCase(claims.getIssuer())) {
            throw GraphError.unauthenticated("Access token validation failure. Invalid issuer.");
        }
        String appId = stringClaim(claims, "appid");
        String oid = stringClaim(claims, "oid");
        if (appId == null || oid == null) {
            throw GraphError.unauthenticated("Access token validation failure.");
        }
        String scp = stringClaim(claims, "scp");
        String idtyp = stringClaim(claims, "idtyp");
        boolean delegated = idtyp != null ? idtyp.equals("user") : scp != null;
        Set<String> roles = new LinkedHashSet<>();
        try {
            List<String> listed = claims.getStringListClaim("roles");
            if (listed != null) {
                roles.addAll(listed);
            }
        } catch (ParseException e) {
            throw GraphError.unauthenticated("Access token validation failure.");
        }
        return new GraphCaller(
                tid,
                appId,
                oid,
                delegated,
                delegated ? ConsentStore.split(scp) : Set.of(),
                delegated ? Set.of() : roles);
    }

    /**
     * The token's claims once its form, algorithm and signature are good. A client sends one token with every request
     * until it expires, and checking its RS256 signature was most of what authenticating a request cost, so a verified
     * token is remembered with the key that verified it, and reused only while that key is still published (a rotation
     * that drops it makes the token fail again). Lifetime, audience, issuer and tenant are checked on every request.
     */
    private static JWTClaimsSet verifiedClaims(String token, JWKSet keys) {
        Verified known = VERIFIED.get(token);
        if (known != null && known.key().equals(keys.getKeyByKeyId(known.key().getKeyID()))) {
            return known.claims();
        }
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException | RuntimeException e) {
            throw GraphError.unauthenticated("IDX14100: JWT is not well formed, there are no dots (.).");
        }
        if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm())) {
            throw GraphError.unauthenticated("Access token validation failure. Invalid signature algorithm.");
        }
        JWK key = jwt.getHeader().getKeyID() == null
                ? null
                : keys.getKeyByKeyId(jwt.getHeader().getKeyID());
        try {
            if (key == null || !jwt.verify(new RSASSAVerifier(key.toRSAKey()))) {
                throw GraphError.unauthenticated("Access token validation failure. Invalid signature.");
            }
        } catch (JOSEException e) {
            throw GraphError.unauthenticated("Access token validation failure. Invalid signature.");
        }
        if (VERIFIED.size() >= VERIFIED_LIMIT) {
            VERIFIED.clear();
        }
        VERIFIED.put(token, new Verified(key, claims));
        return claims;
    }

    private static String stringClaim(JWTClaimsSet claims, String name) {
        Object value = claims.getClaim(name);
        return value instanceof String s && !s.isBlank() ? s : null;
    }
}
