package io.tenantlink.sandbox;

import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Authorization codes: single use, ten minutes, bound to the client, the redirect URI and the PKCE
 * challenge of the request that produced them. Spent codes are remembered for a while so a second
 * redemption gets Microsoft's "already redeemed" answer rather than "unknown".
 */
@ApplicationScoped
public class AuthorizationCodes {

    public static final Duration LIFETIME = Duration.ofMinutes(10);

    /** Everything the token endpoint needs to honour a code. */
    public record CodeGrant(
            String tenantId,
            String userId,
            String clientId,
            String redirectUri,
            String codeChallenge,
            String codeChallengeMethod,
            String scope,
            String nonce,
            Instant expiresAt) {}

    /** What redeeming a code found. */
    public enum Outcome {
        VALID,
        UNKNOWN,
        ALREADY_REDEEMED,
        EXPIRED
    }

    public record Redemption(Outcome outcome, CodeGrant grant) {}

    private static final SecureRandom RANDOM = new SecureRandom();
    private final Map<String, CodeGrant> live = new ConcurrentHashMap<>();
    private final Map<String, Instant> spent = new ConcurrentHashMap<>();

    public String issue(CodeGrant grant) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String code = "0.sbx." + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        live.put(code, grant);
        return code;
    }

    public Redemption redeem(String code, Instant now) {
        purge(now);
        if (code == null) {
            return new Redemption(Outcome.UNKNOWN, null);
        }
        CodeGrant grant = live.remove(code);
        if (grant == null) {
            return new Redemption(spent.containsKey(code) ? Outcome.ALREADY_REDEEMED : Outcome.UNKNOWN, null);
        }
        spent.put(code, now.plus(Duration.ofHours(1)));
        if (now.isAfter(grant.expiresAt())) {
            return new Redemption(Outcome.EXPIRED, grant);
        }
        return new Redemption(Outcome.VALID, grant);
    }

    /** For tests of expiry: moves a live code's expiry into the past. */
    public boolean expire(String code) {
        return Optional.ofNullable(live.computeIfPresent(
                        code,
                        (k, g) -> new CodeGrant(
                                g.tenantId(),
                                g.userId(),
                                g.clientId(),
                                g.redirectUri(),
                                g.codeChallenge(),
                                g.codeChallengeMethod(),
                                g.scope(),
                                g.nonce(),
                                Instant.now().minusSeconds(1))))
                .isPresent();
    }

    private void purge(Instant now) {
        spent.entrySet().removeIf(e -> now.isAfter(e.getValue()));
        live.entrySet().removeIf(e -> now.isAfter(e.getValue().expiresAt().plus(Duration.ofHours(1))));
    }
}
