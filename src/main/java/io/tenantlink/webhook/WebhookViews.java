package io.tenantlink.webhook;

import java.time.Instant;

/** What the webhook pages show: records, never entities. */
public final class WebhookViews {

    private WebhookViews() {}

    public record EndpointView(
            long id,
            String url,
            String createdBy,
            Instant createdAt,
            Instant removedAt,
            long delivered,
            long pending,
            long gaveUp) {

        public boolean active() {
            return removedAt == null;
        }
    }

    public record DeliveryView(
            long id,
            String eventType,
            String eventKey,
            String incidentKey,
            Instant eventAt,
            DeliveryStatus status,
            int attempts,
            Instant lastAttemptAt,
            Integer lastStatus,
            String lastAnswer,
            Instant nextAttemptAt,
            Instant deliveredAt) {

        public boolean canRedeliver() {
            return status != DeliveryStatus.CANCELLED;
        }
    }

    /** A new endpoint, with its signing secret: shown once. */
    public record Added(EndpointView endpoint, String secret) {}
}
