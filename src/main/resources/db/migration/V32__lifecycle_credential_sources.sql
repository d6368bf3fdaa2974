-- Where the lifecycle check last found the expiry dates of each of the portal's own app registrations (issue 16,
-- item 3): read from Microsoft Graph in the publisher tenant (TENANTLINK_MICROSOFT_PUBLISHER_TENANT), or from the
-- settings and certificate files because Graph could not be read, and why. One row per app, written by every check
-- while a publisher tenant is set; the site page's Warnings section says it in words.
CREATE TABLE lifecycle_credential_source (
    -- chatops, management
    app           VARCHAR(32)  NOT NULL PRIMARY KEY,
    -- READ, SIGN_IN_REFUSED, PERMISSION_MISSING, NOT_FOUND, GRAPH_REFUSED, UNANSWERED; NULL: not checked yet
    outcome       VARCHAR(32),
    -- Microsoft's code or status (AADSTS700016, 403 Authorization_RequestDenied), never a secret
    detail        VARCHAR(200),
    -- what Graph listed (READ only)
    secrets       INT,
    certificates  INT,
    checked_at    DATETIME(6)
);

INSERT INTO lifecycle_credential_source (app) VALUES ('chatops');
INSERT INTO lifecycle_credential_source (app) VALUES ('management');
