package io.tenantlink.teams;

import io.tenantlink.access.AccountPolicies;
import io.tenantlink.access.Permission;
import io.tenantlink.account.Account;
import io.tenantlink.account.AccountRepository;
import io.tenantlink.audit.AuditAction;
import io.tenantlink.audit.AuditEntry;
import io.tenantlink.audit.AuditLog;
import io.tenantlink.audit.AuditOutcome;
import io.tenantlink.incident.Incident;
import io.tenantlink.incident.IncidentChange;
import io.tenantlink.incident.IncidentService;
import io.tenantlink.incident.IncidentWorkflow;
import io.tenantlink.incident.Priority;
import io.tenantlink.incident.TimelineEntryType;
import io.tenantlink.mapping.PersonMappings;
import io.tenantlink.microsoft.GraphGateway.ChatMessageInfo;
import io.tenantlink.platform.Clock;
import io.tenantlink.review.ReviewRules;
import io.tenantlink.teams.ChatCommands.Command;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Commands from an incident's Teams chat (ChatCommands), each applied once: the message's row (unique per chat and
 * Graph message id) is written in the transaction that applies it, so a message read twice (polling overlaps, two
 * instances) changes the incident once. The sender is who Graph says sent it: their Microsoft user, the people mapped
 * to it, and the portal accounts signed in to Teams as it; a command needs one of those accounts to hold
 * WORK_INCIDENTS on the incident's project. Refusals are audited and answered in the chat.
 */
@ApplicationScoped
public class ChatCommandInbox {

    /** What to answer in the chat (HTML), if anything. */
    public record Handled(ChatCommandOutcome outcome, String answer) {}

    @Inject
    TeamsRepository teams;

    @Inject
    IncidentService incidents;

    @Inject
    PersonMappings mappings;

    @Inject
    AccountRepository accounts;

    @Inject
    AccountPolicies policies;

    @Inject
    AuditLog auditLog;

    /** Row ids of the chats to read (active, incident not resolved or closed). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Long> chatsToPoll() {
        return teams.chatsToPoll();
    }

    /** As {@link #chatsToPoll()}, of the chats created before {@code before}. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Long> chatsToPollCreatedBefore(Instant before) {
        return teams.chatsToPollCreatedBefore(before);
    }

    /** The chat row, active or not. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<IncidentChat> chat(long chatRowId) {
        return teams.chat(chatRowId);
    }

    /** The chat and from when its messages are still to be read (its creation, the first time). */
    @Transactional
    public Optional<PollTarget> target(long chatRowId) {
        IncidentChat chat = teams.chat(chatRowId).filter(IncidentChat::active).orElse(null);
        if (chat == null) {
            return Optional.empty();
        }
        ChatPoll poll = teams.poll(chatRowId).orElse(null);
        if (poll == null) {
            poll = new ChatPoll(chatRowId, chat.getCreatedAt());
            teams.add(poll);
        }
        return Optional.of(new PollTarget(chat, poll.getPolledThrough()));
    }

    public record PollTarget(IncidentChat chat, Instant polledThrough) {}

    @Transactional
    public void polled(long chatRowId, Instant through) {
        teams.poll(chatRowId).ifPresent(p -> p.polled(Clock.now(), through));
    }

    @Transactional
    public void pollFailed(long chatRowId, String problem) {
        teams.poll(chatRowId).ifPresent(p -> p.failed(Clock.now(), problem));
    }

    /** Whether the message has its row (it was applied, here or by another instance). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean processed(long chatRowId, String messageId) {
        return teams.processed(chatRowId, messageId);
    }

    /** One message of the chat: empty for conversation, app messages and messages already handled. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Optional<Handled> handle(long chatRowId, ChatMessageInfo message) {
        if (!message.written() || message.id() == null || message.senderUserId() == null || message.content() == null) {
            return Optional.empty();
        }
        String text = message.html() ? ReviewRules.plainText(message.content()) : message.content();
        Command command = ChatCommands.parse(text).orElse(null);
        if (command == null || teams.processed(chatRowId, message.id())) {
            return Optional.empty();
        }
        IncidentChat chat = teams.chat(chatRowId).orElseThrow();
        Incident incident = incidents.findById(chat.getIncidentId()).orElseThrow();
        Sender sender = sender(chat.getConnectionId(), message, incident);
        Decision decision = decide(command, sender, incident);
        if (decision.outcome().refused()) {
            auditLog.record(new AuditEntry(
                    Clock.now(),
                    sender.describe(),
                    AuditAction.CHAT_COMMAND_REFUSED,
                    AuditOutcome.REFUSED,
                    incident.getSiteId(),
                    null,
                    "incident " + incident.getKey(),
                    "!" + command.kind().name().toLowerCase(java.util.Locale.ROOT) + " from the Teams chat: "
                            + decision.outcome()));
        }
        teams.add(new ChatMessageRecord(
                chatRowId,
                message.id(),
                message.senderUserId(),
                message.senderName(),
                message.sentAt() == null ? Clock.now() : message.sentAt(),
                Clock.now(),
                decision.outcome(),
                decision.detail()));
        return Optional.of(new Handled(decision.outcome(), decision.answer()));
    }

    /** Who sent it, as the portal knows them. */
    private record Sender(String name, String objectId, List<Long> people, boolean mayWork, boolean known) {
        String describe() {
            return "teams:" + (name == null ? objectId : name) + " (" + objectId + ")";
        }
    }

    private Sender sender(long connectionId, ChatMessageInfo message, Incident incident) {
        List<Long> people = mappings.peopleMappedTo(connectionId, message.senderUserId());
        List<TeamsIdentity> identities = teams.identitiesOfUser(connectionId, message.senderUserId());
        boolean mayWork = identities.stream()
                .anyMatch(identity -> accounts.find(identity.getAccountId())
                        .filter(Account::isEnabled)
                        .map(a -> policies.of(a.getId())
                                .allowsOnProject(
                                        Permission.WORK_INCIDENTS, incident.getSiteId(), incident.getProjectId()))
                        .orElse(false));
        return new Sender(
                message.senderName(),
                message.senderUserId(),
                people,
                mayWork,
                !people.isEmpty() || !identities.isEmpty());
    }

    private record Decision(ChatCommandOutcome outcome, String answer, String detail) {}

    private Decision decide(Command command, Sender sender, Incident incident) {
        ChatMessages say = new ChatMessages(IncidentChatService.POST_LOCALE);
        String who = sender.name() == null ? "?" : sender.name();
        String key = incident.getKey();
        switch (command.kind()) {
            case HELP:
                return new Decision(ChatCommandOutcome.HELP, say.answer("teams.command.help"), null);
            case UNKNOWN:
                return new Decision(
                        ChatCommandOutcome.UNKNOWN_COMMAND,
                        say.answer("teams.command.unknown", command.argument()),
                        command.argument());
            default:
                break;
        }
        if (!sender.known()) {
            return new Decision(
                    ChatCommandOutcome.REFUSED_UNKNOWN_SENDER, say.answer("teams.command.unknownSender", who), null);
        }
        if (!sender.mayWork()) {
            return new Decision(
                    ChatCommandOutcome.REFUSED_NO_RIGHT, say.answer("teams.command.noRight", who, key), null);
        }
        if (IncidentWorkflow.isFinal(incident.getStatus())) {
            return new Decision(ChatCommandOutcome.REFUSED_INVALID, say.answer("teams.command.closed", key), null);
        }
        String actor = sender.describe();
        switch (command.kind()) {
            case NOTE, REPLY -> {
                String text = command.argument();
                if (text.length() > IncidentService.MAX_NOTE) {
                    return new Decision(
                            ChatCommandOutcome.REFUSED_INVALID,
                            say.answer("teams.command.tooLong", IncidentService.MAX_NOTE),
                            null);
                }
                boolean reply = command.kind() == ChatCommands.Kind.REPLY;
                incidents.addNote(
                        actor, incident.getId(), reply ? TimelineEntryType.REPLY : TimelineEntryType.NOTE, text);
                return new Decision(
                        reply ? ChatCommandOutcome.REPLY_ADDED : ChatCommandOutcome.NOTE_ADDED,
                        say.answer(reply ? "teams.command.replyAdded" : "teams.command.noteAdded", key, who),
                        null);
            }
            case PRIORITY -> {
                IncidentChange now = incident.current();
                Priority priority = Priority.valueOf(command.argument());
                incidents.change(actor, incident.getId(), with(now, priority, now.assigneeId()));
                return new Decision(
                        ChatCommandOutcome.PRIORITY_SET,
                        say.answer("teams.command.prioritySet", key, priority.name(), who),
                        priority.name());
            }
            case ASSIGN_TO_SENDER -> {
                if (sender.people().size() != 1) {
                    return new Decision(
                            ChatCommandOutcome.REFUSED_UNKNOWN_SENDER,
                            say.answer("teams.command.notOnePerson", who),
                            sender.people().size() + " people");
                }
                IncidentChange now = incident.current();
                incidents.change(
                        actor,
                        incident.getId(),
                        with(now, now.priority(), sender.people().get(0)));
                return new Decision(ChatCommandOutcome.ASSIGNED, say.answer("teams.command.assigned", key, who), null);
            }
            default -> throw new IllegalStateException("unhandled " + command.kind());
        }
    }

    private static IncidentChange with(IncidentChange now, Priority priority, Long assigneeId) {
        return new IncidentChange(
                now.summary(),
                now.description(),
                priority,
                now.status(),
                assigneeId,
                now.responderIds(),
                now.stakeholderIds(),
                now.major());
    }
}
