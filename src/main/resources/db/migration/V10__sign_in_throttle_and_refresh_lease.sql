-- Failed portal sign-ins, per account name and per client address (keys are SHA-256 hashes, so no
-- typed name is stored). In the database so that every instance of the portal counts the same failures.
-- Portable between MariaDB and H2 (MODE=LEGACY).
CREATE TABLE sign_in_throttle (
    throttle_key    VARCHAR(100) NOT NULL PRIMARY KEY,
    failures        INT          NOT NULL,
    last_failure_at DATETIME(6)  NOT NULL,
    blocked_until   DATETIME(6),
    version         BIGINT       NOT NULL
);

-- Single flight for refreshes of one (tenant, application) token cache: a refresh token is spent once,
-- and the cache row is read, refreshed and written by one request at a time, on any instance.
-- A lease whose holder died runs out at expires_at and may be taken over.
CREATE TABLE token_refresh_lease (
    lease_key  VARCHAR(100) NOT NULL PRIMARY KEY,
    holder     VARCHAR(64)  NOT NULL,
    expires_at DATETIME(6)  NOT NULL
);
