-- Work done once across several portal instances on one database (issue 15, item 3; docs/cluster.md).

-- ShedLock's lock table (net.javacrumbs.shedlock:shedlock-provider-jdbc), one row per periodic timer
-- (platform.concurrent.ClusterLock): a timer runs on the instance that finds lock_until past, which then holds it for
-- a little less than the timer's interval. locked_at is the start of the last run, locked_by ShedLock's host name.
CREATE TABLE shedlock (
    name        VARCHAR(64)   NOT NULL PRIMARY KEY,
    lock_until  DATETIME(3)   NOT NULL,
    locked_at   DATETIME(3)   NOT NULL,
    locked_by   VARCHAR(255)  NOT NULL
);

-- Leases on background work (platform.concurrent.WorkLeases): the instance that owns a grant job ("grant-job:<id>") or
-- a directory sync ("directory-sync:<connection id>") renews lease_until while it works; when lease_until is past, any
-- instance may take the work over.
CREATE TABLE work_lease (
    name         VARCHAR(128)  NOT NULL PRIMARY KEY,
    owner        VARCHAR(128)  NOT NULL,
    lease_until  DATETIME(6)   NOT NULL
);
