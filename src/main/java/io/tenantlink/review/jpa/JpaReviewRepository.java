package io.tenantlink.review.jpa;

import io.tenantlink.review.ActionItem;
import io.tenantlink.review.PostIncidentReview;
import io.tenantlink.review.ReviewChatMessage;
import io.tenantlink.review.ReviewRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class JpaReviewRepository implements ReviewRepository {

    @PersistenceContext(unitName = "tenantlink")
    private EntityManager em;

    @Override
    public Optional<PostIncidentReview> findByIncident(long incidentId) {
        return em.createQuery(
                        "select r from PostIncidentReview r where r.incidentId = :incident", PostIncidentReview.class)
                .setParameter("incident", incidentId)
                .getResultStream()
                .findFirst();
    }

    @Override
    public void add(PostIncidentReview review) {
        em.persist(review);
        em.flush();
    }

    @Override
    public List<ActionItem> items(long reviewId) {
        return em.createQuery("select i from ActionItem i where i.reviewId = :review order by i.id", ActionItem.class)
                .setParameter("review", reviewId)
                .getResultList();
    }

    @Override
    public Optional<ActionItem> findItem(long reviewId, long itemId) {
        return Optional.ofNullable(em.find(ActionItem.class, itemId)).filter(i -> i.getReviewId() == reviewId);
    }

    @Override
    public void addItem(ActionItem item) {
        em.persist(item);
    }

    @Override
    public void removeItem(ActionItem item) {
        em.remove(item);
    }

    @Override
    public List<ReviewChatMessage> chat(long reviewId) {
        return em.createQuery(
                        "select m from ReviewChatMessage m where m.reviewId = :review order by m.lineNo",
                        ReviewChatMessage.class)
                .setParameter("review", reviewId)
                .getResultList();
    }

    @Override
    public void replaceChat(long reviewId, List<ReviewChatMessage> messages) {
        em.createQuery("delete from ReviewChatMessage m where m.reviewId = :review")
                .setParameter("review", reviewId)
                .executeUpdate();
        // The delete ran in the database: the new rows (same line numbers) go in after it.
        em.flush();
        messages.forEach(em::persist);
    }

    @Override
    public long countOwnedBy(long personId) {
        return em.createQuery("select count(i) from ActionItem i where i.ownerPersonId = :person", Long.class)
                .setParameter("person", personId)
                .getSingleResult();
    }
}
