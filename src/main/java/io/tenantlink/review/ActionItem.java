package io.tenantlink.review;

import io.tenantlink.platform.Clock;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Something a review decided someone does: a description, an owner (a person of the site, or free text for someone
 * who is not one), an optional due date, done or not.
 */
@Entity
@Table(name = "review_action_item")
public class ActionItem {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "review_id", nullable = false, updatable = false)
    private long reviewId;

    @Column(nullable = false, updatable = false)
    private String description;

    @Column(name = "owner_person_id", updatable = false)
    private Long ownerPersonId;

    @Column(name = "owner_text", updatable = false)
    private String ownerText;

    @Column(name = "due_date", updatable = false)
    private LocalDate dueDate;

    @Column(nullable = false)
    private boolean done;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "created_by", nullable = false, updatable = false)
    private String createdBy;

    protected ActionItem() {}

    /** The values have passed {@link ReviewRules#item}. */
    ActionItem(long reviewId, ReviewRules.Item item, String actor) {
        this.reviewId = reviewId;
        this.description = item.description();
        this.ownerPersonId = item.ownerPersonId();
        this.ownerText = item.ownerText();
        this.dueDate = item.due();
        this.createdAt = Clock.now();
        this.createdBy = ReviewRules.actor(actor);
    }

    void done(boolean value) {
        this.done = value;
    }

    public Long getId() {
        return id;
    }

    public long getReviewId() {
        return reviewId;
    }

    public String getDescription() {
        return description;
    }

    public Long getOwnerPersonId() {
        return ownerPersonId;
    }

    public String getOwnerText() {
        return ownerText;
    }

    public LocalDate getDueDate() {
        return dueDate;
    }

    public boolean isDone() {
        return done;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public String getCreatedBy() {
        return createdBy;
    }
}
