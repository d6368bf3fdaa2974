package io.tenantlink.roles;

import io.tenantlink.access.AccessPolicy;
import io.tenantlink.access.Role;
import io.tenantlink.access.RoleAssignment;
import io.tenantlink.access.RoleGrant;
import io.tenantlink.access.RoleRepository;
import io.tenantlink.account.Account;
import io.tenantlink.account.AccountRepository;
import io.tenantlink.audit.AuditAction;
import io.tenantlink.audit.AuditEntry;
import io.tenantlink.audit.AuditLog;
import io.tenantlink.audit.AuditOutcome;
import io.tenantlink.platform.InvalidInputException;
import io.tenantlink.project.ProjectRepository;
import io.tenantlink.project.ServiceProject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.List;

/** Role assignments on a site and its projects. The caller's right to assign was checked by the guard. */
@ApplicationScoped
@Transactional
public class RoleService {

    /** A role assignment as the roles page lists it. */
    public record AssignmentView(
            long id,
            String username,
            String displayName,
            Role role,
            String projectKey,
            String createdBy,
            java.time.Instant createdAt) {}

    @Inject
    RoleRepository roles;

    @Inject
    AccountRepository accounts;

    @Inject
    ProjectRepository projects;

    @Inject
    AuditLog auditLog;

    public void assign(
            String actor, AccessPolicy callerPolicy, long siteId, String username, Role role, Long projectId) {
        if (role == null || !callerPolicy.assignableRolesOnSite(siteId).contains(role)) {
            throw new InvalidInputException("role.error.role");
        }
        Account account;
        try {
            account =
                    accounts.findByUsername(Account.normaliseUsername(username)).orElse(null);
        } catch (InvalidInputException e) {
            account = null;
        }
        if (account == null) {
            throw new InvalidInputException("role.error.unknownAccount");
        }
        RoleGrant grant;
        String projectKey = null;
        if (role == Role.PROJECT_ADMIN) {
            ServiceProject project = projectId == null
                    ? null
                    : projects.find(projectId)
                            .filter(p -> p.getSiteId() == siteId)
                            .orElse(null);
            if (project == null) {
                throw new InvalidInputException("role.error.project");
            }
            grant = RoleGrant.onProject(siteId, project.getId());
            projectKey = project.getKey();
        } else {
            grant = RoleGrant.onSite(role, siteId);
        }
        if (roles.exists(account.getId(), grant)) {
            throw new InvalidInputException("role.error.exists", account.getUsername());
        }
        roles.add(new RoleAssignment(account.getId(), grant, actor));
        auditLog.record(AuditEntry.now(
                actor,
                AuditAction.ROLE_ASSIGNED,
                AuditOutcome.SUCCESS,
                siteId,
                "account " + account.getUsername(),
                role + (projectKey == null ? "" : " on " + projectKey)));
    }

    public void remove(String actor, long siteId, long assignmentId) {
        RoleAssignment assignment = roles.find(assignmentId)
                .filter(r -> r.getSiteId() != null && r.getSiteId() == siteId)
                .orElseThrow(() -> new InvalidInputException("role.error.unknownAssignment"));
        AssignmentView view = describe(assignment);
        roles.remove(assignment);
        String what = view.role() + (view.projectKey() == null ? "" : " on " + view.projectKey());
        auditLog.record(AuditEntry.now(
                actor, AuditAction.ROLE_REMOVED, AuditOutcome.SUCCESS, siteId, "account " + view.username(), what));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<AssignmentView> onSite(long siteId) {
        return roles.findBySite(siteId).stream().map(this::describe).toList();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public java.util.Optional<AssignmentView> find(long siteId, long assignmentId) {
        return roles.find(assignmentId)
                .filter(r -> r.getSiteId() != null && r.getSiteId() == siteId)
                .map(this::describe);
    }

    private AssignmentView describe(RoleAssignment r) {
        Account account = accounts.find(r.getAccountId()).orElseThrow();
        String key = r.getProjectId() == null
                ? null
                : projects.find(r.getProjectId()).map(ServiceProject::getKey).orElse(null);
        return new AssignmentView(
                r.getId(),
                account.getUsername(),
                account.getDisplayName(),
                r.getRole(),
                key,
                creatorName(r.getCreatedBy()),
                r.getCreatedAt());
    }

    /** Who assigned a role, as people read it: a portal account by its display name, else as kept. */
    private String creatorName(String actor) {
        if (actor != null && actor.startsWith("portal:")) {
            String username = actor.substring("portal:".length());
            return accounts.findByUsername(username)
                    .map(Account::getDisplayName)
                    .orElse(username);
        }
        return actor;
    }
}
