package io.tenantlink.grants;

/** A limited-user approval job's life: QUEUED (waiting for a token or a thread), RUNNING, then one of the ends. */
public enum GrantJobStatus {
    QUEUED,
    RUNNING,
    CANCELLED,
    DONE,
    FAILED;

    public boolean finished() {
        return this == CANCELLED || this == DONE || this == FAILED;
    }
}
