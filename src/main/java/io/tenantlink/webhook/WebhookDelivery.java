package io.tenantlink.webhook;

import io.tenantlink.platform.text.Text;
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

/** One event's delivery to one endpoint: at least once, retried on a schedule, redelivered on request. */
@Entity
@Table(name = "webhook_delivery")
public class WebhookDelivery {

    public static final int MAX_ANSWER = 500;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "event_id", nullable = false, updatable = false)
    private long eventId;

    @Column(name = "endpoint_id", nullable = false, updatable = false)
    private long endpointId;

    @Column(name = "site_id", nullable = false, updatable = false)
    private long siteId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private DeliveryStatus status;

    @Column(nullable = false)
    private int attempts;

    @Column(name = "next_attempt_at")
    private Instant nextAttemptAt;

    @Column(name = "last_attempt_at")
    private Instant lastAttemptAt;

    @Column(name = "last_status")
    private Integer lastStatus;

    @Column(name = "last_answer")
    private String lastAnswer;

    @Column(name = "delivered_at")
    private Instant deliveredAt;

    @Version
    private long version;

    protected WebhookDelivery() {}

    public WebhookDelivery(long eventId, long endpointId, long siteId, Instant now) {
        this.eventId = eventId;
        this.endpointId = endpointId;
        this.siteId = siteId;
        this.status = DeliveryStatus.PENDING;
        this.nextAttemptAt = now;
    }

    public boolean isDueAt(Instant now) {
        return status == DeliveryStatus.PENDING && nextAttemptAt != null && !nextAttemptAt.isAfter(now);
    }

    /** The receiver answered 2xx. */
    public void delivered(Instant now, int httpStatus, String answer) {
        attempted(now, httpStatus, answer);
        status = DeliveryStatus.DELIVERED;
        deliveredAt = now;
        nextAttemptAt = null;
    }

    /** Another status, or no answer ({@code httpStatus} null): retried later, or given up. */
    public void failed(Instant now, Integer httpStatus, String answer, RetrySchedule schedule) {
        attempted(now, httpStatus, answer);
        if (schedule.givesUpAfter(attempts)) {
            status = DeliveryStatus.GAVE_UP;
            nextAttemptAt = null;
        } else {
            nextAttemptAt = now.plus(schedule.delayAfter(attempts));
        }
    }

    /** A site admin asks for it again (the same event, the same idempotency key), whatever happened before. */
    public void redeliver(Instant now) {
        if (status == DeliveryStatus.CANCELLED) {
            throw new IllegalStateException("its endpoint was removed");
        }
        status = DeliveryStatus.PENDING;
        nextAttemptAt = now;
    }

    public void cancel() {
        if (status == DeliveryStatus.PENDING) {
            status = DeliveryStatus.CANCELLED;
            nextAttemptAt = null;
        }
    }

    private void attempted(Instant now, Integer httpStatus, String answer) {
        if (status != DeliveryStatus.PENDING) {
            throw new IllegalStateException("delivery is " + status);
        }
        attempts++;
        lastAttemptAt = now;
        lastStatus = httpStatus;
        lastAnswer = answer == null ? null : clip(answer);
    }

    private static String clip(String answer) {
        return Text.shorten(answer.replaceAll("[\\p{Cntrl}]", " ").strip(), MAX_ANSWER);
    }

    public Long getId() {
        return id;
    }

    public long getEventId() {
        return eventId;
    }

    public long getEndpointId() {
        return endpointId;
    }

    public long getSiteId() {
        return siteId;
    }

    public DeliveryStatus getStatus() {
        return status;
    }

    public int getAttempts() {
        return attempts;
    }

    public Instant getNextAttemptAt() {
        return nextAttemptAt;
    }

    public Instant getLastAttemptAt() {
        return lastAttemptAt;
    }

    public Integer getLastStatus() {
        return lastStatus;
    }

    public String getLastAnswer() {
        return lastAnswer;
    }

    public Instant getDeliveredAt() {
        return deliveredAt;
    }
}
