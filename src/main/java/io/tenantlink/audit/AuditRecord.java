package io.tenantlink.audit;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One stored audit record. Immutable once written: no setters, every column not updatable. */
@Entity
@Table(name = "audit_record")
public class AuditRecord {

    @Id
    @Column(updatable = false)
    private long seq;

    @Column(name = "occurred_at", nullable = false, updatable = false)
    private Instant occurredAt;

    @Column(nullable = false, updatable = false)
    private String actor;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false)
    private AuditAction action;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false)
    private AuditOutcome outcome;

    @Column(name = "site_id", updatable = false)
    private Long siteId;

    @Column(name = "tenant_id", updatable = false)
    private String tenantId;

    @Column(updatable = false)
    private String subject;

    @Column(updatable = false)
    private String detail;

    @Column(name = "prev_hash", nullable = false, updatable = false)
    private String prevHash;

    @Column(nullable = false, updatable = false)
    private String hash;

    protected AuditRecord() {
    }

    public AuditRecord(long seq, AuditEntry entry, String prevHash) {
        this.seq = seq;
        this.occurredAt = AuditChain.normalise(entry.occurredAt());
        this.actor = entry.actor();
        this.action = entry.action();
        this.outcome = entry.outcome();
        this.siteId = entry.siteId();
        this.tenantId = entry.tenantId();
        this.subject = entry.subject();
        this.detail = entry.detail();
        this.prevHash = prevHash;
        this.hash = AuditChain.hash(seq, entry(), prevHash);
    }

    public AuditEntry entry() {
        return new AuditEntry(occurredAt, actor, action, outcome, siteId, tenantId, subject, detail);
    }

    public AuditChain.StoredRecord stored() {
        return new AuditChain.StoredRecord(seq, entry(), prevHash, hash);
    }

    public long getSeq() {
        return seq;
    }

    public Instant getOccurredAt() {
        return occurredAt;
    }

    public String getActor() {
        return actor;
    }

    public AuditAction getAction() {
        return action;
    }

    public AuditOutcome getOutcome() {
        return outcome;
    }

    public Long getSiteId() {
        return siteId;
    }

    public String getTenantId() {
        return tenantId;
    }

    public String getSubject() {
        return subject;
    }

    public String getDetail() {
        return detail;
    }

    public String getHash() {
        return hash;
    }
}
