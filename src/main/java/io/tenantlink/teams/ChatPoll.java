package io.tenantlink.teams;

import io.tenantlink.platform.text.Text;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/** Where polling of one incident chat's messages stands. */
@Entity
@Table(name = "incident_chat_poll")
public class ChatPoll {

    @Id
    @Column(name = "chat_row_id")
    private Long chatRowId;

    @Column(name = "polled_through")
    private Instant polledThrough;

    @Column(name = "last_poll_at")
    private Instant lastPollAt;

    @Column(name = "last_problem")
    private String lastProblem;

    @Version
    private long version;

    protected ChatPoll() {}

    public ChatPoll(long chatRowId, Instant polledThrough) {
        this.chatRowId = chatRowId;
        this.polledThrough = polledThrough;
    }

    /** Messages last modified up to {@code through} were read; never goes back. */
    public void polled(Instant now, Instant through) {
        lastPollAt = now;
        lastProblem = null;
        if (through != null && (polledThrough == null || through.isAfter(polledThrough))) {
            polledThrough = through;
        }
    }

    public void failed(Instant now, String problem) {
        lastPollAt = now;
        lastProblem = Text.clip(problem, 300);
    }

    public long getChatRowId() {
        return chatRowId;
    }

    public Instant getPolledThrough() {
        return polledThrough;
    }

    public Instant getLastPollAt() {
        return lastPollAt;
    }

    public String getLastProblem() {
        return lastProblem;
    }
}
