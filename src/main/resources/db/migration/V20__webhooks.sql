-- Webhooks to the service desk (issue 14, item 4): endpoints per site, an outbox of events written in the same
-- transaction as the change they describe, and one delivery per event and endpoint (at least once, retried).
CREATE TABLE webhook_endpoint (
    id              BIGINT AUTO_INCREMENT PRIMARY KEY,
    site_id         BIGINT        NOT NULL,
    url             VARCHAR(2000) NOT NULL,
    -- The signing secret, AES-GCM sealed with TENANTLINK_TOKEN_KEY (it must be read to sign; never shown again).
    secret_sealed   VARBINARY(512) NOT NULL,
    created_by      VARCHAR(200)  NOT NULL,
    created_at      DATETIME(6)   NOT NULL,
    removed_at      DATETIME(6),
    version         BIGINT        NOT NULL,
    CONSTRAINT fk_webhook_endpoint_site FOREIGN KEY (site_id) REFERENCES site (id)
);
CREATE INDEX ix_webhook_endpoint_site ON webhook_endpoint (site_id);

CREATE TABLE webhook_event (
    id              BIGINT AUTO_INCREMENT PRIMARY KEY,
    site_id         BIGINT        NOT NULL,
    -- The idempotency key receivers see: the same on every attempt and redelivery of this event.
    event_key       CHAR(36)      NOT NULL,
    event_type      VARCHAR(64)   NOT NULL,
    incident_key    VARCHAR(64),
    -- The JSON body sent (notes and replies are at most 4,000 characters; the rest is small).
    payload         VARCHAR(12000) NOT NULL,
    created_at      DATETIME(6)   NOT NULL,
    CONSTRAINT uq_webhook_event_key UNIQUE (event_key),
    CONSTRAINT fk_webhook_event_site FOREIGN KEY (site_id) REFERENCES site (id)
);
CREATE INDEX ix_webhook_event_site ON webhook_event (site_id, id);

CREATE TABLE webhook_delivery (
    id              BIGINT AUTO_INCREMENT PRIMARY KEY,
    event_id        BIGINT        NOT NULL,
    endpoint_id     BIGINT        NOT NULL,
    site_id         BIGINT        NOT NULL,
    status          VARCHAR(16)   NOT NULL,
    attempts        INT           NOT NULL,
    next_attempt_at DATETIME(6),
    last_attempt_at DATETIME(6),
    last_status     INT,
    last_answer     VARCHAR(500),
    delivered_at    DATETIME(6),
    version         BIGINT        NOT NULL,
    CONSTRAINT fk_webhook_delivery_event FOREIGN KEY (event_id) REFERENCES webhook_event (id),
    CONSTRAINT fk_webhook_delivery_endpoint FOREIGN KEY (endpoint_id) REFERENCES webhook_endpoint (id)
);
CREATE INDEX ix_webhook_delivery_due ON webhook_delivery (status, next_attempt_at);
CREATE INDEX ix_webhook_delivery_endpoint ON webhook_delivery (endpoint_id, id);
