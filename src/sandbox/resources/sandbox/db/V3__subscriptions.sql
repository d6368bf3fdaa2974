-- Change notification subscriptions of the Graph stand-in (POST /v1.0/subscriptions), kept as Graph keeps them: by id,
-- with the app that made them, the resource (a chat's messages) and where notifications go.
CREATE TABLE sandbox_subscription (
    id                VARCHAR(36)   NOT NULL PRIMARY KEY,
    tenant_id         VARCHAR(36)   NOT NULL,
    app_id            VARCHAR(36)   NOT NULL,
    creator_id        VARCHAR(36),
    resource          VARCHAR(500)  NOT NULL,
    chat_id           VARCHAR(200)  NOT NULL,
    change_type       VARCHAR(100)  NOT NULL,
    notification_url  VARCHAR(2000) NOT NULL,
    lifecycle_url     VARCHAR(2000),
    client_state      VARCHAR(255),
    expires_at        TIMESTAMP(6)  NOT NULL,
    created_at        TIMESTAMP(6)  NOT NULL
);
CREATE INDEX ix_sandbox_subscription_chat ON sandbox_subscription (tenant_id, chat_id);
