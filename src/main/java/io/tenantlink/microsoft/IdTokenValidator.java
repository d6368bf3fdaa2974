package io.tenantlink.microsoft;

import static io.tenantlink.microsoft.IdTokenRejectedException.Reason.BAD_ALGORITHM;
import static io.tenantlink.microsoft.IdTokenRejectedException.Reason.BAD_AUDIENCE;
import static io.tenantlink.microsoft.IdTokenRejectedException.Reason.BAD_ISSUER;
import static io.tenantlink.microsoft.IdTokenRejectedException.Reason.BAD_NONCE;
import static io.tenantlink.microsoft.IdTokenRejectedException.Reason.BAD_SIGNATURE;
import static io.tenantlink.microsoft.IdTokenRejectedException.Reason.BAD_TENANT;
import static io.tenantlink.microsoft.IdTokenRejectedException.Reason.EXPIRED;
import static io.tenantlink.microsoft.IdTokenRejectedException.Reason.MALFORMED;
import static io.tenantlink.microsoft.IdTokenRejectedException.Reason.NOT_YET_VALID;
import static io.tenantlink.microsoft.IdTokenRejectedException.Reason.UNKNOWN_KEY;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates a Microsoft identity platform v2.0 id_token as OIDC Core 3.1.3.7 and Microsoft's
 * multi-tenant claims-validation guidance require; msal4j checks neither signature nor nonce,
 * so nothing from an id_token may be trusted before this has passed.
 *
 * <p>Order: shape and {@code alg} (RS256 only), then the tenant's key for {@code kid} (refetched
 * once on a miss, for key rotation) and the signature, then {@code ver}, {@code iss},
 * {@code aud}, times and {@code nonce}. Keys are cached per tenant for a day.
 */
public final class IdTokenValidator {

    public static final Duration DEFAULT_SKEW = Duration.ofSeconds(120);
    public static final Duration MAX_SKEW = Duration.ofMinutes(5);

    /** Microsoft advises re-reading the keys about daily; a miss refetches sooner anyway. */
    static final Duration KEYS_MAX_AGE = Duration.ofHours(24);

    private static final int MAX_CACHED_TENANTS = 10_000;
    private static final int MIN_RSA_BITS = 2048;

    private final String clientId;
    private final JwksFetcher jwks;
    private final Clock clock;
    private final Duration skew;
    private final Map<String, CachedKeys> keysByTenant = new ConcurrentHashMap<>();

    private record CachedKeys(JWKSet keys, Instant fetchedAt) {}

    public IdTokenValidator(String clientId, JwksFetcher jwks, Clock clock) {
        this(clientId, jwks, clock, DEFAULT_SKEW);
    }

    public IdTokenValidator(String clientId, JwksFetcher jwks, Clock clock, Duration allowedSkew) {
        if (clientId == null || clientId.isBlank()) {
            throw new IllegalArgumentException("client id is required");
        }
        this.clientId = clientId;
        this.jwks = Objects.requireNonNull(jwks, "jwks");
        this.clock = Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(allowedSkew, "allowedSkew");
        if (allowedSkew.isNegative() || allowedSkew.compareTo(MAX_SKEW) > 0) {
            throw new IllegalArgumentException("allowed clock skew must be between 0 and 5 minutes");
        }
        this.skew = allowedSkew;
    }

    /**
     * @param expectedNonce the nonce stored with this sign-in flow (required)
     * @param expectedTenantOrNull the tenant the flow was started for, or null when any tenant may
     *        sign in (the {@code organizations} authority)
     * @throws IdTokenRejectedException when the token must not be trusted
     * @throws IOException when the tenant's keys could not be fetched (not the token's fault)
     */
    public VerifiedIdentity validate(String idToken, String expectedNonce, String expectedTenantOrNull)
            throws IdTokenRejectedException, IOException {
        if (expectedNonce == null || expectedNonce.isEmpty()) {
            throw new IllegalArgumentException("the expected nonce is required");
        }
        SignedJWT jwt = parseRs256(idToken);
        JWTClaimsSet claims = claimsOf(jwt);
        // tid is read before the signature check only to pick whose keys to use.
        String tid = tenantOf(claims, expectedTenantOrNull);
        RSAKey key = signingKey(tid, jwt.getHeader().getKeyID());
        verifySignature(jwt, key);

        checkIssuer(claims, tid);
        checkAudience(claims);
        checkTimes(claims);
        checkNonce(claims, expectedNonce);
        return identityOf(claims, tid);
    }

    /** Graph's change-notification publisher: the {@code azp} of a notification's validation token. */
    public static final String GRAPH_NOTIFICATION_PUBLISHER = "0bf30f3b-4a52-48df-9a82-234910c4a086";

    /**
     * Validates one of the {@code validationTokens} Graph sends with change notifications that carry resource data
     * ("Set up change notifications that include resource data"): RS256 with a key of the tenant that the notification
     * names, issuer {@code https://sts.windows.net/{tenant}/}, audience this app's client id, {@code azp} Graph's
     * notification publisher, not expired. The same keys (cached per tenant) and checks as an id_token's, no nonce.
     *
     * @throws IdTokenRejectedException when the token must not be trusted
     * @throws IOException when the tenant's keys could not be fetched
     */
    public void validateNotificationToken(String token, String tenantId) throws IdTokenRejectedException, IOException {
        if (tenantId == null || !RoutedJwksFetcher.GUID.matcher(tenantId).matches()) {
            throw new IdTokenRejectedException(BAD_TENANT, "the notification names no tenant GUID");
        }
        SignedJWT jwt = parseRs256(token);
        JWTClaimsSet claims = claimsOf(jwt);
        verifySignature(jwt, signingKey(tenantId, jwt.getHeader().getKeyID()));
        String expectedIssuer = "https://sts.windows.net/" + tenantId.toLowerCase(Locale.ROOT) + "/";
        if (claims.getIssuer() == null || !expectedIssuer.equalsIgnoreCase(claims.getIssuer())) {
            throw new IdTokenRejectedException(BAD_ISSUER, "iss must be the notification's tenant");
        }
        checkAudience(claims);
        if (!GRAPH_NOTIFICATION_PUBLISHER.equals(stringClaim(claims, "azp"))) {
            throw new IdTokenRejectedException(BAD_AUDIENCE, "azp must be Graph's notification publisher");
        }
        checkTimes(claims);
    }

    private static SignedJWT parseRs256(String idToken) throws IdTokenRejectedException {
        if (idToken == null || idToken.isBlank()) {
            throw new IdTokenRejectedException(MALFORMED, "no token");
        }
        JWT jwt;
        try {
            jwt = JWTParser.parse(idToken);
        } catch (ParseException e) {
            throw new IdTokenRejectedException(MALFORMED, "not a JWT");
        }
        // PlainJWT (alg "none") and EncryptedJWT end here as well as HS256 & co.
        if (!(jwt instanceof SignedJWT signed)
                || !JWSAlgorithm.RS256.equals(signed.getHeader().getAlgorithm())) {
            throw new IdTokenRejectedException(BAD_ALGORITHM, "alg must be RS256");
        }
        return signed;
    }

    private static JWTClaimsSet claimsOf(SignedJWT jwt) throws IdTokenRejectedException {
        try {
            return jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new IdTokenRejectedException(MALFORMED, "claims are not a valid JSON object");
        }
    }

    private static String tenantOf(JWTClaimsSet claims, String expectedTenantOrNull) throws IdTokenRejectedException {
        String tid = stringClaim(claims, "tid");
        if (tid == null || !RoutedJwksFetcher.GUID.matcher(tid).matches()) {
            throw new IdTokenRejectedException(BAD_TENANT, "tid must be a GUID");
        }
        if (expectedTenantOrNull != null && !expectedTenantOrNull.equalsIgnoreCase(tid)) {
            throw new IdTokenRejectedException(BAD_TENANT, "tid is not the tenant this sign-in was for");
        }
        return tid;
    }

    private RSAKey signingKey(String tid, String kid) throws IdTokenRejectedException, IOException {
        if (kid == null || kid.isBlank()) {
            throw new IdTokenRejectedException(UNKNOWN_KEY, "no kid in the header");
        }
        String tenantKey = tid.toLowerCase(Locale.ROOT);
        Instant now = clock.instant();
        CachedKeys cached = keysByTenant.get(tenantKey);
        if (cached == null || !now.isBefore(cached.fetchedAt().plus(KEYS_MAX_AGE))) {
            cached = fetch(tenantKey, now);
        }
        JWK jwk = cached.keys().getKeyByKeyId(kid);
        if (jwk == null) {
            // Microsoft rotates keys; one fresh look before refusing.
            jwk = fetch(tenantKey, now).keys().getKeyByKeyId(kid);
        }
        if (jwk == null) {
            throw new IdTokenRejectedException(UNKNOWN_KEY, "kid not among the tenant's signing keys");
        }
        if (!(jwk instanceof RSAKey rsa)
                || (jwk.getKeyUse() != null && !KeyUse.SIGNATURE.equals(jwk.getKeyUse()))
                || (jwk.getAlgorithm() != null && !JWSAlgorithm.RS256.equals(jwk.getAlgorithm()))
                || rsa.size() < MIN_RSA_BITS) {
            throw new IdTokenRejectedException(UNKNOWN_KEY, "kid names no usable RS256 signing key");
        }
        return rsa;
    }

    private CachedKeys fetch(String tenantKey, Instant now) throws IOException {
        JWKSet keys = jwks.fetch(tenantKey);
        CachedKeys fresh = new CachedKeys(keys == null ? new JWKSet() : keys, now);
        if (keysByTenant.size() >= MAX_CACHED_TENANTS) {
            keysByTenant.clear();
        }
        keysByTenant.put(tenantKey, fresh);
        return fresh;
    }

    private static void verifySignature(SignedJWT jwt, RSAKey key) throws IdTokenRejectedException {
        boolean valid;
        try {
            valid = jwt.verify(new RSASSAVerifier(key));
        } catch (JOSEException | IllegalStateException e) {
            valid = false;
        }
        if (!valid) {
            throw new IdTokenRejectedException(BAD_SIGNATURE, "signature does not verify with the tenant's key");
        }
    }

    private static void checkIssuer(JWTClaimsSet claims, String tid) throws IdTokenRejectedException {
        // A v1.0 token comes from the other issuer (sts.windows.net): same refusal.
        if (!"2.0".equals(stringClaim(claims, "ver"))) {
            throw new IdTokenRejectedException(BAD_ISSUER, "ver must be 2.0");
        }
        String expected = "https://login.microsoftonline.com/" + tid + "/v2.0";
        if (!expected.equals(claims.getIssuer())) {
            throw new IdTokenRejectedException(BAD_ISSUER, "iss must be the v2.0 issuer of the token's tenant");
        }
    }

    private void checkAudience(JWTClaimsSet claims) throws IdTokenRejectedException {
        List<String> aud = claims.getAudience();
        if (aud.size() != 1 || !clientId.equals(aud.get(0))) {
            throw new IdTokenRejectedException(BAD_AUDIENCE, "aud must be exactly this app's client id");
        }
    }

    private void checkTimes(JWTClaimsSet claims) throws IdTokenRejectedException {
        Instant now = clock.instant();
        Date exp = claims.getExpirationTime();
        Date iat = claims.getIssueTime();
        if (exp == null || iat == null) {
            throw new IdTokenRejectedException(MALFORMED, "exp and iat are required");
        }
        if (!now.isBefore(exp.toInstant().plus(skew))) {
            throw new IdTokenRejectedException(EXPIRED, "exp has passed");
        }
        Instant latestAcceptable = now.plus(skew);
        if (iat.toInstant().isAfter(latestAcceptable)) {
            throw new IdTokenRejectedException(NOT_YET_VALID, "iat is in the future");
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && nbf.toInstant().isAfter(latestAcceptable)) {
            throw new IdTokenRejectedException(NOT_YET_VALID, "nbf is in the future");
        }
    }

    private static void checkNonce(JWTClaimsSet claims, String expectedNonce) throws IdTokenRejectedException {
        String nonce = stringClaim(claims, "nonce");
        if (nonce == null
                || !MessageDigest.isEqual(
                        nonce.getBytes(StandardCharsets.UTF_8), expectedNonce.getBytes(StandardCharsets.UTF_8))) {
            throw new IdTokenRejectedException(BAD_NONCE, "nonce does not match this sign-in");
        }
    }

    private static VerifiedIdentity identityOf(JWTClaimsSet claims, String tid) throws IdTokenRejectedException {
        String oid = stringClaim(claims, "oid");
        if (oid == null || !RoutedJwksFetcher.GUID.matcher(oid).matches()) {
            throw new IdTokenRejectedException(MALFORMED, "oid must be a GUID");
        }
        List<String> wids;
        try {
            wids = claims.getStringListClaim("wids");
        } catch (ParseException e) {
            throw new IdTokenRejectedException(MALFORMED, "wids must be a list of strings");
        }
        if (wids != null && wids.contains(null)) {
            throw new IdTokenRejectedException(MALFORMED, "wids must be a list of strings");
        }
        return new VerifiedIdentity(
                tid.toLowerCase(Locale.ROOT),
                oid.toLowerCase(Locale.ROOT),
                stringClaim(claims, "preferred_username"),
                stringClaim(claims, "name"),
                wids);
    }

    private static String stringClaim(JWTClaimsSet claims, String name) throws IdTokenRejectedException {
        try {
            return claims.getStringClaim(name);
        } catch (ParseException e) {
            throw new IdTokenRejectedException(MALFORMED, name + " must be a string");
        }
    }
}
