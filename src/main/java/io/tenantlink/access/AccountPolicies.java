package io.tenantlink.access;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The access policy of an account that is not the caller (e.g. the sender of a command in a Teams chat, read in the
 * background): the same rules as {@link AccessGuard#policy()}, from the account's role grants.
 */
@ApplicationScoped
public class AccountPolicies {

    @Inject
    RoleRepository roles;

    public AccessPolicy of(long accountId) {
        return new AccessPolicy(roles.findByAccount(accountId).stream()
                .map(RoleAssignment::grant)
                .toList());
    }
}
