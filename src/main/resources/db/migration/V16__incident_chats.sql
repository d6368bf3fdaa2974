-- Issue 13 item 3: incident chats and meetings in Microsoft Teams, created as the portal user who clicks.
-- Portable between MariaDB and H2 (MODE=LEGACY): AUTO_INCREMENT, DATETIME(6), BOOLEAN.

-- A portal account's Microsoft identity in one connected tenant, from its own sign-in to the ChatOps app: whose
-- delegated token creates chats, meetings and messages. The tokens live in the token cache (encrypted), filed
-- under the tenant and the ChatOps app, and are found by home_account_id.
CREATE TABLE teams_identity (
    id              BIGINT AUTO_INCREMENT PRIMARY KEY,
    account_id      BIGINT        NOT NULL,
    connection_id   BIGINT        NOT NULL,
    tenant_id       VARCHAR(64)   NOT NULL,
    home_account_id VARCHAR(200)  NOT NULL,
    object_id       VARCHAR(64)   NOT NULL,
    display_name    VARCHAR(256),
    username        VARCHAR(256),
    signed_in_at    DATETIME(6)   NOT NULL,
    CONSTRAINT uq_teams_identity UNIQUE (account_id, connection_id)
);

-- An incident's Teams chat (at most one). The row is written (CREATING) before Graph is asked, in its own
-- transaction: a second click, on this instance or another, finds it and creates no second chat.
CREATE TABLE incident_chat (
    id                  BIGINT AUTO_INCREMENT PRIMARY KEY,
    incident_id         BIGINT        NOT NULL,
    connection_id       BIGINT        NOT NULL,
    state               VARCHAR(16)   NOT NULL,
    chat_id             VARCHAR(200),
    topic               VARCHAR(256)  NOT NULL,
    web_url             VARCHAR(1024),
    creator_identity_id BIGINT        NOT NULL,
    started_at          DATETIME(6)   NOT NULL,
    created_at          DATETIME(6),
    meeting_id          VARCHAR(512),
    meeting_join_url    VARCHAR(2048),
    meeting_started_at  DATETIME(6),
    version             BIGINT        NOT NULL,
    CONSTRAINT uq_incident_chat UNIQUE (incident_id),
    CONSTRAINT fk_incident_chat_incident FOREIGN KEY (incident_id) REFERENCES incident (id),
    CONSTRAINT fk_incident_chat_identity FOREIGN KEY (creator_identity_id) REFERENCES teams_identity (id)
);
