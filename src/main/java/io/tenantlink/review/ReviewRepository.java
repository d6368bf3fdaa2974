package io.tenantlink.review;

import java.util.List;
import java.util.Optional;

public interface ReviewRepository {

    Optional<PostIncidentReview> findByIncident(long incidentId);

    /** Persists the review and gives it its id. */
    void add(PostIncidentReview review);

    /** The review's action items, oldest first. */
    List<ActionItem> items(long reviewId);

    Optional<ActionItem> findItem(long reviewId, long itemId);

    void addItem(ActionItem item);

    void removeItem(ActionItem item);

    /** The review's exported chat messages, oldest first. */
    List<ReviewChatMessage> chat(long reviewId);

    /** Replaces the review's exported chat messages with these. */
    void replaceChat(long reviewId, List<ReviewChatMessage> messages);

    /** How many action items the person owns (a person who owns one stays on the site). */
    long countOwnedBy(long personId);
}
