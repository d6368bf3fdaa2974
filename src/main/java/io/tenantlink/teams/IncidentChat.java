package io.tenantlink.teams;

import io.tenantlink.platform.Clock;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * An incident's Microsoft Teams chat: at most one per incident. It is recorded as {@link State#CREATING} before Graph
 * is asked, so a second click (here or on another instance) finds it and never creates a second chat; it becomes
 * {@link State#ACTIVE} with Graph's chat id, or is removed when Graph refused.
 */
@Entity
@Table(name = "incident_chat")
public class IncidentChat {

    public enum State {
        CREATING,
        ACTIVE
    }

    /** A creation that has not finished in this time was cut off (the instance stopped): it may be tried again. */
    public static final Duration CREATION_ABANDONED_AFTER = Duration.ofMinutes(5);

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "incident_id", nullable = false, updatable = false)
    private long incidentId;

    @Column(name = "connection_id", nullable = false, updatable = false)
    private long connectionId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private State state;

    @Column(name = "chat_id")
    private String chatId;

    @Column(nullable = false)
    private String topic;

    @Column(name = "web_url")
    private String webUrl;

    /** Whose delegated token posts and reads; null for a chat an automation rule created (no person). */
    @Column(name = "creator_identity_id")
    private Long creatorIdentityId;

    @Column(name = "started_at", nullable = false)
    private Instant startedAt;

    @Column(name = "created_at")
    private Instant createdAt;

    @Column(name = "meeting_id")
    private String meetingId;

    @Column(name = "meeting_join_url")
    private String meetingJoinUrl;

    @Column(name = "meeting_started_at")
    private Instant meetingStartedAt;

    @Version
    private long version;

    protected IncidentChat() {}

    public IncidentChat(long incidentId, long connectionId, String topic, Long creatorIdentityId) {
        this.incidentId = incidentId;
        this.connectionId = connectionId;
        this.topic = Objects.requireNonNull(topic, "topic");
        this.creatorIdentityId = creatorIdentityId;
        this.state = State.CREATING;
        this.startedAt = Clock.now();
    }

    /** Graph created the chat. */
    public void created(String chatId, String webUrl) {
        if (state != State.CREATING) {
            throw new IllegalStateException("the chat of incident " + incidentId + " exists already");
        }
        this.chatId = Objects.requireNonNull(chatId, "chatId");
        this.webUrl = webUrl;
        this.state = State.ACTIVE;
        this.createdAt = Clock.now();
    }

    /** Whether a creation still in progress was cut off long ago and may be started again. */
    public boolean abandoned(Instant now) {
        return state == State.CREATING
                && startedAt.plus(CREATION_ABANDONED_AFTER).isBefore(now);
    }

    public void meetingStarted(String meetingId, String joinUrl) {
        if (state != State.ACTIVE) {
            throw new IllegalStateException("no chat yet for incident " + incidentId);
        }
        this.meetingId = meetingId;
        this.meetingJoinUrl = Objects.requireNonNull(joinUrl, "joinUrl");
        this.meetingStartedAt = Clock.now();
    }

    public boolean active() {
        return state == State.ACTIVE;
    }

    public boolean hasMeeting() {
        return meetingJoinUrl != null;
    }

    public Long getId() {
        return id;
    }

    public long getIncidentId() {
        return incidentId;
    }

    public long getConnectionId() {
        return connectionId;
    }

    public State getState() {
        return state;
    }

    public String getChatId() {
        return chatId;
    }

    public String getTopic() {
        return topic;
    }

    public String getWebUrl() {
        return webUrl;
    }

    /** A person takes over an automation's chat (the first who works it in Teams): they post and read from now on. */
    public void adopt(long identityId) {
        if (creatorIdentityId == null) {
            creatorIdentityId = identityId;
        }
    }

    public Long getCreatorIdentityId() {
        return creatorIdentityId;
    }

    public Instant getStartedAt() {
        return startedAt;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public String getMeetingJoinUrl() {
        return meetingJoinUrl;
    }

    public Instant getMeetingStartedAt() {
        return meetingStartedAt;
    }
}
