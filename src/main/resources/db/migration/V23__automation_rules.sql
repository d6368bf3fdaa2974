-- Issue 14 item 3: automation rules per Incidents project, run with the ChatOps app's application permissions.
CREATE TABLE automation_rule (
    id              BIGINT AUTO_INCREMENT PRIMARY KEY,
    site_id         BIGINT        NOT NULL,
    project_id      BIGINT        NOT NULL,
    name            VARCHAR(120)  NOT NULL,
    on_created      BOOLEAN       NOT NULL,
    on_changed      BOOLEAN       NOT NULL,
    max_priority    VARCHAR(2)    NOT NULL,
    major_only      BOOLEAN       NOT NULL,
    participants    VARCHAR(2000),
    create_chat     BOOLEAN       NOT NULL,
    update_text     VARCHAR(2000),
    created_by      VARCHAR(200)  NOT NULL,
    created_at      DATETIME(6)   NOT NULL,
    version         BIGINT        NOT NULL,
    CONSTRAINT fk_automation_rule_project FOREIGN KEY (project_id) REFERENCES service_project (id)
);
CREATE INDEX ix_automation_rule_project ON automation_rule (project_id);

-- Every run of a rule on an incident, with its outcome (also audited).
CREATE TABLE automation_run (
    id           BIGINT AUTO_INCREMENT PRIMARY KEY,
    rule_id      BIGINT        NOT NULL,
    incident_id  BIGINT        NOT NULL,
    ran_at       DATETIME(6)   NOT NULL,
    outcome      VARCHAR(24)   NOT NULL,
    detail       VARCHAR(500),
    CONSTRAINT fk_automation_run_rule FOREIGN KEY (rule_id) REFERENCES automation_rule (id) ON DELETE CASCADE
);
CREATE INDEX ix_automation_run_rule ON automation_run (rule_id, id);

