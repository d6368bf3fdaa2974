package io.tenantlink.webhook.jpa;

import io.tenantlink.webhook.DeliveryStatus;
import io.tenantlink.webhook.WebhookDelivery;
import io.tenantlink.webhook.WebhookEndpoint;
import io.tenantlink.webhook.WebhookEvent;
import io.tenantlink.webhook.WebhookRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

@ApplicationScoped
public class JpaWebhookRepository implements WebhookRepository {

    @PersistenceContext(unitName = "tenantlink")
    private EntityManager em;

    @Override
    public void add(WebhookEndpoint endpoint) {
        em.persist(endpoint);
        em.flush();
    }

    @Override
    public Optional<WebhookEndpoint> endpoint(long siteId, long endpointId) {
        return Optional.ofNullable(em.find(WebhookEndpoint.class, endpointId)).filter(e -> e.getSiteId() == siteId);
    }

    @Override
    public List<WebhookEndpoint> endpoints(long siteId) {
        return em.createQuery(
                        "select e from WebhookEndpoint e where e.siteId = :s"
                                + " order by case when e.removedAt is null then 0 else 1 end, e.id desc",
                        WebhookEndpoint.class)
                .setParameter("s", siteId)
                .getResultList();
    }

    @Override
    public List<WebhookEndpoint> activeEndpoints(long siteId) {
        return em.createQuery(
                        "select e from WebhookEndpoint e where e.siteId = :s and e.removedAt is null order by e.id",
                        WebhookEndpoint.class)
                .setParameter("s", siteId)
                .getResultList();
    }

    @Override
    public void add(WebhookEvent event) {
        em.persist(event);
        em.flush();
    }

    @Override
    public Optional<WebhookEvent> event(long eventId) {
        return Optional.ofNullable(em.find(WebhookEvent.class, eventId));
    }

    @Override
    public Map<Long, WebhookEvent> events(java.util.Collection<Long> eventIds) {
        if (eventIds.isEmpty()) {
            return Map.of();
        }
        return em
                .createQuery("select e from WebhookEvent e where e.id in :ids", WebhookEvent.class)
                .setParameter("ids", eventIds)
                .getResultList()
                .stream()
                .collect(java.util.stream.Collectors.toMap(WebhookEvent::getId, e -> e));
    }

    @Override
    public List<WebhookEvent> eventsAfter(long siteId, long afterId, int max) {
        return em.createQuery(
                        "select e from WebhookEvent e where e.siteId = :s and e.id > :a and e.eventType <> 'ping'"
                                + " order by e.id",
                        WebhookEvent.class)
                .setParameter("s", siteId)
                .setParameter("a", afterId)
                .setMaxResults(max)
                .getResultList();
    }

    @Override
    public void add(WebhookDelivery delivery) {
        em.persist(delivery);
    }

    @Override
    public Optional<WebhookDelivery> delivery(long siteId, long deliveryId) {
        return delivery(deliveryId).filter(d -> d.getSiteId() == siteId);
    }

    @Override
    public Optional<WebhookDelivery> delivery(long deliveryId) {
        return Optional.ofNullable(em.find(WebhookDelivery.class, deliveryId));
    }

    @Override
    public List<Long> dueDeliveryIds(Instant now, int max) {
        return em.createQuery(
                        "select d.id from WebhookDelivery d where d.status = :p and d.nextAttemptAt <= :now"
                                + " order by d.nextAttemptAt, d.id",
                        Long.class)
                .setParameter("p", DeliveryStatus.PENDING)
                .setParameter("now", now)
                .setMaxResults(max)
                .getResultList();
    }

    @Override
    public List<WebhookDelivery> deliveries(long endpointId, int max) {
        return em.createQuery(
                        "select d from WebhookDelivery d where d.endpointId = :e order by d.id desc",
                        WebhookDelivery.class)
                .setParameter("e", endpointId)
                .setMaxResults(max)
                .getResultList();
    }

    @Override
    public List<WebhookDelivery> pendingDeliveries(long endpointId) {
        return em.createQuery(
                        "select d from WebhookDelivery d where d.endpointId = :e and d.status = :p",
                        WebhookDelivery.class)
                .setParameter("e", endpointId)
                .setParameter("p", DeliveryStatus.PENDING)
                .getResultList();
    }

    @Override
    public Map<DeliveryStatus, Long> counts(long endpointId) {
        Map<DeliveryStatus, Long> counts = new EnumMap<>(DeliveryStatus.class);
        for (Object[] row : em.createQuery(
                        "select d.status, count(d) from WebhookDelivery d where d.endpointId = :e group by d.status",
                        Object[].class)
                .setParameter("e", endpointId)
                .getResultList()) {
            counts.put((DeliveryStatus) row[0], ((Number) row[1]).longValue());
        }
        return counts;
    }
}
