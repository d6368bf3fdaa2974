package io.tenantlink.teams;

import io.tenantlink.platform.text.Text;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A command message of an incident chat, processed once (unique per chat row and Graph message id). */
@Entity
@Table(name = "incident_chat_message")
public class ChatMessageRecord {

    public static final int MAX_DETAIL = 500;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "chat_row_id", nullable = false, updatable = false)
    private long chatRowId;

    @Column(name = "message_id", nullable = false, updatable = false)
    private String messageId;

    @Column(name = "sender_object_id", updatable = false)
    private String senderObjectId;

    @Column(name = "sender_name", updatable = false)
    private String senderName;

    @Column(name = "sent_at", nullable = false, updatable = false)
    private Instant sentAt;

    @Column(name = "processed_at", nullable = false, updatable = false)
    private Instant processedAt;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false)
    private ChatCommandOutcome outcome;

    @Column(updatable = false)
    private String detail;

    protected ChatMessageRecord() {}

    public ChatMessageRecord(
            long chatRowId,
            String messageId,
            String senderObjectId,
            String senderName,
            Instant sentAt,
            Instant processedAt,
            ChatCommandOutcome outcome,
            String detail) {
        this.chatRowId = chatRowId;
        this.messageId = messageId;
        this.senderObjectId = senderObjectId;
        this.senderName = Text.clip(senderName, 256);
        this.sentAt = sentAt;
        this.processedAt = processedAt;
        this.outcome = outcome;
        this.detail = Text.clip(detail, MAX_DETAIL);
    }

    public long getChatRowId() {
        return chatRowId;
    }

    public String getMessageId() {
        return messageId;
    }

    public ChatCommandOutcome getOutcome() {
        return outcome;
    }

    public String getSenderName() {
        return senderName;
    }

    public Instant getSentAt() {
        return sentAt;
    }
}
