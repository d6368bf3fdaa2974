-- Issue 13, mapping benchmark: the users a sync run has read, page by page (staging, kept only while the run lasts).
-- A page's users are joined with the directory copy through this table instead of `object_id IN (…)` lists, whose
-- cost in H2 grows with the size of the copy; after a full round, the users of the copy missing here are removed.
-- Portable between MariaDB and H2 (MODE=LEGACY).

CREATE TABLE directory_sync_seen (
    run_id    BIGINT      NOT NULL,
    page_no   INT         NOT NULL,
    object_id VARCHAR(36) NOT NULL,
    PRIMARY KEY (run_id, page_no, object_id)
);
CREATE INDEX ix_directory_sync_seen_user ON directory_sync_seen (run_id, object_id);

-- Nothing asks directory_user by seen_run any more (a full round's removals go through directory_sync_seen), and each
-- index is one more to update for every user a sync writes.
DROP INDEX ix_directory_user_seen ON directory_user;
