-- Issue 13, item 2: people mapped to Microsoft users, per connected tenant.
-- A copy of each connected tenant's directory users (what matching needs, read through /users/delta), the addresses
-- each user answers to (lower case, for matching by query instead of in memory), the delta link of the last complete
-- round, the sync runs, and the mapping of each (connection, person).
-- Portable between MariaDB and H2 (MODE=LEGACY): AUTO_INCREMENT, DATETIME(6), BOOLEAN.

CREATE TABLE directory_user (
    id                  BIGINT AUTO_INCREMENT PRIMARY KEY,
    connection_id       BIGINT        NOT NULL,
    object_id           VARCHAR(36)   NOT NULL,
    display_name        VARCHAR(256),
    mail                VARCHAR(320),
    user_principal_name VARCHAR(320),
    guest               BOOLEAN       NOT NULL,
    enabled             BOOLEAN       NOT NULL,
    -- The sync run that last saw the user: a full round removes the users it did not see.
    seen_run            BIGINT        NOT NULL,
    CONSTRAINT fk_directory_user_connection FOREIGN KEY (connection_id) REFERENCES tenant_connection (id),
    CONSTRAINT uq_directory_user UNIQUE (connection_id, object_id)
);
CREATE INDEX ix_directory_user_seen ON directory_user (connection_id, seen_run);

-- mail, userPrincipalName, otherMails and smtp: proxyAddresses of each user, in lower case.
CREATE TABLE directory_user_address (
    connection_id BIGINT       NOT NULL,
    address_key   VARCHAR(320) NOT NULL,
    object_id     VARCHAR(36)  NOT NULL,
    PRIMARY KEY (connection_id, address_key, object_id),
    CONSTRAINT fk_directory_address_connection FOREIGN KEY (connection_id) REFERENCES tenant_connection (id)
);
CREATE INDEX ix_directory_address_user ON directory_user_address (connection_id, object_id);

-- The deltaLink of the connection's last complete round: later runs ask only for what changed since.
CREATE TABLE directory_sync_state (
    connection_id BIGINT        NOT NULL PRIMARY KEY,
    delta_link    VARCHAR(4000),
    version       BIGINT        NOT NULL,
    CONSTRAINT fk_sync_state_connection FOREIGN KEY (connection_id) REFERENCES tenant_connection (id)
);

CREATE TABLE directory_sync_run (
    id            BIGINT AUTO_INCREMENT PRIMARY KEY,
    connection_id BIGINT        NOT NULL,
    full_sync     BOOLEAN       NOT NULL,
    started_by    VARCHAR(200)  NOT NULL,
    started_at    DATETIME(6)   NOT NULL,
    finished_at   DATETIME(6),
    outcome       VARCHAR(32)   NOT NULL,
    detail        VARCHAR(1000),
    requests      INT           NOT NULL,
    users_changed INT           NOT NULL,
    users_removed INT           NOT NULL,
    CONSTRAINT fk_sync_run_connection FOREIGN KEY (connection_id) REFERENCES tenant_connection (id)
);
CREATE INDEX ix_sync_run_connection ON directory_sync_run (connection_id, id);

-- A person's mapping in one tenant. No foreign key to person: the mapping feature deletes a removed person's rows
-- (people announce changes as CDI events and do not know about mappings).
CREATE TABLE person_mapping (
    id                 BIGINT AUTO_INCREMENT PRIMARY KEY,
    connection_id      BIGINT        NOT NULL,
    person_id          BIGINT        NOT NULL,
    source             VARCHAR(16)   NOT NULL,
    outcome            VARCHAR(16)   NOT NULL,
    reason_key         VARCHAR(64)   NOT NULL,
    object_id          VARCHAR(36),
    display_name       VARCHAR(256),
    mail               VARCHAR(320),
    -- Ambiguous: the candidates' object ids, comma-separated.
    candidates         VARCHAR(2000),
    override_object_id VARCHAR(36),
    override_by        VARCHAR(200),
    override_at        DATETIME(6),
    computed_at        DATETIME(6)   NOT NULL,
    version            BIGINT        NOT NULL,
    CONSTRAINT fk_person_mapping_connection FOREIGN KEY (connection_id) REFERENCES tenant_connection (id),
    CONSTRAINT uq_person_mapping UNIQUE (connection_id, person_id)
);
CREATE INDEX ix_person_mapping_person ON person_mapping (person_id);
