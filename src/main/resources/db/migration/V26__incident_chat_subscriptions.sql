-- Issue 14 item 1, change notifications: the Microsoft Graph subscription to each incident chat's messages (one per
-- chat). The clientState Graph sends back with every notification is kept only as its SHA-256 (hex): a notification
-- is believed when its clientState hashes to this and its subscription id is the row's.
CREATE TABLE incident_chat_subscription (
    chat_row_id        BIGINT PRIMARY KEY,
    subscription_id    VARCHAR(64),
    client_state_hash  VARCHAR(64),
    expires_at         DATETIME(6),
    created_at         DATETIME(6),
    renewed_at         DATETIME(6),
    last_problem       VARCHAR(300),
    version            BIGINT        NOT NULL,
    CONSTRAINT uq_incident_chat_subscription UNIQUE (subscription_id),
    CONSTRAINT fk_incident_chat_subscription_chat FOREIGN KEY (chat_row_id) REFERENCES incident_chat (id)
);
