package io.tenantlink.webhook;

import io.tenantlink.audit.AuditAction;
import io.tenantlink.audit.AuditEntry;
import io.tenantlink.audit.AuditLog;
import io.tenantlink.audit.AuditOutcome;
import io.tenantlink.incident.IncidentViews.IncidentDetail;
import io.tenantlink.incident.TimelineRecorded;
import io.tenantlink.microsoft.Pkce;
import io.tenantlink.microsoft.TokenKeys;
import io.tenantlink.platform.Clock;
import io.tenantlink.platform.InvalidInputException;
import io.tenantlink.platform.web.PublicOrigin;
import io.tenantlink.webhook.WebhookViews.Added;
import io.tenantlink.webhook.WebhookViews.DeliveryView;
import io.tenantlink.webhook.WebhookViews.EndpointView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A site's webhooks: endpoints (added with a secret shown once, removed with confirmation), the outbox of events
 * written in the transaction of each incident timeline entry, and the bookkeeping of deliveries that
 * {@link WebhookDispatcher} makes over HTTP.
 */
@ApplicationScoped
@Transactional
public class WebhookService {

    public static final int MAX_ENDPOINTS = 5;
    static final int LOG_ROWS = 100;

    /** One attempt to make: everything the dispatcher needs outside a transaction. */
    public record Attempt(long deliveryId, String url, String secret, String eventKey, String eventType, String body) {}

    @Inject
    WebhookRepository webhooks;

    @Inject
    TokenKeys tokenKeys;

    @Inject
    AuditLog auditLog;

    @Inject
    @ConfigProperty(name = "tenantlink.webhook.retry-base-seconds", defaultValue = "30")
    long retryBaseSeconds;

    @Inject
    @ConfigProperty(name = "tenantlink.webhook.max-attempts", defaultValue = "12")
    int maxAttempts;

    RetrySchedule schedule() {
        Duration base = Duration.ofSeconds(Math.max(1, retryBaseSeconds));
        Duration cap = Duration.ofHours(1).compareTo(base) < 0 ? base : Duration.ofHours(1);
        return new RetrySchedule(base, cap, Math.max(1, maxAttempts));
    }

    // --- endpoints -----------------------------------------------------------------------------------------------

    public Added add(String actor, long siteId, String url) {
        String checked = WebhookUrl.check(url).toString();
        if (webhooks.activeEndpoints(siteId).size() >= MAX_ENDPOINTS) {
            throw new InvalidInputException("webhook.error.tooMany", MAX_ENDPOINTS);
        }
        String secret = "whsec_" + Pkce.randomValue();
        byte[] sealed = tokenKeys
                .cipher()
                .encrypt(secret.getBytes(StandardCharsets.UTF_8), WebhookEndpoint.sealBinding(siteId, checked));
        WebhookEndpoint endpoint = new WebhookEndpoint(siteId, checked, sealed, actor, Clock.now());
        webhooks.add(endpoint);
        audit(
                actor,
                AuditAction.WEBHOOK_ADDED,
                siteId,
                "webhook " + endpoint.getId(),
                "events of the site go to " + checked);
        return new Added(view(endpoint), secret);
    }

    /** Removes the endpoint: nothing more is sent to it; its pending deliveries are cancelled. */
    public boolean remove(String actor, long siteId, long endpointId) {
        WebhookEndpoint endpoint = webhooks.endpoint(siteId, endpointId).orElse(null);
        if (endpoint == null || !endpoint.isActive()) {
            return false;
        }
        endpoint.remove(Clock.now());
        List<WebhookDelivery> pending = webhooks.pendingDeliveries(endpointId);
        pending.forEach(WebhookDelivery::cancel);
        audit(
                actor,
                AuditAction.WEBHOOK_REMOVED,
                siteId,
                "webhook " + endpointId,
                endpoint.getUrl() + " removed; " + pending.size() + " pending deliveries cancelled");
        return true;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<EndpointView> endpoints(long siteId) {
        return webhooks.endpoints(siteId).stream().map(this::view).toList();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<EndpointView> endpoint(long siteId, long endpointId) {
        return webhooks.endpoint(siteId, endpointId).map(this::view);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<DeliveryView> deliveries(long siteId, long endpointId) {
        if (webhooks.endpoint(siteId, endpointId).isEmpty()) {
            return List.of();
        }
        List<WebhookDelivery> deliveries = webhooks.deliveries(endpointId, LOG_ROWS);
        Map<Long, WebhookEvent> events = webhooks.events(
                deliveries.stream().map(WebhookDelivery::getEventId).toList());
        return deliveries.stream()
                .map(d -> {
                    WebhookEvent event = events.get(d.getEventId());
                    return new DeliveryView(
                            d.getId(),
                            event.getEventType(),
                            event.getEventKey(),
                            event.getIncidentKey(),
                            event.getCreatedAt(),
                            d.getStatus(),
                            d.getAttempts(),
                            d.getLastAttemptAt(),
                            d.getLastStatus(),
                            d.getLastAnswer(),
                            d.getNextAttemptAt(),
                            d.getDeliveredAt());
                })
                .toList();
    }

    /** The same event again, with the same idempotency key (audited). */
    public boolean redeliver(String actor, long siteId, long deliveryId) {
        WebhookDelivery delivery = webhooks.delivery(siteId, deliveryId).orElse(null);
        if (delivery == null || delivery.getStatus() == DeliveryStatus.CANCELLED) {
            return false;
        }
        delivery.redeliver(Clock.now());
        WebhookEvent event = webhooks.event(delivery.getEventId()).orElseThrow();
        audit(
                actor,
                AuditAction.WEBHOOK_REDELIVERED,
                siteId,
                "webhook " + delivery.getEndpointId(),
                event.getEventType() + " " + event.getEventKey() + " queued again");
        return true;
    }

    /** A {@code ping} event to this endpoint only, to check the receiver and its signature check. */
    public boolean ping(String actor, long siteId, long endpointId) {
        WebhookEndpoint endpoint = webhooks.endpoint(siteId, endpointId).orElse(null);
        if (endpoint == null || !endpoint.isActive()) {
            return false;
        }
        Instant now = Clock.now();
        UUID key = UUID.randomUUID();
        WebhookEvent event =
                new WebhookEvent(siteId, key, "ping", null, EventPayloads.ping(key, siteId, actor, now), now);
        webhooks.add(event);
        webhooks.add(new WebhookDelivery(event.getId(), endpointId, siteId, now));
        return true;
    }

    // --- the outbox ----------------------------------------------------------------------------------------------

    /** In the transaction of the timeline entry: the event, and a delivery per active endpoint of the site. */
    void onTimeline(@Observes TimelineRecorded recorded) {
        IncidentDetail incident = recorded.incident();
        Instant now = Clock.now();
        UUID key = UUID.randomUUID();
        String url = PublicOrigin.absolute("/sites/" + recorded.siteId() + "/projects/" + incident.projectId()
                + "/incidents/" + incident.number());
        WebhookEvent event = new WebhookEvent(
                recorded.siteId(),
                key,
                EventPayloads.type(recorded.type()),
                incident.key(),
                EventPayloads.of(key, recorded, url),
                now);
        webhooks.add(event);
        for (WebhookEndpoint endpoint : webhooks.activeEndpoints(recorded.siteId())) {
            webhooks.add(new WebhookDelivery(event.getId(), endpoint.getId(), recorded.siteId(), now));
        }
    }

    /** The site's events after the given id, oldest first (the API's feed of the same events). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<WebhookEvent> eventsAfter(long siteId, long afterId, int max) {
        return webhooks.eventsAfter(siteId, afterId, max);
    }

    // --- deliveries (WebhookDispatcher) --------------------------------------------------------------------------

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Long> due(int max) {
        return webhooks.dueDeliveryIds(Clock.now(), max);
    }

    /** The attempt to make for a due delivery, or empty (no longer due; its endpoint removed: cancelled). */
    public Optional<Attempt> attempt(long deliveryId) {
        WebhookDelivery delivery = webhooks.delivery(deliveryId).orElse(null);
        if (delivery == null || !delivery.isDueAt(Clock.now())) {
            return Optional.empty();
        }
        WebhookEndpoint endpoint = webhooks.endpoint(delivery.getSiteId(), delivery.getEndpointId())
                .orElse(null);
        if (endpoint == null || !endpoint.isActive()) {
            delivery.cancel();
            return Optional.empty();
        }
        WebhookEvent event = webhooks.event(delivery.getEventId()).orElseThrow();
        String secret = new String(
                tokenKeys.cipher().decrypt(endpoint.getSecretSealed(), endpoint.sealBinding()), StandardCharsets.UTF_8);
        return Optional.of(new Attempt(
                deliveryId, endpoint.getUrl(), secret, event.getEventKey(), event.getEventType(), event.getPayload()));
    }

    /** What the attempt gave: {@code httpStatus} null when the receiver did not answer. */
    public void attempted(long deliveryId, Integer httpStatus, String answer) {
        WebhookDelivery delivery = webhooks.delivery(deliveryId).orElse(null);
        if (delivery == null || delivery.getStatus() != DeliveryStatus.PENDING) {
            return;
        }
        Instant now = Clock.now();
        if (httpStatus != null && httpStatus >= 200 && httpStatus < 300) {
            delivery.delivered(now, httpStatus, answer);
            return;
        }
        delivery.failed(now, httpStatus, answer, schedule());
        if (delivery.getStatus() == DeliveryStatus.GAVE_UP) {
            WebhookEvent event = webhooks.event(delivery.getEventId()).orElseThrow();
            auditLog.record(new AuditEntry(
                    now,
                    "system",
                    AuditAction.WEBHOOK_GAVE_UP,
                    AuditOutcome.FAILURE,
                    delivery.getSiteId(),
                    null,
                    "webhook " + delivery.getEndpointId(),
                    event.getEventType() + " " + event.getEventKey() + " not delivered after "
                            + delivery.getAttempts() + " attempts; last: "
                            + (httpStatus == null ? "no answer" : "HTTP " + httpStatus)));
        }
    }

    private EndpointView view(WebhookEndpoint endpoint) {
        Map<DeliveryStatus, Long> counts = endpoint.getId() == null ? Map.of() : webhooks.counts(endpoint.getId());
        return new EndpointView(
                endpoint.getId(),
                endpoint.getUrl(),
                endpoint.getCreatedBy(),
                endpoint.getCreatedAt(),
                endpoint.getRemovedAt(),
                counts.getOrDefault(DeliveryStatus.DELIVERED, 0L),
                counts.getOrDefault(DeliveryStatus.PENDING, 0L),
                counts.getOrDefault(DeliveryStatus.GAVE_UP, 0L));
    }

    private void audit(String actor, AuditAction action, long siteId, String subject, String detail) {
        auditLog.record(
                new AuditEntry(Clock.now(), actor, action, AuditOutcome.SUCCESS, siteId, null, subject, detail));
    }
}
