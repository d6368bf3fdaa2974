package io.tenantlink.review;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One message of the incident chat as a review's last export kept it: sender, when, plain text. */
@Entity
@Table(name = "review_chat_message")
public class ReviewChatMessage {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "review_id", nullable = false, updatable = false)
    private long reviewId;

    /** Oldest first, from 0. */
    @Column(name = "line_no", nullable = false, updatable = false)
    private int lineNo;

    @Column(name = "sender_name", updatable = false)
    private String senderName;

    @Column(name = "sent_at", updatable = false)
    private Instant sentAt;

    @Column(nullable = false, updatable = false)
    private String body;

    protected ReviewChatMessage() {}

    ReviewChatMessage(long reviewId, int lineNo, ReviewRules.Line line) {
        this.reviewId = reviewId;
        this.lineNo = lineNo;
        this.senderName = line.sender();
        this.sentAt = line.sentAt();
        this.body = line.text();
    }

    public Long getId() {
        return id;
    }

    public long getReviewId() {
        return reviewId;
    }

    public int getLineNo() {
        return lineNo;
    }

    public String getSenderName() {
        return senderName;
    }

    public Instant getSentAt() {
        return sentAt;
    }

    public String getBody() {
        return body;
    }
}
