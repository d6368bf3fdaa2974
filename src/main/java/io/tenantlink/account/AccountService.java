package io.tenantlink.account;

import io.tenantlink.access.RoleAssignment;
import io.tenantlink.access.RoleGrant;
import io.tenantlink.access.RoleRepository;
import io.tenantlink.audit.AuditAction;
import io.tenantlink.audit.AuditEntry;
import io.tenantlink.audit.AuditLog;
import io.tenantlink.audit.AuditOutcome;
import io.tenantlink.platform.InvalidInputException;
import io.tenantlink.platform.security.PasswordHashing;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.List;

/** Portal accounts: creation by an operator, password changes, enabling and disabling. Each change is audited. */
@ApplicationScoped
@Transactional
public class AccountService {

    @Inject
    AccountRepository accounts;

    @Inject
    RoleRepository roles;

    @Inject
    PasswordHashing hashing;

    @Inject
    AuditLog auditLog;

    public Account create(String actor, String username, String displayName, String initialPassword, boolean operator) {
        String normalised = Account.normaliseUsername(username);
        PasswordPolicy.check(normalised, initialPassword);
        if (accounts.findByUsername(normalised).isPresent()) {
            throw new InvalidInputException("account.error.taken", normalised);
        }
        Account account = new Account(normalised, displayName, hashing.hash(initialPassword));
        accounts.add(account);
        auditLog.record(
                entry(actor, AuditAction.ACCOUNT_CREATED, "account " + normalised, operator ? "operator" : null));
        if (operator) {
            roles.add(new RoleAssignment(account.getId(), RoleGrant.operator(), actor));
            auditLog.record(entry(actor, AuditAction.ROLE_ASSIGNED, "account " + normalised, "OPERATOR"));
        }
        return account;
    }

    public void changePassword(long accountId, String currentPassword, String newPassword, String confirmation) {
        Account account = accounts.find(accountId).orElseThrow();
        if (!hashing.matches(currentPassword, account.getPasswordHash())) {
            throw new InvalidInputException("password.error.current");
        }
        PasswordPolicy.checkChange(account.getUsername(), currentPassword, newPassword, confirmation);
        account.changePassword(hashing.hash(newPassword));
        auditLog.record(entry(
                "portal:" + account.getUsername(),
                AuditAction.PASSWORD_CHANGED,
                "account " + account.getUsername(),
                null));
    }

    public void setEnabled(String actor, long accountId, boolean enabled) {
        Account account =
                accounts.find(accountId).orElseThrow(() -> new InvalidInputException("account.error.unknown"));
        if (actor.equals("portal:" + account.getUsername())) {
            throw new InvalidInputException("account.error.self");
        }
        if (account.isEnabled() == enabled) {
            return;
        }
        account.setEnabled(enabled);
        auditLog.record(entry(
                actor,
                enabled ? AuditAction.ACCOUNT_ENABLED : AuditAction.ACCOUNT_DISABLED,
                "account " + account.getUsername(),
                null));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<AccountView> all() {
        return accounts.findAll().stream().map(AccountView::of).toList();
    }

    /** The display names of these accounts, by username; unknown usernames are left out. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public java.util.Map<String, String> displayNames(java.util.Collection<String> usernames) {
        return accounts.displayNames(new java.util.TreeSet<>(usernames));
    }

    private static AuditEntry entry(String actor, AuditAction action, String subject, String detail) {
        return AuditEntry.now(actor, action, AuditOutcome.SUCCESS, null, subject, detail);
    }
}
