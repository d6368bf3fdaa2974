-- Issue 13, stakeholder updates: an update written on an incident (its text is also the STAKEHOLDER_UPDATE entry of
-- the incident's timeline) and, per stakeholder, the e-mail sent for it and what became of it.
-- Portable between MariaDB and H2 (MODE=LEGACY): AUTO_INCREMENT, DATETIME(6).

CREATE TABLE stakeholder_update (
    id                BIGINT AUTO_INCREMENT PRIMARY KEY,
    incident_id       BIGINT        NOT NULL,
    timeline_entry_id BIGINT        NOT NULL,
    body              VARCHAR(4000) NOT NULL,
    author            VARCHAR(200)  NOT NULL,
    author_name       VARCHAR(200)  NOT NULL,
    created_at        DATETIME(6)   NOT NULL,
    CONSTRAINT fk_update_incident FOREIGN KEY (incident_id) REFERENCES incident (id),
    CONSTRAINT fk_update_timeline FOREIGN KEY (timeline_entry_id) REFERENCES incident_timeline (id),
    CONSTRAINT uq_update_timeline UNIQUE (timeline_entry_id)
);
CREATE INDEX ix_update_incident ON stakeholder_update (incident_id, id);

-- One row per stakeholder the update was for. Name and address are copied when the update is written (the person
-- may change or leave the site later; person_id has no foreign key for that reason). status: PENDING until the
-- e-mail was handed to the SMTP server (SENT) or could not be (FAILED, with reason); NOT_CONFIGURED when the
-- portal had no SMTP server configured.
CREATE TABLE stakeholder_update_recipient (
    id           BIGINT AUTO_INCREMENT PRIMARY KEY,
    update_id    BIGINT        NOT NULL,
    person_id    BIGINT        NOT NULL,
    name         VARCHAR(120)  NOT NULL,
    address      VARCHAR(254)  NOT NULL,
    status       VARCHAR(16)   NOT NULL,
    reason       VARCHAR(300),
    delivered_at DATETIME(6),
    version      BIGINT        NOT NULL,
    CONSTRAINT fk_recipient_update FOREIGN KEY (update_id) REFERENCES stakeholder_update (id)
);
CREATE INDEX ix_recipient_update ON stakeholder_update_recipient (update_id, id);
