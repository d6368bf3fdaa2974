package io.tenantlink.access;

import java.util.Objects;

/** One role held by an account, with the site and project it applies to (null where the role is wider). */
public record RoleGrant(Role role, Long siteId, Long projectId) {

    public RoleGrant {
        Objects.requireNonNull(role, "role");
        switch (role.scope()) {
            case GLOBAL -> {
                if (siteId != null || projectId != null) {
                    throw new IllegalArgumentException("A global role has no site or project");
                }
            }
            case SITE -> {
                if (siteId == null || projectId != null) {
                    throw new IllegalArgumentException(role + " needs a site and no project");
                }
            }
            case PROJECT -> {
                if (siteId == null || projectId == null) {
                    throw new IllegalArgumentException(role + " needs a site and a project");
                }
            }
        }
    }

    public static RoleGrant operator() {
        return new RoleGrant(Role.OPERATOR, null, null);
    }

    public static RoleGrant onSite(Role role, long siteId) {
        return new RoleGrant(role, siteId, null);
    }

    public static RoleGrant onProject(long siteId, long projectId) {
        return new RoleGrant(Role.PROJECT_ADMIN, siteId, projectId);
    }
}
