-- Issue 13: a plan per site (set by the operator), the site's people, incidents in Incidents projects with a
-- per-project key counter and a timeline, and per-site API tokens for the service desk's JSON API.
-- Portable between MariaDB and H2 (MODE=LEGACY): AUTO_INCREMENT, DATETIME(6), BOOLEAN.

-- The site's plan supersedes the per-project plan tier for gating; an existing site starts on the highest
-- tier any of its projects had, so no gate closes on an upgrade to this version.
ALTER TABLE site ADD COLUMN site_plan VARCHAR(16) DEFAULT 'FREE' NOT NULL;
UPDATE site SET site_plan = 'STANDARD'
    WHERE EXISTS (SELECT 1 FROM service_project p WHERE p.site_id = site.id AND p.plan_tier = 'STANDARD');
UPDATE site SET site_plan = 'PREMIUM'
    WHERE EXISTS (SELECT 1 FROM service_project p WHERE p.site_id = site.id AND p.plan_tier = 'PREMIUM');
UPDATE site SET site_plan = 'ENTERPRISE'
    WHERE EXISTS (SELECT 1 FROM service_project p WHERE p.site_id = site.id AND p.plan_tier = 'ENTERPRISE');

CREATE TABLE person (
    id             BIGINT AUTO_INCREMENT PRIMARY KEY,
    site_id        BIGINT        NOT NULL,
    name           VARCHAR(120)  NOT NULL,
    email          VARCHAR(254)  NOT NULL,
    -- The e-mail in lower case: one person per address and site, whatever its case.
    email_key      VARCHAR(254)  NOT NULL,
    agent          BOOLEAN       NOT NULL,
    responder      BOOLEAN       NOT NULL,
    stakeholder    BOOLEAN       NOT NULL,
    created_at     DATETIME(6)   NOT NULL,
    version        BIGINT        NOT NULL,
    CONSTRAINT fk_person_site FOREIGN KEY (site_id) REFERENCES site (id),
    CONSTRAINT uq_person_email UNIQUE (site_id, email_key)
);

CREATE TABLE person_alt_email (
    person_id BIGINT       NOT NULL,
    email     VARCHAR(254) NOT NULL,
    PRIMARY KEY (person_id, email),
    CONSTRAINT fk_alt_email_person FOREIGN KEY (person_id) REFERENCES person (id)
);

-- The next incident number of a project; read with a pessimistic write lock, so two incidents never share a key.
CREATE TABLE incident_counter (
    project_id  BIGINT NOT NULL PRIMARY KEY,
    next_number BIGINT NOT NULL,
    CONSTRAINT fk_counter_project FOREIGN KEY (project_id) REFERENCES service_project (id)
);

CREATE TABLE incident (
    id           BIGINT AUTO_INCREMENT PRIMARY KEY,
    site_id      BIGINT        NOT NULL,
    project_id   BIGINT        NOT NULL,
    incident_number BIGINT     NOT NULL,
    incident_key VARCHAR(32)   NOT NULL,
    summary      VARCHAR(255)  NOT NULL,
    description  VARCHAR(4000) NOT NULL,
    priority     VARCHAR(4)    NOT NULL,
    status       VARCHAR(16)   NOT NULL,
    assignee_id  BIGINT,
    major        BOOLEAN       NOT NULL,
    created_at   DATETIME(6)   NOT NULL,
    created_by   VARCHAR(200)  NOT NULL,
    updated_at   DATETIME(6)   NOT NULL,
    version      BIGINT        NOT NULL,
    CONSTRAINT fk_incident_site FOREIGN KEY (site_id) REFERENCES site (id),
    CONSTRAINT fk_incident_project FOREIGN KEY (project_id) REFERENCES service_project (id),
    CONSTRAINT fk_incident_assignee FOREIGN KEY (assignee_id) REFERENCES person (id),
    CONSTRAINT uq_incident_number UNIQUE (project_id, incident_number)
);
CREATE INDEX ix_incident_project_status ON incident (project_id, status);

-- Responders and stakeholders of an incident (part: RESPONDER or STAKEHOLDER).
CREATE TABLE incident_person (
    incident_id BIGINT      NOT NULL,
    person_id   BIGINT      NOT NULL,
    part        VARCHAR(16) NOT NULL,
    PRIMARY KEY (incident_id, person_id, part),
    CONSTRAINT fk_incident_person_incident FOREIGN KEY (incident_id) REFERENCES incident (id),
    CONSTRAINT fk_incident_person_person FOREIGN KEY (person_id) REFERENCES person (id)
);

-- Append-only timeline of an incident; entry_type grows with later features (chats, meetings, updates).
CREATE TABLE incident_timeline (
    id          BIGINT AUTO_INCREMENT PRIMARY KEY,
    incident_id BIGINT        NOT NULL,
    occurred_at DATETIME(6)   NOT NULL,
    actor       VARCHAR(200)  NOT NULL,
    entry_type  VARCHAR(32)   NOT NULL,
    body        VARCHAR(4000),
    CONSTRAINT fk_timeline_incident FOREIGN KEY (incident_id) REFERENCES incident (id)
);
CREATE INDEX ix_timeline_incident ON incident_timeline (incident_id, id);

-- Per-site API tokens: only the SHA-256 of the token is kept; the token itself is shown once.
CREATE TABLE api_token (
    id           BIGINT AUTO_INCREMENT PRIMARY KEY,
    site_id      BIGINT        NOT NULL,
    name         VARCHAR(120)  NOT NULL,
    token_hash   CHAR(64)      NOT NULL,
    scopes       VARCHAR(255)  NOT NULL,
    created_at   DATETIME(6)   NOT NULL,
    created_by   VARCHAR(200)  NOT NULL,
    expires_at   DATETIME(6)   NOT NULL,
    last_used_at DATETIME(6),
    revoked_at   DATETIME(6),
    revoked_by   VARCHAR(200),
    version      BIGINT        NOT NULL,
    CONSTRAINT fk_api_token_site FOREIGN KEY (site_id) REFERENCES site (id),
    CONSTRAINT uq_api_token_hash UNIQUE (token_hash)
);
CREATE INDEX ix_api_token_site ON api_token (site_id);
