-- The grant history pages newest first by record number within a filter (keyset paging): indexes that end in seq
-- let the tenant and event filters read one page without scanning the history; the date filter uses occurred_at.
CREATE INDEX ix_audit_tenant_seq ON audit_record (tenant_id, seq);
CREATE INDEX ix_audit_action_seq ON audit_record (action, seq);
CREATE INDEX ix_audit_occurred ON audit_record (occurred_at);
