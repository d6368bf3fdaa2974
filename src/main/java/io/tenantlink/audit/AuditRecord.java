package io.tenantlink.audit;

import io.tenantlink.platform.text.Text;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

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

    protected AuditRecord() {}

    public AuditRecord(long seq, AuditEntry entry, String prevHash) {
        this.seq = seq;
        this.occurredAt = AuditChain.normalise(entry.occurredAt());
        // Encoded once, when the record is made (before its hash): no value can forge a line or hide text
        // in the audit page, the CSV or a log that copies it; stored records are never re-encoded.
        this.actor = safe(entry.actor(), 200);
        this.action = entry.action();
        this.outcome = entry.outcome();
        this.siteId = entry.siteId();
        this.tenantId = entry.tenantId();
        this.subject = safe(entry.subject(), 255);
        this.detail = safe(entry.detail(), 2000);
        this.prevHash = prevHash;
        this.hash = AuditChain.hash(seq, entry(), prevHash);
    }

    private static String safe(String value, int max) {
        String encoded = Text.forAudit(value);
        return encoded == null || encoded.length() <= max ? encoded : encoded.substring(0, max);
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

    public String getPrevHash() {
        return prevHash;
    }

    public String getHash() {
        return hash;
    }
}
