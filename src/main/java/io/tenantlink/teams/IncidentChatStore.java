package io.tenantlink.teams;

import io.tenantlink.incident.IncidentService;
import io.tenantlink.incident.TimelineEntryType;
import io.tenantlink.platform.Clock;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.Optional;

/**
 * The incident chat's database side, each step its own short transaction: Graph is never called while one is open,
 * and what Graph did is recorded right after it answered.
 */
@ApplicationScoped
@Transactional
public class IncidentChatStore {

    /** What a claim on creating an incident's chat found. */
    public sealed interface Claim permits Claimed, Exists, InProgress {}

    /** This caller creates the chat; the row to complete or release. */
    public record Claimed(long chatRowId) implements Claim {}

    public record Exists(String webUrl) implements Claim {}

    /** Someone else is creating it right now (or was cut off less than five minutes ago). */
    public record InProgress() implements Claim {}

    @Inject
    TeamsRepository repository;

    @Inject
    IncidentService incidents;

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<TeamsIdentity> identity(long accountId, long connectionId) {
        return repository.identity(accountId, connectionId);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<TeamsIdentity> identity(long identityId) {
        return repository.identity(identityId);
    }

    /** Where reading the chat's commands stands (none before its first read). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<ChatPoll> poll(long chatRowId) {
        return repository.poll(chatRowId);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<IncidentChat> chatOf(long incidentId) {
        return repository.chatOf(incidentId);
    }

    /** Records a sign-in: the account's identity in the connection's tenant, new or renewed. */
    public TeamsIdentity signedIn(
            long accountId,
            long connectionId,
            String tenantId,
            String homeAccountId,
            String objectId,
            String displayName,
            String username) {
        TeamsIdentity identity = repository.identity(accountId, connectionId).orElse(null);
        boolean added = identity == null;
        if (added) {
            identity = new TeamsIdentity(accountId, connectionId, tenantId);
        }
        identity.signedIn(homeAccountId, objectId, displayName, username);
        if (added) {
            repository.add(identity);
        }
        return identity;
    }

    /**
     * Claims the creation of the incident's chat: a CREATING row, committed before Graph is asked. A second claim
     * meanwhile fails on the incident's unique key (the caller reads that as {@link InProgress}).
     */
    public Claim claim(long incidentId, long connectionId, String topic, Long creatorIdentityId) {
        Optional<IncidentChat> existing = repository.chatOf(incidentId);
        if (existing.isPresent()) {
            IncidentChat chat = existing.get();
            if (chat.active()) {
                return new Exists(chat.getWebUrl());
            }
            if (!chat.abandoned(Clock.now())) {
                return new InProgress();
            }
            repository.remove(chat);
        }
        IncidentChat chat = new IncidentChat(incidentId, connectionId, topic, creatorIdentityId);
        repository.add(chat);
        return new Claimed(chat.getId());
    }

    /** The person takes over posting and reading in a chat an automation rule created (no-op for others). */
    public void adopt(long chatRowId, long identityId) {
        repository.chat(chatRowId).ifPresent(chat -> chat.adopt(identityId));
    }

    /** Graph refused to create the chat: nothing exists, the next click may try again. */
    public void release(long chatRowId) {
        repository.chat(chatRowId).ifPresent(repository::remove);
    }

    /** Graph created the chat: the row and the incident's timeline say so, together. */
    public void created(long chatRowId, String chatId, String webUrl, String actor, String timelineText) {
        IncidentChat chat = repository.chat(chatRowId).orElseThrow();
        chat.created(chatId, webUrl);
        incidents.record(actor, chat.getIncidentId(), TimelineEntryType.CHAT_CREATED, timelineText);
    }

    public void membersAdded(long incidentId, String actor, String timelineText) {
        incidents.record(actor, incidentId, TimelineEntryType.CHAT_MEMBERS_ADDED, timelineText);
    }

    public void meetingStarted(long chatRowId, String meetingId, String joinUrl, String actor) {
        IncidentChat chat = repository.chat(chatRowId).orElseThrow();
        chat.meetingStarted(meetingId, joinUrl);
        incidents.record(actor, chat.getIncidentId(), TimelineEntryType.MEETING_STARTED, joinUrl);
    }
}
