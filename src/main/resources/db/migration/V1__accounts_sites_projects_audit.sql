-- Portable between MariaDB and H2 (MODE=LEGACY): AUTO_INCREMENT, DATETIME(6), BOOLEAN.

CREATE TABLE account (
    id                   BIGINT AUTO_INCREMENT PRIMARY KEY,
    username             VARCHAR(64)  NOT NULL,
    display_name         VARCHAR(128) NOT NULL,
    password_hash        VARCHAR(512) NOT NULL,
    must_change_password BOOLEAN      NOT NULL,
    enabled              BOOLEAN      NOT NULL,
    created_at           DATETIME(6)  NOT NULL,
    password_changed_at  DATETIME(6),
    version              BIGINT       NOT NULL,
    CONSTRAINT uq_account_username UNIQUE (username)
);

CREATE TABLE site (
    id         BIGINT AUTO_INCREMENT PRIMARY KEY,
    name       VARCHAR(120) NOT NULL,
    created_at DATETIME(6)  NOT NULL,
    created_by VARCHAR(64)  NOT NULL,
    version    BIGINT       NOT NULL,
    CONSTRAINT uq_site_name UNIQUE (name)
);

CREATE TABLE service_project (
    id          BIGINT AUTO_INCREMENT PRIMARY KEY,
    site_id     BIGINT       NOT NULL,
    name        VARCHAR(120) NOT NULL,
    project_key VARCHAR(10)  NOT NULL,
    plan_tier   VARCHAR(16)  NOT NULL,
    created_at  DATETIME(6)  NOT NULL,
    version     BIGINT       NOT NULL,
    CONSTRAINT fk_project_site FOREIGN KEY (site_id) REFERENCES site (id),
    CONSTRAINT uq_project_key UNIQUE (site_id, project_key)
);

CREATE TABLE project_work_category (
    project_id BIGINT      NOT NULL,
    category   VARCHAR(32) NOT NULL,
    PRIMARY KEY (project_id, category),
    CONSTRAINT fk_category_project FOREIGN KEY (project_id) REFERENCES service_project (id)
);

CREATE TABLE role_assignment (
    id         BIGINT AUTO_INCREMENT PRIMARY KEY,
    account_id BIGINT      NOT NULL,
    role       VARCHAR(16) NOT NULL,
    site_id    BIGINT,
    project_id BIGINT,
    created_at DATETIME(6) NOT NULL,
    created_by VARCHAR(64) NOT NULL,
    CONSTRAINT fk_role_account FOREIGN KEY (account_id) REFERENCES account (id),
    CONSTRAINT fk_role_site FOREIGN KEY (site_id) REFERENCES site (id),
    CONSTRAINT fk_role_project FOREIGN KEY (project_id) REFERENCES service_project (id)
);
CREATE INDEX ix_role_account ON role_assignment (account_id);
CREATE INDEX ix_role_site ON role_assignment (site_id);

-- Append-only; seq is assigned under the chain-head lock so records form one ordered hash chain.
CREATE TABLE audit_record (
    seq         BIGINT        NOT NULL PRIMARY KEY,
    occurred_at DATETIME(6)   NOT NULL,
    actor       VARCHAR(200)  NOT NULL,
    action      VARCHAR(64)   NOT NULL,
    outcome     VARCHAR(16)   NOT NULL,
    site_id     BIGINT,
    tenant_id   VARCHAR(64),
    subject     VARCHAR(255),
    detail      VARCHAR(2000),
    prev_hash   CHAR(64)      NOT NULL,
    hash        CHAR(64)      NOT NULL
);
CREATE INDEX ix_audit_site ON audit_record (site_id, seq);
CREATE INDEX ix_audit_action ON audit_record (action);

CREATE TABLE audit_chain_head (
    id        INT      NOT NULL PRIMARY KEY,
    last_seq  BIGINT   NOT NULL,
    last_hash CHAR(64) NOT NULL
);
INSERT INTO audit_chain_head (id, last_seq, last_hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
