package io.tenantlink.access;

import io.tenantlink.audit.AuditAction;
import io.tenantlink.audit.AuditEntry;
import io.tenantlink.audit.AuditLog;
import io.tenantlink.audit.AuditOutcome;
import io.tenantlink.platform.security.CurrentUser;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotFoundException;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Applies the {@link AccessPolicy} to the current request. Objects the caller may not even see
 * answer 404, so their existence does not leak; objects it sees but may not change answer 403,
 * and the refusal is audited.
 */
@RequestScoped
@Named("access")
public class AccessGuard {

    @Inject
    CurrentUser currentUser;

    @Inject
    RoleRepository roles;

    @Inject
    AuditLog auditLog;

    private AccessPolicy policy;

    public AccessPolicy policy() {
        if (policy == null) {
            policy = currentUser
                    .sessionUser()
                    .map(u -> new AccessPolicy(roles.findByAccount(u.accountId()).stream()
                            .map(RoleAssignment::grant)
                            .toList()))
                    .orElseGet(() -> new AccessPolicy(List.of()));
        }
        return policy;
    }

    /** For templates: whether to show a global action. */
    public boolean can(String permission) {
        return policy().allows(Permission.valueOf(permission));
    }

    public void require(Permission permission) {
        if (!policy().allows(permission)) {
            refuse(permission, null, "global");
            throw new NotFoundException();
        }
    }

    /**
     * The object {@code find} loads on site {@code siteId}, if the caller may act on the site with the permission: an
     * object it may not even see answers 404, one it sees but may not change 403 (audited).
     */
    public <T> T requireOnSite(long siteId, Permission permission, Supplier<Optional<T>> find) {
        T found = find.get()
                .filter(s -> policy().allowsOnSite(Permission.VIEW_SITE, siteId))
                .orElseThrow(NotFoundException::new);
        if (!policy().allowsOnSite(permission, siteId)) {
            refuse(permission, siteId, "site " + siteId);
            throw new ForbiddenException();
        }
        return found;
    }

    /** The same for a project of a site ({@code find} answers only a project of that site). */
    public <T> T requireOnProject(long siteId, long projectId, Permission permission, Supplier<Optional<T>> find) {
        T found = find.get()
                .filter(p -> policy().allowsOnProject(Permission.VIEW_PROJECT, siteId, projectId))
                .orElseThrow(NotFoundException::new);
        if (!policy().allowsOnProject(permission, siteId, projectId)) {
            refuse(permission, siteId, "project " + projectId);
            throw new ForbiddenException();
        }
        return found;
    }

    private void refuse(Permission permission, Long siteId, String target) {
        auditLog.recordAlone(AuditEntry.now(
                currentUser.actor(),
                AuditAction.ACCESS_REFUSED,
                AuditOutcome.REFUSED,
                siteId,
                target,
                permission.name()));
    }
}
