package io.tenantlink.grants;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** One user of a job and where they stand (V6__grant_jobs.sql). */
@Entity
@Table(name = "grant_job_user")
@IdClass(GrantJobUser.Key.class)
public class GrantJobUser {

    @Id
    @Column(name = "job_id")
    public Long jobId;

    @Id
    @Column(name = "user_id")
    public String userId;

    @Column(name = "seq_no", nullable = false)
    public int seqNo;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public GrantOutcome status;

    public String detail;

    @Column(name = "scopes_before")
    public String scopesBefore;

    @Column(name = "scopes_after")
    public String scopesAfter;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public static class Key implements Serializable {
        public Long jobId;
        public String userId;

        public Key() {}

        public Key(Long jobId, String userId) {
            this.jobId = jobId;
            this.userId = userId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(jobId, k.jobId) && Objects.equals(userId, k.userId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(jobId, userId);
        }
    }
}
