-- Issue 14 items 1 and 2: commands from an incident's Teams chat. Each command message is processed once: its row
-- (unique per chat and Graph message id) is written in the transaction that applies it.
CREATE TABLE incident_chat_message (
    id               BIGINT AUTO_INCREMENT PRIMARY KEY,
    chat_row_id      BIGINT        NOT NULL,
    message_id       VARCHAR(64)   NOT NULL,
    sender_object_id VARCHAR(64),
    sender_name      VARCHAR(256),
    sent_at          DATETIME(6)   NOT NULL,
    processed_at     DATETIME(6)   NOT NULL,
    outcome          VARCHAR(24)   NOT NULL,
    detail           VARCHAR(500),
    CONSTRAINT uq_incident_chat_message UNIQUE (chat_row_id, message_id),
    CONSTRAINT fk_incident_chat_message_chat FOREIGN KEY (chat_row_id) REFERENCES incident_chat (id)
);

-- Where polling of a chat's messages stands: messages last modified up to polled_through were read.
CREATE TABLE incident_chat_poll (
    chat_row_id    BIGINT PRIMARY KEY,
    polled_through DATETIME(6),
    last_poll_at   DATETIME(6),
    last_problem   VARCHAR(300),
    version        BIGINT        NOT NULL,
    CONSTRAINT fk_incident_chat_poll_chat FOREIGN KEY (chat_row_id) REFERENCES incident_chat (id)
);
