-- msal4j's token cache for one (tenant, application): AES-GCM ciphertext only. The key lives in
-- configuration (TENANTLINK_TOKEN_KEY), never in the database.
CREATE TABLE microsoft_token_cache (
    tenant_id  VARCHAR(36) NOT NULL,
    app_id     VARCHAR(36) NOT NULL,
    ciphertext LONGBLOB    NOT NULL,
    updated_at DATETIME(6) NOT NULL,
    version    BIGINT      NOT NULL,
    PRIMARY KEY (tenant_id, app_id)
);
