package io.tenantlink.api.token;

import io.tenantlink.audit.AuditAction;
import io.tenantlink.audit.AuditEntry;
import io.tenantlink.audit.AuditLog;
import io.tenantlink.audit.AuditOutcome;
import io.tenantlink.platform.Clock;
import io.tenantlink.platform.InvalidInputException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Creates, lists, revokes and checks the site's API tokens; creation, revocation and refused uses are audited. */
@ApplicationScoped
@Transactional
public class ApiTokenService {

    /** Lifetimes a site admin can choose, in days. */
    public static final List<Integer> LIFETIMES = List.of(7, 30, 90, 365);

    @Inject
    ApiTokenRepository tokens;

    @Inject
    AuditLog auditLog;

    @PersistenceContext(unitName = "tenantlink")
    EntityManager em;

    /** A token just made: the only moment the token itself exists outside the caller's hands. */
    public record Created(ApiTokenView view, String token) {}

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<ApiTokenView> onSite(long siteId) {
        Instant now = Clock.now();
        return tokens.findBySite(siteId).stream()
                .map(t -> ApiTokenView.of(t, now))
                .toList();
    }

    public Created create(String actor, long siteId, String name, Set<ApiScope> scopes, int lifetimeDays) {
        if (!LIFETIMES.contains(lifetimeDays)) {
            throw new InvalidInputException("apiToken.error.expiry");
        }
        if (scopes == null || scopes.isEmpty()) {
            throw new InvalidInputException("apiToken.error.scopes");
        }
        String secret = ApiTokens.newToken();
        ApiToken token = new ApiToken(
                siteId, name, ApiTokens.hash(secret), scopes, Clock.now().plus(Duration.ofDays(lifetimeDays)), actor);
        tokens.add(token);
        auditLog.record(AuditEntry.now(
                actor,
                AuditAction.API_TOKEN_CREATED,
                AuditOutcome.SUCCESS,
                siteId,
                "api token " + token.getId() + " " + token.getName(),
                ApiTokens.writeScopes(scopes) + "; expires " + token.getExpiresAt()));
        return new Created(ApiTokenView.of(token, Clock.now()), secret);
    }

    public void revoke(String actor, long siteId, long tokenId) {
        ApiToken token = tokens.findOnSite(siteId, tokenId).orElseThrow(jakarta.ws.rs.NotFoundException::new);
        if (token.getRevokedAt() != null) {
            return;
        }
        token.revoke(actor);
        auditLog.record(AuditEntry.now(
                actor,
                AuditAction.API_TOKEN_REVOKED,
                AuditOutcome.SUCCESS,
                siteId,
                "api token " + token.getId() + " " + token.getName(),
                null));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<ApiTokenView> find(long siteId, long tokenId) {
        return tokens.findOnSite(siteId, tokenId).map(t -> ApiTokenView.of(t, Clock.now()));
    }

    /**
     * The caller a bearer token stands for, or empty. A known token that is expired or revoked is audited as a refused
     * use; a string that is no token of any site is not (it names no site, and recording it would let anyone fill the
     * history). The last use is written with a bulk update, so concurrent requests of one token never conflict.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Optional<ApiCaller> authenticate(String token, String request) {
        if (!ApiTokens.wellFormed(token)) {
            return Optional.empty();
        }
        Optional<ApiToken> found = tokens.findByHash(ApiTokens.hash(token));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        ApiToken known = found.get();
        Instant now = Clock.now();
        String unusable = known.unusableReason(now);
        if (unusable != null) {
            refused(known.getSiteId(), known.getId(), known.getName(), request, unusable);
            return Optional.empty();
        }
        em.createQuery("update ApiToken t set t.lastUsedAt = :now where t.id = :id")
                .setParameter("now", now)
                .setParameter("id", known.getId())
                .executeUpdate();
        return Optional.of(new ApiCaller(known.getSiteId(), known.getId(), known.getName(), known.getScopes()));
    }

    /** A use the token may not make (a missing scope), or an expired or revoked token: audited, in its own transaction. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public void refused(long siteId, long tokenId, String tokenName, String request, String reason) {
        auditLog.recordAlone(AuditEntry.now(
                "api-token:" + tokenName + " (#" + tokenId + ")",
                AuditAction.API_TOKEN_REFUSED,
                AuditOutcome.REFUSED,
                siteId,
                "api token " + tokenId + " " + tokenName,
                reason + ": " + request));
    }
}
