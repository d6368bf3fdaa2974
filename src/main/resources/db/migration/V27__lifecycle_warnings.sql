-- Lifecycle warnings (issue 16, item 3): what will break or has broken (the portal's app credentials nearing expiry,
-- connections whose stored sign-in Microsoft refused, connections the consent doctor flagged), per site, computed by
-- lifecycle.LifecycleTimer. One row per site, kind and subject while the condition holds; deleted when it clears.
CREATE TABLE lifecycle_warning (
    id               BIGINT AUTO_INCREMENT PRIMARY KEY,
    site_id          BIGINT        NOT NULL,
    -- CREDENTIAL_EXPIRY, CONNECTION_SIGN_IN, CONNECTION_ATTENTION
    kind             VARCHAR(32)   NOT NULL,
    -- what it is about: a credential ("chatops-secret", "management-certificate") or a connection id
    subject          VARCHAR(128)  NOT NULL,
    -- the threshold reached: DAYS_30, DAYS_7, DAYS_1, EXPIRED (credentials) or FAILING (connections)
    stage            VARCHAR(16)   NOT NULL,
    -- a code of the reason (AADSTS700082, DRIFT, …) or the expiry instant, never a secret
    detail           VARCHAR(512),
    expires_at       DATETIME(6),
    first_seen       DATETIME(6)   NOT NULL,
    -- the stage of the last e-mail sent about it, and when
    mailed_stage     VARCHAR(16),
    last_mailed      DATETIME(6),
    acknowledged_by  VARCHAR(200),
    acknowledged_at  DATETIME(6),
    version          BIGINT        NOT NULL,
    CONSTRAINT uq_lifecycle_warning UNIQUE (site_id, kind, subject),
    CONSTRAINT fk_lifecycle_warning_site FOREIGN KEY (site_id) REFERENCES site (id)
);

-- The address each site admin wants warnings at (portal accounts carry no e-mail). Mail goes to accounts that hold
-- the site admin role when it is sent.
CREATE TABLE lifecycle_recipient (
    site_id     BIGINT       NOT NULL,
    account_id  BIGINT       NOT NULL,
    email       VARCHAR(254) NOT NULL,
    updated_at  DATETIME(6)  NOT NULL,
    PRIMARY KEY (site_id, account_id),
    CONSTRAINT fk_lifecycle_recipient_site FOREIGN KEY (site_id) REFERENCES site (id),
    CONSTRAINT fk_lifecycle_recipient_account FOREIGN KEY (account_id) REFERENCES account (id)
);
