-- State the Microsoft sandbox keeps as Entra ID and Graph would: which apps have a service principal
-- in which tenant, the delegated grants and app role assignments consent created, and the refresh
-- tokens it issued (only their hashes). Empty in production (sandbox mode off).

CREATE TABLE sandbox_service_principal (
    id           VARCHAR(36)  NOT NULL PRIMARY KEY,
    tenant_id    VARCHAR(36)  NOT NULL,
    app_id       VARCHAR(36)  NOT NULL,
    display_name VARCHAR(200) NOT NULL,
    tags         VARCHAR(500),
    created_at   DATETIME(6)  NOT NULL,
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
    created_at   DATETIME(6)   NOT NULL
);
CREATE INDEX ix_sandbox_grant_client ON sandbox_permission_grant (tenant_id, client_id);

CREATE TABLE sandbox_app_role_assignment (
    id             VARCHAR(64) NOT NULL PRIMARY KEY,
    tenant_id      VARCHAR(36) NOT NULL,
    resource_id    VARCHAR(36) NOT NULL,
    principal_id   VARCHAR(36) NOT NULL,
    principal_type VARCHAR(32) NOT NULL,
    app_role_id    VARCHAR(36) NOT NULL,
    created_at     DATETIME(6) NOT NULL
);
CREATE INDEX ix_sandbox_role_resource ON sandbox_app_role_assignment (tenant_id, resource_id);

CREATE TABLE sandbox_refresh_token (
    token_hash CHAR(64)      NOT NULL PRIMARY KEY,
    tenant_id  VARCHAR(36)   NOT NULL,
    client_id  VARCHAR(36)   NOT NULL,
    user_id    VARCHAR(36)   NOT NULL,
    scope      VARCHAR(2000) NOT NULL,
    issued_at  DATETIME(6)   NOT NULL,
    state      VARCHAR(16)   NOT NULL
);
