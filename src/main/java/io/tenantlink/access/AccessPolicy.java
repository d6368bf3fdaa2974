package io.tenantlink.access;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The one place that decides who may do what on which site and project. Deny by default:
 * a permission holds only when one of the caller's role grants gives it for that object.
 */
public final class AccessPolicy {

    private static final Set<Permission> OPERATOR_GLOBAL =
            EnumSet.of(Permission.CREATE_SITE, Permission.MANAGE_ACCOUNTS, Permission.READ_GLOBAL_AUDIT);
    private static final Set<Permission> OPERATOR_ON_SITE = EnumSet.of(
            Permission.VIEW_SITE,
            Permission.MANAGE_SITE_ROLES,
            Permission.READ_SITE_AUDIT,
            Permission.VIEW_CONNECTIONS,
            Permission.VIEW_PEOPLE,
            Permission.SET_SITE_PLAN,
            Permission.VIEW_WARNINGS);
    private static final Set<Permission> SITE_ADMIN_ON_SITE = EnumSet.of(
            Permission.VIEW_SITE,
            Permission.EDIT_SITE,
            Permission.MANAGE_SITE_ROLES,
            Permission.CREATE_PROJECT,
            Permission.READ_SITE_AUDIT,
            Permission.VIEW_CONNECTIONS,
            Permission.MANAGE_CONNECTIONS,
            Permission.VIEW_PEOPLE,
            Permission.MANAGE_PEOPLE,
            Permission.MANAGE_API_TOKENS,
            Permission.VIEW_WEBHOOKS,
            Permission.MANAGE_WEBHOOKS,
            Permission.VIEW_WARNINGS,
            Permission.MANAGE_WARNINGS);
    private static final Set<Permission> AUDITOR_ON_SITE = EnumSet.of(
            Permission.VIEW_SITE,
            Permission.READ_SITE_AUDIT,
            Permission.VIEW_CONNECTIONS,
            Permission.VIEW_PEOPLE,
            Permission.VIEW_WEBHOOKS,
            Permission.VIEW_WARNINGS);
    /** A project admin sees the site's people, to choose assignees, responders and stakeholders of its incidents. */
    private static final Set<Permission> PROJECT_ADMIN_ON_SITE =
            EnumSet.of(Permission.VIEW_SITE, Permission.VIEW_PEOPLE);

    private static final Set<Permission> READ_ON_PROJECT =
            EnumSet.of(Permission.VIEW_PROJECT, Permission.VIEW_INCIDENTS);
    private static final Set<Permission> ADMIN_ON_PROJECT = EnumSet.of(
            Permission.VIEW_PROJECT, Permission.EDIT_PROJECT, Permission.VIEW_INCIDENTS, Permission.WORK_INCIDENTS);

    private final List<RoleGrant> grants;

    public AccessPolicy(List<RoleGrant> grants) {
        this.grants = List.copyOf(grants);
    }

    public boolean isOperator() {
        return grants.stream().anyMatch(g -> g.role() == Role.OPERATOR);
    }

    public boolean allows(Permission permission) {
        return isOperator() && OPERATOR_GLOBAL.contains(permission);
    }

    /** Whether the permission holds on every site, also on sites made later (an operator's site permissions). */
    public boolean allowsOnEverySite(Permission permission) {
        return isOperator() && OPERATOR_ON_SITE.contains(permission);
    }

    public boolean allowsOnSite(Permission permission, long siteId) {
        for (RoleGrant grant : grants) {
            Set<Permission> given = switch (grant.role()) {
                case OPERATOR -> OPERATOR_ON_SITE;
                case SITE_ADMIN -> grant.siteId() == siteId ? SITE_ADMIN_ON_SITE : Set.of();
                case AUDITOR -> grant.siteId() == siteId ? AUDITOR_ON_SITE : Set.of();
                case PROJECT_ADMIN -> grant.siteId() == siteId ? PROJECT_ADMIN_ON_SITE : Set.of();
            };
            if (given.contains(permission)) {
                return true;
            }
        }
        return false;
    }

    public boolean allowsOnProject(Permission permission, long siteId, long projectId) {
        for (RoleGrant grant : grants) {
            boolean given = switch (grant.role()) {
                case OPERATOR -> permission == Permission.VIEW_PROJECT;
                case SITE_ADMIN -> grant.siteId() == siteId && ADMIN_ON_PROJECT.contains(permission);
                case AUDITOR -> grant.siteId() == siteId && READ_ON_PROJECT.contains(permission);
                case PROJECT_ADMIN ->
                    grant.siteId() == siteId && grant.projectId() == projectId && ADMIN_ON_PROJECT.contains(permission);
            };
            if (given) {
                return true;
            }
        }
        return false;
    }

    /** Whether the caller sees every project of the site, or only those it administers. */
    public boolean seesAllProjectsOf(long siteId) {
        return grants.stream()
                .anyMatch(g -> g.role() == Role.OPERATOR
                        || (g.role() != Role.PROJECT_ADMIN && g.siteId() != null && g.siteId() == siteId));
    }

    /** Roles this caller may hand out on the site (operators and site admins only). */
    public Set<Role> assignableRolesOnSite(long siteId) {
        if (!allowsOnSite(Permission.MANAGE_SITE_ROLES, siteId)) {
            return Set.of();
        }
        return EnumSet.of(Role.SITE_ADMIN, Role.PROJECT_ADMIN, Role.AUDITOR);
    }

    public List<RoleGrant> grants() {
        return grants;
    }
}
