-- Site <-> Microsoft tenant connections, the sign-in flows that create them, approval links, and
-- each project's Microsoft Teams preference. Portable between MariaDB and H2 (MODE=LEGACY).

-- A Microsoft account, keyed by (tenant id, object id) as Microsoft advises; never by e-mail.
CREATE TABLE microsoft_account (
    tenant_id       VARCHAR(36)  NOT NULL,
    object_id       VARCHAR(36)  NOT NULL,
    username        VARCHAR(256),
    display_name    VARCHAR(256),
    last_sign_in_at DATETIME(6)  NOT NULL,
    version         BIGINT       NOT NULL,
    PRIMARY KEY (tenant_id, object_id)
);

CREATE TABLE tenant_connection (
    id                    BIGINT AUTO_INCREMENT PRIMARY KEY,
    site_id               BIGINT       NOT NULL,
    tenant_id             VARCHAR(36)  NOT NULL,
    tenant_name           VARCHAR(256),
    verified_domain       VARCHAR(256),
    status                VARCHAR(24)  NOT NULL,
    connected_by          VARCHAR(64)  NOT NULL,
    signer_object_id      VARCHAR(36)  NOT NULL,
    signer_can_consent    BOOLEAN      NOT NULL,
    permission_granted_by VARCHAR(256),
    status_reason         VARCHAR(64),
    created_at            DATETIME(6)  NOT NULL,
    signed_in_at          DATETIME(6)  NOT NULL,
    activated_at          DATETIME(6),
    disconnected_at       DATETIME(6),
    version               BIGINT       NOT NULL,
    CONSTRAINT fk_connection_site FOREIGN KEY (site_id) REFERENCES site (id),
    CONSTRAINT uq_connection_site_tenant UNIQUE (site_id, tenant_id)
);
CREATE INDEX ix_connection_tenant ON tenant_connection (tenant_id);

-- One browser round trip to Microsoft. Only the hash of `state` is kept; the PKCE verifier is
-- encrypted. Single use (used_at), expiring (expires_at), bound to the browser session.
CREATE TABLE sign_in_request (
    id               BIGINT AUTO_INCREMENT PRIMARY KEY,
    state_hash       CHAR(64)     NOT NULL,
    purpose          VARCHAR(24)  NOT NULL,
    session_binding  CHAR(64)     NOT NULL,
    account_id       BIGINT,
    site_id          BIGINT,
    connection_id    BIGINT,
    approval_link_id BIGINT,
    expected_tenant  VARCHAR(36),
    nonce            VARCHAR(64),
    code_verifier    VARBINARY(512),
    created_at       DATETIME(6)  NOT NULL,
    expires_at       DATETIME(6)  NOT NULL,
    used_at          DATETIME(6),
    CONSTRAINT uq_sign_in_state UNIQUE (state_hash)
);
CREATE INDEX ix_sign_in_expiry ON sign_in_request (expires_at);

-- A link a site admin shares with a tenant admin; only the SHA-256 of its token is stored.
CREATE TABLE approval_link (
    id              BIGINT AUTO_INCREMENT PRIMARY KEY,
    token_hash      CHAR(64)     NOT NULL,
    connection_id   BIGINT       NOT NULL,
    site_id         BIGINT       NOT NULL,
    tenant_id       VARCHAR(36)  NOT NULL,
    permission_set  VARCHAR(64)  NOT NULL,
    status          VARCHAR(16)  NOT NULL,
    created_by      VARCHAR(64)  NOT NULL,
    created_at      DATETIME(6)  NOT NULL,
    expires_at      DATETIME(6)  NOT NULL,
    opened_at       DATETIME(6),
    decided_at      DATETIME(6),
    decided_by      VARCHAR(256),
    version         BIGINT       NOT NULL,
    CONSTRAINT uq_approval_token UNIQUE (token_hash),
    CONSTRAINT fk_approval_connection FOREIGN KEY (connection_id) REFERENCES tenant_connection (id)
);
CREATE INDEX ix_approval_connection ON approval_link (connection_id);
CREATE INDEX ix_approval_expiry ON approval_link (status, expires_at);

-- Communication preferences of a service project: Microsoft Teams on or off, and with which connection.
CREATE TABLE project_teams_preference (
    project_id    BIGINT      NOT NULL PRIMARY KEY,
    teams_enabled BOOLEAN     NOT NULL,
    connection_id BIGINT,
    updated_by    VARCHAR(64) NOT NULL,
    updated_at    DATETIME(6) NOT NULL,
    version       BIGINT      NOT NULL,
    CONSTRAINT fk_preference_project FOREIGN KEY (project_id) REFERENCES service_project (id),
    CONSTRAINT fk_preference_connection FOREIGN KEY (connection_id) REFERENCES tenant_connection (id)
);
