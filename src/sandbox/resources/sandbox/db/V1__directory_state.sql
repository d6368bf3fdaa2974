-- The stand-in's own state, as Entra ID and Graph keep it: which apps have a service principal in which tenant, the
-- delegated grants and app role assignments consent created, and the refresh tokens it issued (only their hashes).
-- It lives in the stand-in's own embedded database, never in the portal's schema. One delegated grant per (client,
-- resource, consent type, principal) and one app role assignment per (principal, resource, role), as Entra keeps them:
-- the unique indexes let concurrent $batch transactions rely on it.

CREATE TABLE sandbox_service_principal (
    id           VARCHAR(36)  NOT NULL PRIMARY KEY,
    tenant_id    VARCHAR(36)  NOT NULL,
    app_id       VARCHAR(36)  NOT NULL,
    display_name VARCHAR(200) NOT NULL,
    tags         VARCHAR(500),
    created_at   TIMESTAMP(6) NOT NULL,
    CONSTRAINT uq_sandbox_sp UNIQUE (tenant_id, app_id)
);

CREATE TABLE sandbox_permission_grant (
    id           VARCHAR(64)   NOT NULL PRIMARY KEY,
    tenant_id    VARCHAR(36)   NOT NULL,
    client_id    VARCHAR(36)   NOT NULL,
    consent_type VARCHAR(16)   NOT NULL,
    principal_id VARCHAR(36),
    resource_id  VARCHAR(36)   NOT NULL,
    scope        VARCHAR(2000) NOT NULL,
    created_at   TIMESTAMP(6)  NOT NULL
);
CREATE UNIQUE INDEX uq_sandbox_grant ON sandbox_permission_grant (tenant_id, client_id, resource_id, consent_type, principal_id);
CREATE INDEX ix_sandbox_grant_principal ON sandbox_permission_grant (tenant_id, principal_id);

CREATE TABLE sandbox_app_role_assignment (
    id             VARCHAR(64) NOT NULL PRIMARY KEY,
    tenant_id      VARCHAR(36) NOT NULL,
    resource_id    VARCHAR(36) NOT NULL,
    principal_id   VARCHAR(36) NOT NULL,
    principal_type VARCHAR(32) NOT NULL,
    app_role_id    VARCHAR(36) NOT NULL,
    created_at     TIMESTAMP(6) NOT NULL
);
CREATE INDEX ix_sandbox_role_resource ON sandbox_app_role_assignment (tenant_id, resource_id);
CREATE UNIQUE INDEX uq_sandbox_role ON sandbox_app_role_assignment (tenant_id, principal_id, resource_id, app_role_id);

CREATE TABLE sandbox_refresh_token (
    token_hash CHAR(64)      NOT NULL PRIMARY KEY,
    tenant_id  VARCHAR(36)   NOT NULL,
    client_id  VARCHAR(36)   NOT NULL,
    user_id    VARCHAR(36)   NOT NULL,
    scope      VARCHAR(2000) NOT NULL,
    issued_at  TIMESTAMP(6)  NOT NULL,
    state      VARCHAR(16)   NOT NULL
);
