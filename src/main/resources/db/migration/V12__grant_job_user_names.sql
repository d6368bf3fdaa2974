-- Names of a limited-user approval job's users, as the tenant's directory gave them (displayName,
-- userPrincipalName), for the job page and its CSV. Kept apart from grant_job_user so that naming a
-- user never writes the row the running job updates. A row with no name: the directory did not know
-- the id (not asked again). Portable between MariaDB and H2 (MODE=LEGACY).

CREATE TABLE grant_job_user_name (
    job_id              BIGINT        NOT NULL,
    user_id             VARCHAR(64)   NOT NULL,
    display_name        VARCHAR(256),
    user_principal_name VARCHAR(256),
    PRIMARY KEY (job_id, user_id),
    CONSTRAINT fk_grant_job_user_name_job FOREIGN KEY (job_id) REFERENCES grant_job (id)
);
