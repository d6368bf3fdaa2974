-- The grant history filtered by site and event (an auditor's first question: what was granted on this site), newest
-- first: with the site's index alone, MariaDB read the site's records backwards and dropped the other events (11 ms
-- for a site of 1,000 records, on every such page: issue 16's benchmark); with this one it reads the page's records.
CREATE INDEX ix_audit_site_action_seq ON audit_record (site_id, action, seq);
