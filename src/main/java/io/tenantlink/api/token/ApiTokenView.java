package io.tenantlink.api.token;

import java.time.Instant;
import java.util.List;

/** A token as the tokens page shows it (never the token, never its hash). */
public record ApiTokenView(
        long id,
        String name,
        List<String> scopes,
        Instant createdAt,
        String createdBy,
        Instant expiresAt,
        Instant lastUsedAt,
        Instant revokedAt,
        String revokedBy,
        String state) {

    public static ApiTokenView of(ApiToken token, Instant now) {
        String reason = token.unusableReason(now);
        return new ApiTokenView(
                token.getId(),
                token.getName(),
                token.getScopes().stream().sorted().map(ApiScope::wire).toList(),
                token.getCreatedAt(),
                token.getCreatedBy(),
                token.getExpiresAt(),
                token.getLastUsedAt(),
                token.getRevokedAt(),
                token.getRevokedBy(),
                (reason == null
                                ? ApiTokenState.ACTIVE
                                : ApiTokenState.valueOf(reason.toUpperCase(java.util.Locale.ROOT)))
                        .name());
    }
}
