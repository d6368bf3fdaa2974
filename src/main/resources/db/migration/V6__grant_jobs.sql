-- Limited-user approval jobs (io.tenantlink.grants): one row per job, one per user of the job.
-- Progress is written after every $batch, so a restart resumes the PENDING users. The admin's
-- delegated Graph token is never stored here (memory only, for the job's run).
-- Portable between MariaDB and H2 (MODE=LEGACY).

CREATE TABLE grant_job (
    id            BIGINT AUTO_INCREMENT PRIMARY KEY,
    site_id       BIGINT        NOT NULL,
    tenant_id     VARCHAR(36)   NOT NULL,
    feature_key   VARCHAR(64)   NOT NULL,
    client_app_id VARCHAR(36)   NOT NULL,
    scopes        VARCHAR(2000) NOT NULL,
    group_id      VARCHAR(36),
    requested_by  VARCHAR(64)   NOT NULL,
    status        VARCHAR(16)   NOT NULL,
    status_detail VARCHAR(1000),
    cancel_requested BOOLEAN    NOT NULL,
    total_count   INT           NOT NULL,
    created_count INT           NOT NULL,
    updated_count INT           NOT NULL,
    skipped_count INT           NOT NULL,
    failed_count  INT           NOT NULL,
    created_at    DATETIME(6)   NOT NULL,
    started_at    DATETIME(6),
    finished_at   DATETIME(6),
    version       BIGINT        NOT NULL
);
CREATE INDEX ix_grant_job_status ON grant_job (status);
CREATE INDEX ix_grant_job_tenant ON grant_job (tenant_id, created_at);

CREATE TABLE grant_job_user (
    job_id        BIGINT        NOT NULL,
    user_id       VARCHAR(64)   NOT NULL,
    seq_no        INT           NOT NULL,
    status        VARCHAR(16)   NOT NULL,
    detail        VARCHAR(1000),
    scopes_before VARCHAR(2000),
    scopes_after  VARCHAR(2000),
    updated_at    DATETIME(6)   NOT NULL,
    PRIMARY KEY (job_id, user_id),
    CONSTRAINT fk_grant_job_user_job FOREIGN KEY (job_id) REFERENCES grant_job (id)
);
CREATE INDEX ix_grant_job_user_status ON grant_job_user (job_id, status);

-- The Graph sandbox looks grants and assignments up by principal (one user's grant, "does this
-- assignment exist"): indexed, so a stand-in with thousands of users answers as Graph would.
CREATE INDEX ix_sandbox_grant_principal ON sandbox_permission_grant (tenant_id, principal_id);
CREATE INDEX ix_sandbox_role_principal ON sandbox_app_role_assignment (tenant_id, principal_id);
