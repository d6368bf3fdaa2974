package io.tenantlink.access;

/** Roles an account can hold; OPERATOR is global, the others are scoped to a site or a project. */
public enum Role {
    OPERATOR(Scope.GLOBAL),
    SITE_ADMIN(Scope.SITE),
    PROJECT_ADMIN(Scope.PROJECT),
    AUDITOR(Scope.SITE);

    public enum Scope {
        GLOBAL,
        SITE,
        PROJECT
    }

    private final Scope scope;

    Role(Scope scope) {
        this.scope = scope;
    }

    public Scope scope() {
        return scope;
    }
}
