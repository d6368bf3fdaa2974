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
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.tenantlink.microsoft.IdTokenRejectedException.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdTokenValidatorTest {

    static final String CLIENT_ID = "6731de76-14a6-49ae-97bc-6eba6914391e";
    static final String TID = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    static final String OTHER_TID = "f8cdef31-a31e-4b4a-93e4-5f571e91255a";
    static final String OID = "00000000-0000-0000-66f3-3332eca7ea81";
    static final String NONCE = "n-0S6_WzA2Mj-and-at-least-128-bits";
    static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    static RSAKey key1;
    static RSAKey key2;
    static RSAKey key1Impostor;
    static final Set<Reason> covered = EnumSet.noneOf(Reason.class);

    @BeforeAll
    static void keys() throws JOSEException {
        key1 = new RSAKeyGenerator(2048).keyID("k1").keyUse(KeyUse.SIGNATURE).generate();
        key2 = new RSAKeyGenerator(2048).keyID("k2").keyUse(KeyUse.SIGNATURE).generate();
        key1Impostor = new RSAKeyGenerator(2048).keyID("k1").generate();
    }

    @AfterAll
    static void everyReasonWasExercised() {
        assertEquals(EnumSet.allOf(Reason.class), covered, "reasons without a test");
    }

    /** Answers fetches in order, repeating the last answer; counts calls. */
    static final class ScriptedKeys implements JwksFetcher {
        final List<JWKSet> answers;
        final List<String> asked = new ArrayList<>();

        ScriptedKeys(JWKSet... answers) {
            this.answers = Arrays.asList(answers);
        }

        @Override
        public JWKSet fetch(String tenantId) {
            asked.add(tenantId);
            return answers.get(Math.min(asked.size() - 1, answers.size() - 1));
        }
    }

    static JWKSet publicSet(RSAKey... keys) {
        return new JWKSet(Arrays.stream(keys)
                .map(k -> (com.nimbusds.jose.jwk.JWK) k.toPublicJWK())
                .toList());
    }

    static JWTClaimsSet.Builder validClaims() {
        return new JWTClaimsSet.Builder()
                .issuer("https://login.microsoftonline.com/" + TID + "/v2.0")
                .audience(CLIENT_ID)
                .issueTime(Date.from(NOW.minusSeconds(30)))
                .notBeforeTime(Date.from(NOW.minusSeconds(30)))
                .expirationTime(Date.from(NOW.plusSeconds(3600)))
                .claim("tid", TID)
                .claim("oid", OID)
                .claim("preferred_username", "admin@contoso.onmicrosoft.com")
                .claim("name", "Contoso Admin")
                .claim("nonce", NONCE)
                .claim("ver", "2.0")
                .claim("wids", List.of(ConsentRoles.GLOBAL_ADMINISTRATOR, "b79fbf4d-3ef9-4689-8143-76b194e85509"));
    }

    static String sign(RSAKey key, JWTClaimsSet claims) throws JOSEException {
        return sign(key, key.getKeyID(), claims);
    }

    static String sign(RSAKey key, String kid, JWTClaimsSet claims) throws JOSEException {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .keyID(kid)
                        .type(JOSEObjectType.JWT)
                        .build(),
                claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    static String signed(UnaryOperator<JWTClaimsSet.Builder> change) throws JOSEException {
        return sign(key1, change.apply(validClaims()).build());
    }

    private ScriptedKeys keys = new ScriptedKeys(publicSet(key1));
    private IdTokenValidator validator = new IdTokenValidator(CLIENT_ID, keys, Clock.fixed(NOW, ZoneOffset.UTC));

    private void assertRejected(Reason reason, String token) {
        assertRejected(reason, token, NONCE, null);
    }

    private void assertRejected(Reason reason, String token, String nonce, String expectedTenant) {
        IdTokenRejectedException e =
                assertThrows(IdTokenRejectedException.class, () -> validator.validate(token, nonce, expectedTenant));
        assertEquals(reason, e.reason(), e.getMessage());
        // Nothing secret or attacker-chosen in the message.
        assertFalse(e.getMessage().contains(NONCE));
        assertFalse(token.length() > 20 && e.getMessage().contains(token.substring(0, 20)));
        covered.add(reason);
    }

    @Test
    void aValidTokenGivesTheIdentity() throws Exception {
        VerifiedIdentity id = validator.validate(sign(key1, validClaims().build()), NONCE, TID);
        assertEquals(
                new VerifiedIdentity(
                        TID,
                        OID,
                        "admin@contoso.onmicrosoft.com",
                        "Contoso Admin",
                        List.of(ConsentRoles.GLOBAL_ADMINISTRATOR, "b79fbf4d-3ef9-4689-8143-76b194e85509")),
                id);
        assertEquals(List.of(TID), keys.asked);
    }

    @Test
    void anyTenantMaySignInWhenNoneIsExpected() throws Exception {
        assertEquals(
                TID,
                validator
                        .validate(sign(key1, validClaims().build()), NONCE, null)
                        .tenantId());
        assertEquals(
                TID,
                validator
                        .validate(sign(key1, validClaims().build()), NONCE, TID.toUpperCase())
                        .tenantId());
    }

    @Test
    void missingWidsMeansNoRoles() throws Exception {
        VerifiedIdentity id = validator.validate(
                signed(c -> c.claim("wids", null).claim("name", null).claim("preferred_username", null)), NONCE, null);
        assertEquals(List.of(), id.wids());
        assertFalse(id.widsClaimPresent(), "an absent claim is told apart: the app registration may not ask for it");
        assertEquals(null, id.name());
        assertFalse(ConsentRoles.canGrantTenantWideConsent(id.wids()));
        org.junit.jupiter.api.Assertions.assertTrue(
                validator.validate(signed(c -> c), NONCE, null).widsClaimPresent());
    }

    // --- algorithm -----------------------------------------------------------------------

    @Test
    void algNoneIsRefused() {
        assertRejected(BAD_ALGORITHM, new PlainJWT(validClaims().build()).serialize());
        String header = b64("{\"alg\":\"none\",\"kid\":\"k1\"}");
        String payload = b64(validClaims().build().toString());
        assertRejected(BAD_ALGORITHM, header + "." + payload + ".");
        assertRejected(BAD_ALGORITHM, b64("{\"alg\":\"nOnE\",\"kid\":\"k1\"}") + "." + payload + ".c2ln");
    }

    @Test
    void hs256IsRefusedEvenWithAKnownKid() throws Exception {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("k1").build(),
                validClaims().build());
        jwt.sign(new MACSigner(secret));
        assertRejected(BAD_ALGORITHM, jwt.serialize());
        assertEquals(List.of(), keys.asked, "no key is even looked up for a wrong alg");
    }

    @Test
    void otherRsaAlgorithmsAreRefused() throws Exception {
        for (JWSAlgorithm alg : List.of(JWSAlgorithm.RS512, JWSAlgorithm.PS256)) {
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(alg).keyID("k1").build(),
                    validClaims().build());
            jwt.sign(new RSASSASigner(key1));
            assertRejected(BAD_ALGORITHM, jwt.serialize());
        }
    }

    // --- keys and signature ----------------------------------------------------------------

    @Test
    void aRotatedKeyIsFoundOnTheSecondFetch() throws Exception {
        keys = new ScriptedKeys(publicSet(key1), publicSet(key1, key2));
        validator = new IdTokenValidator(CLIENT_ID, keys, Clock.fixed(NOW, ZoneOffset.UTC));

        assertEquals(
                OID,
                validator
                        .validate(sign(key2, validClaims().build()), NONCE, null)
                        .objectId());
        assertEquals(List.of(TID, TID), keys.asked);
        // Now cached: no further fetch for either key.
        validator.validate(sign(key2, validClaims().build()), NONCE, null);
        validator.validate(sign(key1, validClaims().build()), NONCE, null);
        assertEquals(2, keys.asked.size());
    }

    @Test
    void aKidInNeitherFetchIsUnknown() throws Exception {
        keys = new ScriptedKeys(publicSet(key1), publicSet(key1));
        validator = new IdTokenValidator(CLIENT_ID, keys, Clock.fixed(NOW, ZoneOffset.UTC));
        assertRejected(UNKNOWN_KEY, sign(key2, validClaims().build()));
        assertEquals(2, keys.asked.size(), "one first look, one more for rotation, then refuse");
    }

    @Test
    void aTokenWithoutKidIsUnknown() throws Exception {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).build(), validClaims().build());
        jwt.sign(new RSASSASigner(key1));
        assertRejected(UNKNOWN_KEY, jwt.serialize());
    }

    @Test
    void aKidNamingAWeakOrEncryptionKeyIsUnusable() throws Exception {
        RSAKey encryptionKey =
                new RSAKeyGenerator(2048).keyID("enc").keyUse(KeyUse.ENCRYPTION).generate();
        keys = new ScriptedKeys(publicSet(key1, encryptionKey));
        validator = new IdTokenValidator(CLIENT_ID, keys, Clock.fixed(NOW, ZoneOffset.UTC));
        assertRejected(UNKNOWN_KEY, sign(encryptionKey, validClaims().build()));

        RSAKey weak = new RSAKeyGenerator(1024, true).keyID("weak").generate();
        keys = new ScriptedKeys(publicSet(key1, weak));
        validator = new IdTokenValidator(CLIENT_ID, keys, Clock.fixed(NOW, ZoneOffset.UTC));
        SignedJWT weakJwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("weak").build(),
                validClaims().build());
        weakJwt.sign(new RSASSASigner(weak.toPrivateKey(), true));
        assertRejected(UNKNOWN_KEY, weakJwt.serialize());
    }

    @Test
    void sameKidDifferentKeyIsABadSignature() throws Exception {
        assertRejected(BAD_SIGNATURE, sign(key1Impostor, validClaims().build()));
    }

    @Test
    void anAlteredPayloadIsABadSignature() throws Exception {
        String[] parts = sign(key1, validClaims().build()).split("\\.");
        String forged = b64(validClaims()
                .claim("oid", "00000000-0000-0000-0000-0000000000ff")
                .build()
                .toString());
        assertRejected(BAD_SIGNATURE, parts[0] + "." + forged + "." + parts[2]);
        // nimbus refuses an empty signature while parsing.
        assertRejected(MALFORMED, parts[0] + "." + parts[1] + ".");
    }

    @Test
    void aKeysOutageIsNotATokenRejection() throws Exception {
        validator = new IdTokenValidator(
                CLIENT_ID,
                t -> {
                    throw new IOException("connect timed out");
                },
                Clock.fixed(NOW, ZoneOffset.UTC));
        String token = sign(key1, validClaims().build());
        assertThrows(IOException.class, () -> validator.validate(token, NONCE, null));
    }

    @Test
    void cachedKeysAreRefetchedAfterADay() throws Exception {
        MutableClock clock = new MutableClock(NOW);
        validator = new IdTokenValidator(CLIENT_ID, keys, clock);
        validator.validate(sign(key1, validClaims().build()), NONCE, null);
        clock.now = NOW.plus(Duration.ofHours(25));
        validator.validate(
                sign(
                        key1,
                        validClaims()
                                .issueTime(Date.from(clock.now))
                                .expirationTime(Date.from(clock.now.plusSeconds(600)))
                                .build()),
                NONCE,
                null);
        assertEquals(2, keys.asked.size());
    }

    // --- issuer, tenant, audience ----------------------------------------------------------

    @Test
    void issuerMustBeTheTokensTenantV2Issuer() throws Exception {
        assertRejected(BAD_ISSUER, signed(c -> c.issuer("https://login.microsoftonline.com/" + OTHER_TID + "/v2.0")));
        assertRejected(BAD_ISSUER, signed(c -> c.issuer("https://sts.windows.net/" + TID + "/")));
        assertRejected(BAD_ISSUER, signed(c -> c.issuer("https://login.microsoftonline.com/" + TID + "/v2.0/")));
        assertRejected(BAD_ISSUER, signed(c -> c.issuer("https://login.microsoftonline.com/{tenantid}/v2.0")));
        assertRejected(BAD_ISSUER, signed(c -> c.issuer(null)));
        assertRejected(BAD_ISSUER, signed(c -> c.claim("ver", "1.0")));
        assertRejected(BAD_ISSUER, signed(c -> c.claim("ver", null)));
    }

    @Test
    void tidMustBeAGuidAndTheExpectedTenant() throws Exception {
        assertRejected(BAD_TENANT, signed(c -> c.claim("tid", "contoso.onmicrosoft.com")));
        assertRejected(BAD_TENANT, signed(c -> c.claim("tid", "common")));
        assertRejected(BAD_TENANT, signed(c -> c.claim("tid", "../../evil")));
        assertRejected(BAD_TENANT, signed(c -> c.claim("tid", null)));
        assertRejected(BAD_TENANT, sign(key1, validClaims().build()), NONCE, OTHER_TID);
        assertEquals(List.of(), keys.asked, "no key fetch for a tenant that does not qualify");
    }

    @Test
    void audienceMustBeExactlyTheClientId() throws Exception {
        assertRejected(BAD_AUDIENCE, signed(c -> c.audience("22222222-2222-3333-4444-555555555555")));
        assertRejected(BAD_AUDIENCE, signed(c -> c.audience(List.of(CLIENT_ID, "api://other"))));
        assertRejected(BAD_AUDIENCE, signed(c -> c.audience((String) null)));
        assertRejected(BAD_AUDIENCE, signed(c -> c.audience(CLIENT_ID.toUpperCase())));
    }

    // --- time ----------------------------------------------------------------------------

    @Test
    void expiredBeyondTheSkewIsRefused() throws Exception {
        assertRejected(EXPIRED, signed(c -> c.expirationTime(Date.from(NOW.minusSeconds(121)))));
        assertRejected(EXPIRED, signed(c -> c.expirationTime(Date.from(NOW.minusSeconds(120)))));
        validator.validate(signed(c -> c.expirationTime(Date.from(NOW.minusSeconds(119)))), NONCE, null);
    }

    @Test
    void issuedOrValidOnlyInTheFutureIsRefused() throws Exception {
        assertRejected(NOT_YET_VALID, signed(c -> c.issueTime(Date.from(NOW.plusSeconds(600)))));
        assertRejected(NOT_YET_VALID, signed(c -> c.notBeforeTime(Date.from(NOW.plusSeconds(121)))));
        validator.validate(
                signed(c ->
                        c.issueTime(Date.from(NOW.plusSeconds(120))).notBeforeTime(Date.from(NOW.plusSeconds(100)))),
                NONCE,
                null);
        validator.validate(signed(c -> c.notBeforeTime(null)), NONCE, null);
    }

    @Test
    void skewIsConfigurableUpToFiveMinutes() throws Exception {
        validator = new IdTokenValidator(CLIENT_ID, keys, Clock.fixed(NOW, ZoneOffset.UTC), Duration.ZERO);
        assertRejected(EXPIRED, signed(c -> c.expirationTime(Date.from(NOW.minusSeconds(1)))));
        assertRejected(NOT_YET_VALID, signed(c -> c.issueTime(Date.from(NOW.plusSeconds(1)))));
        assertThrows(
                IllegalArgumentException.class,
                () -> new IdTokenValidator(
                        CLIENT_ID,
                        keys,
                        Clock.systemUTC(),
                        Duration.ofMinutes(5).plusSeconds(1)));
        assertThrows(
                IllegalArgumentException.class,
                () -> new IdTokenValidator(CLIENT_ID, keys, Clock.systemUTC(), Duration.ofSeconds(-1)));
        assertThrows(IllegalArgumentException.class, () -> new IdTokenValidator(" ", keys, Clock.systemUTC()));
    }

    // --- nonce -----------------------------------------------------------------------------

    @Test
    void nonceMustMatch() throws Exception {
        assertRejected(BAD_NONCE, signed(c -> c.claim("nonce", "another-nonce")));
        assertRejected(BAD_NONCE, signed(c -> c.claim("nonce", null)));
        assertRejected(BAD_NONCE, sign(key1, validClaims().build()), NONCE + "x", null);
        String token = sign(key1, validClaims().build());
        assertThrows(IllegalArgumentException.class, () -> validator.validate(token, null, null));
        assertThrows(IllegalArgumentException.class, () -> validator.validate(token, "", null));
    }

    // --- malformed ------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "garbage", "a.b", "a.b.c", "eyJhbGciOiJSUzI1NiJ9.bm90IGpzb24.c2ln"})
    void garbageIsMalformed(String token) {
        assertRejected(MALFORMED, token);
    }

    @Test
    void nullIsMalformed() {
        IdTokenRejectedException e =
                assertThrows(IdTokenRejectedException.class, () -> validator.validate(null, NONCE, null));
        assertEquals(MALFORMED, e.reason());
    }

    @Test
    void missingOrMistypedClaimsAreMalformed() throws Exception {
        assertRejected(MALFORMED, signed(c -> c.expirationTime(null)));
        assertRejected(MALFORMED, signed(c -> c.issueTime(null)));
        assertRejected(MALFORMED, signed(c -> c.claim("oid", null)));
        assertRejected(MALFORMED, signed(c -> c.claim("oid", "admin@contoso.com")));
        assertRejected(MALFORMED, signed(c -> c.claim("nonce", 42)));
        assertRejected(MALFORMED, signed(c -> c.claim("wids", "62e90394-69f5-4237-9190-012177145e10")));
        String header = b64("{\"alg\":\"RS256\",\"kid\":\"k1\"}");
        assertRejected(MALFORMED, header + "." + b64("{\"exp\":\"tomorrow\"}") + ".c2ln");
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
    // --- the validation tokens of change notifications with resource data ---------------------------------------

    static JWTClaimsSet.Builder notificationClaims() {
        return new JWTClaimsSet.Builder()
                .issuer("https://sts.windows.net/" + TID + "/")
                .audience(CLIENT_ID)
                .claim("azp", IdTokenValidator.GRAPH_NOTIFICATION_PUBLISHER)
                .issueTime(Date.from(NOW.minusSeconds(30)))
                .notBeforeTime(Date.from(NOW.minusSeconds(30)))
                .expirationTime(Date.from(NOW.plusSeconds(3600)));
    }

    private void assertNotificationTokenRejected(Reason reason, String token, String tenant) {
        IdTokenRejectedException e =
                assertThrows(IdTokenRejectedException.class, () -> validator.validateNotificationToken(token, tenant));
        assertEquals(reason, e.reason(), e.getMessage());
    }

    @Test
    void graphsValidationTokenForThisAppAndTenantPasses() throws Exception {
        validator.validateNotificationToken(sign(key1, notificationClaims().build()), TID);
        assertEquals(List.of(TID), keys.asked, "the keys of the notification's tenant");
    }

    @Test
    void aValidationTokenOfAnotherTenantAppOrPublisherOrExpiredIsRefused() throws Exception {
        String good = sign(key1, notificationClaims().build());
        assertNotificationTokenRejected(Reason.BAD_ISSUER, good, OTHER_TID);
        assertNotificationTokenRejected(Reason.BAD_TENANT, good, "common");
        assertNotificationTokenRejected(
                Reason.BAD_AUDIENCE,
                sign(
                        key1,
                        notificationClaims()
                                .audience("11111111-2222-3333-4444-555555555555")
                                .build()),
                TID);
        assertNotificationTokenRejected(
                Reason.BAD_AUDIENCE,
                sign(key1, notificationClaims().claim("azp", CLIENT_ID).build()),
                TID);
        assertNotificationTokenRejected(
                Reason.EXPIRED,
                sign(
                        key1,
                        notificationClaims()
                                .expirationTime(Date.from(NOW.minusSeconds(600)))
                                .build()),
                TID);
        assertNotificationTokenRejected(
                Reason.BAD_SIGNATURE, sign(key1Impostor, notificationClaims().build()), TID);
        // An id_token of the same app is not a validation token.
        assertNotificationTokenRejected(
                Reason.BAD_ISSUER, sign(key1, validClaims().build()), TID);
    }
}
