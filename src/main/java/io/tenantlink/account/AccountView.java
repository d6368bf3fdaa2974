package io.tenantlink.account;

/** A portal account as the accounts page lists it: never its password hash, no entity in the template. */
public record AccountView(long id, String username, String displayName, boolean enabled, boolean mustChangePassword) {

    static AccountView of(Account account) {
        return new AccountView(
                account.getId(),
                account.getUsername(),
                account.getDisplayName(),
                account.isEnabled(),
                account.isMustChangePassword());
    }
}
