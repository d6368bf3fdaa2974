-- A site admin's invitation for one person to link themselves to their Microsoft user by signing in (seed 000's
-- fallback when e-mail finds nobody). Only the SHA-256 of its token is stored; it works once, until it expires.
CREATE TABLE self_link_invitation (
    id              BIGINT AUTO_INCREMENT PRIMARY KEY,
    token_hash      CHAR(64)     NOT NULL,
    connection_id   BIGINT       NOT NULL,
    site_id         BIGINT       NOT NULL,
    person_id       BIGINT       NOT NULL,
    tenant_id       VARCHAR(36)  NOT NULL,
    created_by      VARCHAR(200) NOT NULL,
    created_at      DATETIME(6)  NOT NULL,
    expires_at      DATETIME(6)  NOT NULL,
    -- Set once: when it was used or withdrawn, and the Microsoft user it linked (null when withdrawn).
    closed_at       DATETIME(6),
    linked_object_id VARCHAR(36),
    version         BIGINT       NOT NULL,
    CONSTRAINT uq_self_link_token UNIQUE (token_hash),
    CONSTRAINT fk_self_link_connection FOREIGN KEY (connection_id) REFERENCES tenant_connection (id)
);
CREATE INDEX ix_self_link_person ON self_link_invitation (connection_id, person_id);
