-- Teams state of the Graph stand-in, kept as Teams keeps it (it survives a restart): chats, their members and
-- messages, the apps installed in them, and online meetings. Plus the directory's users as Graph serves them to
-- /users/delta: every change (from the directory file at start, or the control API) gets the next change number, so a
-- delta token is just "changes after number N" and a page is one indexed range query, never the whole directory.

CREATE TABLE sandbox_chat (
    id           VARCHAR(200) NOT NULL PRIMARY KEY,
    tenant_id    VARCHAR(36)  NOT NULL,
    chat_type    VARCHAR(16)  NOT NULL,
    topic        VARCHAR(500),
    created_at   TIMESTAMP(6) NOT NULL,
    last_updated TIMESTAMP(6) NOT NULL
);
CREATE INDEX ix_sandbox_chat_tenant ON sandbox_chat (tenant_id);

CREATE TABLE sandbox_chat_member (
    chat_id               VARCHAR(200) NOT NULL,
    user_key              VARCHAR(36)  NOT NULL,
    position              INT          NOT NULL,
    id                    VARCHAR(400) NOT NULL,
    user_id               VARCHAR(36)  NOT NULL,
    display_name          VARCHAR(300),
    email                 VARCHAR(300),
    tenant_id             VARCHAR(36)  NOT NULL,
    roles                 VARCHAR(100) NOT NULL,
    visible_history_start TIMESTAMP(6),
    CONSTRAINT pk_sandbox_chat_member PRIMARY KEY (chat_id, user_key),
    CONSTRAINT fk_sandbox_member_chat FOREIGN KEY (chat_id) REFERENCES sandbox_chat (id) ON DELETE CASCADE
);
CREATE INDEX ix_sandbox_member_user ON sandbox_chat_member (tenant_id, user_key);

CREATE TABLE sandbox_chat_message (
    id                BIGINT        NOT NULL PRIMARY KEY,
    chat_id           VARCHAR(200)  NOT NULL,
    from_user_id      VARCHAR(36)   NOT NULL,
    from_display_name VARCHAR(300),
    tenant_id         VARCHAR(36)   NOT NULL,
    content_type      VARCHAR(8)    NOT NULL,
    content           CLOB          NOT NULL,
    created_at        TIMESTAMP(6)  NOT NULL,
    CONSTRAINT fk_sandbox_message_chat FOREIGN KEY (chat_id) REFERENCES sandbox_chat (id) ON DELETE CASCADE
);
CREATE INDEX ix_sandbox_message_chat ON sandbox_chat_message (chat_id, id);

CREATE TABLE sandbox_chat_app (
    id           VARCHAR(500) NOT NULL PRIMARY KEY,
    chat_id      VARCHAR(200) NOT NULL,
    teams_app_id VARCHAR(100) NOT NULL,
    tenant_id    VARCHAR(36)  NOT NULL,
    created_at   TIMESTAMP(6) NOT NULL,
    CONSTRAINT uq_sandbox_chat_app UNIQUE (chat_id, teams_app_id),
    CONSTRAINT fk_sandbox_app_chat FOREIGN KEY (chat_id) REFERENCES sandbox_chat (id) ON DELETE CASCADE
);

CREATE TABLE sandbox_online_meeting (
    id             VARCHAR(600) NOT NULL PRIMARY KEY,
    tenant_id      VARCHAR(36)  NOT NULL,
    organizer_id   VARCHAR(36)  NOT NULL,
    organizer_upn  VARCHAR(300),
    organizer_name VARCHAR(300),
    subject        VARCHAR(500),
    start_at       TIMESTAMP(6) NOT NULL,
    end_at         TIMESTAMP(6) NOT NULL,
    created_at     TIMESTAMP(6) NOT NULL,
    thread_id      VARCHAR(200) NOT NULL
);

CREATE SEQUENCE sandbox_user_change START WITH 1;

-- One row per user ever seen in a tenant; removed users stay (removed = TRUE) so a delta reports them once.
CREATE TABLE sandbox_directory_user (
    tenant_id           VARCHAR(36)   NOT NULL,
    id                  VARCHAR(36)   NOT NULL,
    change_no           BIGINT        NOT NULL,
    removed             BOOLEAN       NOT NULL,
    user_principal_name VARCHAR(300)  NOT NULL,
    display_name        VARCHAR(300),
    mail                VARCHAR(300),
    other_mails         VARCHAR(4000),
    proxy_addresses     VARCHAR(4000),
    user_type           VARCHAR(16)   NOT NULL,
    account_enabled     BOOLEAN       NOT NULL,
    given_name          VARCHAR(200),
    surname             VARCHAR(200),
    job_title           VARCHAR(200),
    CONSTRAINT pk_sandbox_directory_user PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX uq_sandbox_user_change ON sandbox_directory_user (tenant_id, change_no);
