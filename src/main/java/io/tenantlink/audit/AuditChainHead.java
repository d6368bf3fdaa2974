package io.tenantlink.audit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The single row that holds the end of the chain; writers lock it, so records get consecutive numbers. */
@Entity
@Table(name = "audit_chain_head")
public class AuditChainHead {

    public static final int ID = 1;

    @Id
    private int id;

    @Column(name = "last_seq", nullable = false)
    private long lastSeq;

    @Column(name = "last_hash", nullable = false)
    private String lastHash;

    protected AuditChainHead() {}

    public AuditRecord append(AuditEntry entry) {
        AuditRecord record = new AuditRecord(lastSeq + 1, entry, lastHash);
        lastSeq = record.getSeq();
        lastHash = record.getHash();
        return record;
    }

    public long getLastSeq() {
        return lastSeq;
    }

    public String getLastHash() {
        return lastHash;
    }
}
