package io.tenantlink.teams.jpa;

import io.tenantlink.teams.ChatMessageRecord;
import io.tenantlink.teams.ChatPoll;
import io.tenantlink.teams.ChatSubscription;
import io.tenantlink.teams.IncidentChat;
import io.tenantlink.teams.TeamsIdentity;
import io.tenantlink.teams.TeamsRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Optional;

@ApplicationScoped
public class JpaTeamsRepository implements TeamsRepository {

    @PersistenceContext(unitName = "tenantlink")
    private EntityManager em;

    @Override
    public Optional<TeamsIdentity> identity(long accountId, long connectionId) {
        return em.createQuery(
                        "select i from TeamsIdentity i where i.accountId = :account and i.connectionId = :connection",
                        TeamsIdentity.class)
                .setParameter("account", accountId)
                .setParameter("connection", connectionId)
                .getResultStream()
                .findFirst();
    }

    @Override
    public Optional<TeamsIdentity> identity(long id) {
        return Optional.ofNullable(em.find(TeamsIdentity.class, id));
    }

    @Override
    public void add(TeamsIdentity identity) {
        em.persist(identity);
        em.flush();
    }

    @Override
    public Optional<IncidentChat> chatOf(long incidentId) {
        return em.createQuery("select c from IncidentChat c where c.incidentId = :incident", IncidentChat.class)
                .setParameter("incident", incidentId)
                .getResultStream()
                .findFirst();
    }

    @Override
    public Optional<IncidentChat> chat(long id) {
        return Optional.ofNullable(em.find(IncidentChat.class, id));
    }

    @Override
    public void add(IncidentChat chat) {
        em.persist(chat);
        em.flush();
    }

    @Override
    public void remove(IncidentChat chat) {
        em.remove(em.contains(chat) ? chat : em.merge(chat));
        em.flush();
    }

    @Override
    public java.util.List<TeamsIdentity> identitiesOfUser(long connectionId, String objectId) {
        return em.createQuery(
                        "select i from TeamsIdentity i where i.connectionId = :c and lower(i.objectId) = :o",
                        TeamsIdentity.class)
                .setParameter("c", connectionId)
                .setParameter("o", objectId.toLowerCase(java.util.Locale.ROOT))
                .getResultList();
    }

    @Override
    public java.util.List<Long> chatsToPoll() {
        return chatsToPoll(null);
    }

    @Override
    public java.util.List<Long> chatsToPollCreatedBefore(java.time.Instant before) {
        return chatsToPoll(java.util.Objects.requireNonNull(before, "before"));
    }

    /** The chats to poll, all or (with {@code before}) those created before it. */
    private java.util.List<Long> chatsToPoll(java.time.Instant before) {
        var query = em.createQuery(
                        "select c.id from IncidentChat c, Incident i where i.id = c.incidentId and c.state = :active"
                                + " and i.status not in :done" + (before == null ? "" : " and c.createdAt < :before")
                                + " order by c.id",
                        Long.class)
                .setParameter("active", IncidentChat.State.ACTIVE)
                .setParameter(
                        "done",
                        java.util.List.of(
                                io.tenantlink.incident.IncidentStatus.RESOLVED,
                                io.tenantlink.incident.IncidentStatus.CLOSED));
        if (before != null) {
            query.setParameter("before", before);
        }
        return query.getResultList();
    }

    @Override
    public Optional<ChatPoll> poll(long chatRowId) {
        return Optional.ofNullable(em.find(ChatPoll.class, chatRowId));
    }

    @Override
    public void add(ChatPoll poll) {
        em.persist(poll);
    }

    @Override
    public boolean processed(long chatRowId, String messageId) {
        return !em.createQuery(
                        "select r.id from ChatMessageRecord r where r.chatRowId = :c and r.messageId = :m", Long.class)
                .setParameter("c", chatRowId)
                .setParameter("m", messageId)
                .setMaxResults(1)
                .getResultList()
                .isEmpty();
    }

    @Override
    public void add(ChatMessageRecord record) {
        em.persist(record);
        em.flush();
    }

    @Override
    public Optional<ChatSubscription> subscription(long chatRowId) {
        return Optional.ofNullable(em.find(ChatSubscription.class, chatRowId));
    }

    @Override
    public Optional<ChatSubscription> subscriptionById(String subscriptionId) {
        return em.createQuery("select s from ChatSubscription s where s.subscriptionId = :id", ChatSubscription.class)
                .setParameter("id", subscriptionId)
                .getResultStream()
                .findFirst();
    }

    @Override
    public void add(ChatSubscription subscription) {
        em.persist(subscription);
        em.flush();
    }

    @Override
    public java.util.List<Long> subscribedChats() {
        return em.createQuery(
                        "select s.chatRowId from ChatSubscription s where s.subscriptionId is not null order by s.chatRowId",
                        Long.class)
                .getResultList();
    }
}
