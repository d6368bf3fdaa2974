package io.tenantlink.incident;

import io.tenantlink.platform.Clock;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/** One stakeholder a {@link StakeholderUpdate} was e-mailed to: name and address as they were, and the outcome. */
@Entity
@Table(name = "stakeholder_update_recipient")
public class UpdateRecipient {

    public static final int MAX_REASON = 300;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "update_id", nullable = false, updatable = false)
    private long updateId;

    @Column(name = "person_id", nullable = false, updatable = false)
    private long personId;

    @Column(nullable = false, updatable = false)
    private String name;

    @Column(nullable = false, updatable = false)
    private String address;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private DeliveryStatus status;

    private String reason;

    @Column(name = "delivered_at")
    private Instant deliveredAt;

    @Version
    private long version;

    protected UpdateRecipient() {}

    public UpdateRecipient(long updateId, long personId, String name, String address, boolean mailConfigured) {
        this.updateId = updateId;
        this.personId = personId;
        this.name = name;
        this.address = address;
        this.status = mailConfigured ? DeliveryStatus.PENDING : DeliveryStatus.NOT_CONFIGURED;
    }

    /** Records the outcome of the one attempt; only a pending recipient changes (a repeat changes nothing). */
    public boolean settle(DeliveryStatus outcome, String why) {
        if (status != DeliveryStatus.PENDING || outcome == DeliveryStatus.PENDING) {
            return false;
        }
        this.status = outcome;
        this.reason = outcome == DeliveryStatus.FAILED
                ? (why == null || why.isBlank()
                        ? "unknown error"
                        : why.length() > MAX_REASON ? why.substring(0, MAX_REASON) : why)
                : null;
        this.deliveredAt = Clock.now();
        return true;
    }

    public Long getId() {
        return id;
    }

    public long getUpdateId() {
        return updateId;
    }

    public long getPersonId() {
        return personId;
    }

    public String getName() {
        return name;
    }

    public String getAddress() {
        return address;
    }

    public DeliveryStatus getStatus() {
        return status;
    }

    public String getReason() {
        return reason;
    }

    public Instant getDeliveredAt() {
        return deliveredAt;
    }
}
