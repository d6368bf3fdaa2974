-- Consent doctor: the last check of each feature's consent per connection, and a connection's
-- "needs attention" flag (kept apart from its status, so an ACTIVE connection stays ACTIVE).
-- Portable between MariaDB and H2 (MODE=LEGACY).

ALTER TABLE tenant_connection ADD COLUMN attention_reason VARCHAR(32);
ALTER TABLE tenant_connection ADD COLUMN attention_feature VARCHAR(40);
ALTER TABLE tenant_connection ADD COLUMN attention_detail VARCHAR(512);
ALTER TABLE tenant_connection ADD COLUMN attention_since DATETIME(6);

-- Scopes are space-separated, sorted; '' for none.
CREATE TABLE consent_check (
    id                   BIGINT AUTO_INCREMENT PRIMARY KEY,
    connection_id        BIGINT        NOT NULL,
    feature_key          VARCHAR(40)   NOT NULL,
    client_id            VARCHAR(36),
    outcome              VARCHAR(16)   NOT NULL,
    delegated_matching   VARCHAR(2000) NOT NULL,
    delegated_missing    VARCHAR(2000) NOT NULL,
    delegated_extra      VARCHAR(2000) NOT NULL,
    application_matching VARCHAR(2000) NOT NULL,
    application_missing  VARCHAR(2000) NOT NULL,
    application_extra    VARCHAR(2000) NOT NULL,
    checked_at           DATETIME(6)   NOT NULL,
    checked_by           VARCHAR(200)  NOT NULL,
    version              BIGINT        NOT NULL,
    CONSTRAINT fk_consent_check_connection FOREIGN KEY (connection_id) REFERENCES tenant_connection (id),
    CONSTRAINT uq_consent_check_feature UNIQUE (connection_id, feature_key)
);
