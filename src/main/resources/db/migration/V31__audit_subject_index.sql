-- A record's page lists the newest records about the same subject (subject = ?, newest first): without an index
-- ending in seq, that read the history backwards until it found them, the whole history for a rare subject.
CREATE INDEX ix_audit_subject_seq ON audit_record (subject, seq);
