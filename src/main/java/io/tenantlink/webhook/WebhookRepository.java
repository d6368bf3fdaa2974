package io.tenantlink.webhook;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Endpoints, the event outbox and deliveries. */
public interface WebhookRepository {

    void add(WebhookEndpoint endpoint);

    Optional<WebhookEndpoint> endpoint(long siteId, long endpointId);

    /** The site's endpoints, active ones first, newest first. */
    List<WebhookEndpoint> endpoints(long siteId);

    List<WebhookEndpoint> activeEndpoints(long siteId);

    void add(WebhookEvent event);

    Optional<WebhookEvent> event(long eventId);

    /** These events, by id (one query for a page of deliveries). */
    java.util.Map<Long, WebhookEvent> events(java.util.Collection<Long> eventIds);

    /** The site's events with an id above {@code afterId}, oldest first, at most {@code max} (the API's feed). */
    List<WebhookEvent> eventsAfter(long siteId, long afterId, int max);

    void add(WebhookDelivery delivery);

    Optional<WebhookDelivery> delivery(long siteId, long deliveryId);

    /** Ids of deliveries due now, oldest first, at most {@code max}. */
    List<Long> dueDeliveryIds(Instant now, int max);

    Optional<WebhookDelivery> delivery(long deliveryId);

    /** The endpoint's deliveries, newest first, at most {@code max}. */
    List<WebhookDelivery> deliveries(long endpointId, int max);

    List<WebhookDelivery> pendingDeliveries(long endpointId);

    /** How many of the endpoint's deliveries have each status. */
    java.util.Map<DeliveryStatus, Long> counts(long endpointId);
}
