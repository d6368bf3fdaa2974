package io.tenantlink.grants;

/** The result for one user: outcome, a plain-words detail, and the grant's scopes before and after (space-separated). */
public record UserResult(String userId, GrantOutcome outcome, String detail, String scopesBefore, String scopesAfter) {}
