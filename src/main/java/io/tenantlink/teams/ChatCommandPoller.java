package io.tenantlink.teams;

import io.tenantlink.microsoft.DelegatedAccess;
import io.tenantlink.microsoft.GraphGateway;
import io.tenantlink.microsoft.GraphGateway.ChatMessageInfo;
import io.tenantlink.microsoft.GraphGateway.GraphRefusal;
import io.tenantlink.microsoft.GraphGateway.Page;
import io.tenantlink.microsoft.GraphRequest;
import io.tenantlink.platform.concurrent.KeyedWorkers;
import io.tenantlink.teams.ChatCommandInbox.Handled;
import io.tenantlink.teams.ChatCommandInbox.PollTarget;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Reads the commands of incident chats: GET /chats/{id}/messages, newest first, as the chat's creator (delegated
 * Chat.Read), back to a little before where the last read ended, then the new messages oldest first through {@link
 * ChatCommandInbox} (each message once, by its id). The answers are posted as the creator too (Graph lets only a user
 * post), off the reading threads ({@link ChatAnswers}). Reads run on TENANTLINK_TEAMS_READERS background threads
 * (default 4), different chats in parallel, one chat at most once at a time ({@link KeyedWorkers}: a chat notified
 * again while it is read is read once more afterwards). On a timer ({@link ChatPollTimer}) for every chat; for one chat
 * when a change notification says it changed ({@link #readSoon}, {@link ChatNotificationInbox}); and on request for
 * one chat (the incident page's Read the chat now, on the request's thread, after a read under way). Notifications carry no message: this read is how their message is
 * fetched, so a duplicate or replayed notification only reads again and changes nothing.
 */
@ApplicationScoped
public class ChatCommandPoller {

    private static final Logger LOG = Logger.getLogger(ChatCommandPoller.class.getName());

    /** What reading needs of the ChatOps app's delegated permissions. */
    public static final Set<String> SCOPES = Set.of("Chat.Read");

    /** Read again before where the last read ended: messages that arrived late or with a clock a little behind. */
    static final Duration OVERLAP = Duration.ofMinutes(2);

    /** At most this many pages of 50 per chat and read (a chat that was not read for long starts from there). */
    static final int MAX_PAGES = 20;

    /** What one read of a chat did. */
    public record Read(int messages, int commands, String problemKey) {}

    @Resource
    ManagedThreadFactory threads;

    @Inject
    ChatCommandInbox inbox;

    @Inject
    IncidentChatStore store;

    @Inject
    DelegatedAccess delegated;

    @Inject
    ChatAnswers answers;

    /** How many chats are read at once (TENANTLINK_TEAMS_READERS). */
    @Inject
    @ConfigProperty(name = "tenantlink.teams.readers", defaultValue = "4")
    int readers;

    /** At most this many chats wait for a read; more are read by the next poll. */
    static final int MAX_QUEUED = 10_000;

    /** At most this many messages of one chat wait to be applied from notifications; more are left to the read. */
    static final int MAX_NOTIFIED_PER_CHAT = 1_000;

    private KeyedWorkers<Long> workers;

    /**
     * Applies messages that notifications brought (resource data), apart from the reads so that a read waiting out a
     * 429 does not hold them up; per chat in the order they came, one chat at a time on each.
     */
    private KeyedWorkers<Long> deliveries;

    private final Map<Long, Queue<ChatMessageInfo>> notified = new ConcurrentHashMap<>();

    void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
        int threadCount = Math.max(1, Math.min(readers, 32));
        workers = new KeyedWorkers<>(threads, "incident chat reads", threadCount, MAX_QUEUED, this::readQuietly);
        deliveries = new KeyedWorkers<>(
                threads, "incident chat notified messages", threadCount, MAX_QUEUED, this::applyNotified);
    }

    @PreDestroy
    void stop() {
        if (workers != null) {
            workers.stop();
        }
        if (deliveries != null) {
            deliveries.stop();
        }
    }

    /**
     * Applies a message a change notification carried, soon, in the background (no read: the message is in hand). A
     * message that fails to apply is left to the chat's next read, which finds it (OVERLAP).
     */
    public void deliver(long chatRowId, ChatMessageInfo message) {
        if (deliveries == null) {
            return;
        }
        // Added inside compute, so that a queue applyNotified drops as empty never takes a message.
        notified.compute(chatRowId, (id, queue) -> {
            Queue<ChatMessageInfo> q = queue == null ? new ConcurrentLinkedQueue<>() : queue;
            if (q.size() < MAX_NOTIFIED_PER_CHAT) {
                q.add(message);
            }
            return q;
        });
        deliveries.request(chatRowId);
    }

    private void applyNotified(long chatRowId) {
        Queue<ChatMessageInfo> queue = notified.get(chatRowId);
        if (queue == null) {
            return;
        }
        try {
            ChatMessageInfo message;
            while ((message = queue.poll()) != null) {
                apply(chatRowId, message);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "A notified message of incident chat row " + chatRowId + " was not applied", e);
        }
        notified.computeIfPresent(chatRowId, (id, q) -> q.isEmpty() ? null : q);
    }

    /**
     * One chat's messages are applied one at a time on this instance, whether a read or a notification brought them:
     * two at once would change the same incident in two transactions, and one would fail on its version. Striped: a
     * lock is shared by the chats whose row ids fall on it, never held during a Graph call.
     */
    private final Object[] applyLocks =
            java.util.stream.IntStream.range(0, 64).mapToObj(i -> new Object()).toArray();

    private Handled handleLocked(long chatRowId, ChatMessageInfo message) {
        synchronized (applyLocks[(int) Math.floorMod(chatRowId, (long) applyLocks.length)]) {
            return inbox.handle(chatRowId, message).orElse(null);
        }
    }

    /** What applying one message came to. */
    private enum Applied {
        COMMAND,
        NO_COMMAND,
        FAILED
    }

    /**
     * Applies one message (once by its id, {@link ChatCommandInbox#handle}) and queues its answer. A message another
     * instance or thread applied at the same moment (its row, the unique key, won) counts as done.
     */
    private Applied apply(long chatRowId, ChatMessageInfo message) {
        Handled handled = null;
        // Twice at most, the second in a fresh transaction: another writer of the incident (a person on its page,
        // another instance) may have changed it meanwhile (its version).
        for (int attempt = 1; ; attempt++) {
            try {
                handled = handleLocked(chatRowId, message);
                break;
            } catch (RuntimeException failed) {
                if (message.id() != null && inbox.processed(chatRowId, message.id())) {
                    LOG.log(Level.FINE, "Chat message handled elsewhere", failed);
                    return Applied.NO_COMMAND;
                }
                if (attempt == 2) {
                    LOG.log(
                            Level.WARNING,
                            "A message of incident chat row " + chatRowId + " could not be applied; read again later",
                            failed);
                    return Applied.FAILED;
                }
            }
        }
        if (handled == null) {
            return Applied.NO_COMMAND;
        }
        answers.post(chatRowId, handled.answer());
        return Applied.COMMAND;
    }

    /** Reads every chat to poll soon, in parallel; a chat whose read is queued already is not queued again. */
    public void poke() {
        queue(inbox::chatsToPoll, "The incident chats to read could not be listed");
    }

    /**
     * Reads every chat to poll that was created before {@code started} (this instance's start) soon, in parallel: what
     * the stop before it may have left unread (a notification answered, its read still queued in memory). Chats created
     * since are this instance's own. How many were queued.
     */
    public int catchUp(Instant started) {
        return queue(
                () -> inbox.chatsToPollCreatedBefore(started),
                "The incident chats to read after the start could not be listed");
    }

    /** Queues every chat the listing names for the readers; how many. A listing that fails is logged, not thrown. */
    private int queue(Supplier<List<Long>> listing, String failure) {
        if (workers == null) {
            return 0;
        }
        List<Long> ids;
        try {
            ids = listing.get();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, failure, e);
            return 0;
        }
        ids.forEach(workers::request);
        return ids.size();
    }

    /**
     * Reads one chat soon, in the background (a change notification said it changed): queued once however often it is
     * asked for, and read once more after a read under way.
     */
    public void readSoon(long chatRowId) {
        if (workers != null) {
            workers.request(chatRowId);
        }
    }

    private void readQuietly(long chatRowId) {
        try {
            readOnce(chatRowId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Incident chat row " + chatRowId + " could not be read", e);
        }
    }

    /**
     * Graph access as the chat's creator, for {@code scopes}: Granted, or what is missing. IllegalStateException when
     * Microsoft's sign-in service did not answer.
     */
    DelegatedAccess.Access asCreator(IncidentChat chat, Set<String> scopes) throws InterruptedException {
        return asCreator(chat, scopes, false);
    }

    /** As {@link #asCreator(IncidentChat, Set)}; {@code forceRefresh}: a new token (Graph refused the cached one). */
    DelegatedAccess.Access asCreator(IncidentChat chat, Set<String> scopes, boolean forceRefresh)
            throws InterruptedException {
        TeamsIdentity creator = chat.getCreatorIdentityId() == null
                ? null
                : store.identity(chat.getCreatorIdentityId()).orElse(null);
        return creator == null
                ? new DelegatedAccess.SignInNeeded(java.util.Optional.empty())
                : delegated.chatOps(creator.getTenantId(), creator.getHomeAccountId(), scopes, forceRefresh);
    }

    /** Reads one chat now, on the calling thread, after a background read of it under way ends. */
    public Read read(long chatRowId) throws InterruptedException {
        return workers == null ? readOnce(chatRowId) : workers.runNow(chatRowId, () -> readOnce(chatRowId));
    }

    /** Reads one chat and handles its new commands; never for the same chat on two threads of this instance. */
    private Read readOnce(long chatRowId) throws InterruptedException {
        PollTarget target = inbox.target(chatRowId).orElse(null);
        if (target == null) {
            return new Read(0, 0, "teams.read.noChat");
        }
        IncidentChat chat = target.chat();
        DelegatedAccess.Access access;
        try {
            access = asCreator(chat, SCOPES);
        } catch (IllegalStateException unanswered) {
            inbox.pollFailed(chatRowId, "teams.read.noAnswer");
            return new Read(0, 0, "teams.read.noAnswer");
        }
        if (!(access instanceof DelegatedAccess.Granted granted)) {
            String problem =
                    access instanceof DelegatedAccess.ConsentNeeded ? "teams.read.consent" : "teams.read.creatorSignIn";
            inbox.pollFailed(chatRowId, problem);
            return new Read(0, 0, problem);
        }
        Instant from =
                target.polledThrough() == null ? null : target.polledThrough().minus(OVERLAP);
        List<ChatMessageInfo> fresh;
        try {
            try {
                fresh = newestSince(granted.gateway(), chat.getChatId(), from);
            } catch (GraphRefusal refused) {
                if (refused.status() != 401) {
                    throw refused;
                }
                // Graph no longer takes the cached access token (revoked, or signed with a key it dropped): a new
                // one from the refresh token, once.
                DelegatedAccess.Access again;
                try {
                    again = asCreator(chat, SCOPES, true);
                } catch (IllegalStateException unanswered) {
                    inbox.pollFailed(chatRowId, "teams.read.noAnswer");
                    return new Read(0, 0, "teams.read.noAnswer");
                }
                if (!(again instanceof DelegatedAccess.Granted renewed)) {
                    String problem = again instanceof DelegatedAccess.ConsentNeeded
                            ? "teams.read.consent"
                            : "teams.read.creatorSignIn";
                    inbox.pollFailed(chatRowId, problem);
                    return new Read(0, 0, problem);
                }
                fresh = newestSince(renewed.gateway(), chat.getChatId(), from);
            }
        } catch (GraphRefusal refused) {
            LOG.info("Graph refused the messages of chat row " + chatRowId + ": " + refused.getMessage());
            inbox.pollFailed(chatRowId, "teams.read.refused");
            return new Read(0, 0, "teams.read.refused");
        } catch (IOException unanswered) {
            inbox.pollFailed(chatRowId, "teams.read.noAnswer");
            return new Read(0, 0, "teams.read.noAnswer");
        }
        fresh.sort(Comparator.comparing(ChatMessageInfo::sentAt, Comparator.nullsFirst(Comparator.naturalOrder())));
        int commands = 0;
        Instant through = target.polledThrough();
        for (ChatMessageInfo message : fresh) {
            Applied applied = apply(chatRowId, message);
            if (applied == Applied.FAILED) {
                // Not applied: the chat is marked read only up to the message before, so the next read (the overlap
                // of OVERLAP included) tries this one again; never skipped.
                inbox.polled(chatRowId, through);
                inbox.pollFailed(chatRowId, "teams.read.notApplied");
                return new Read(fresh.size(), commands, "teams.read.notApplied");
            }
            if (applied == Applied.COMMAND) {
                commands++;
            }
            if (message.sentAt() != null && (through == null || message.sentAt().isAfter(through))) {
                through = message.sentAt();
            }
        }
        inbox.polled(chatRowId, through);
        return new Read(fresh.size(), commands, null);
    }

    /** The chat's messages sent after {@code from} (all when null), newest first, at most MAX_PAGES pages. */
    private static List<ChatMessageInfo> newestSince(GraphGateway gateway, String chatId, Instant from)
            throws IOException, GraphRefusal {
        GraphRequest<Page<ChatMessageInfo>> first =
                new GraphRequest.ChatMessages(chatId, GraphRequest.CHAT_MESSAGES_PAGE);
        GraphRequest<Page<ChatMessageInfo>> next = first;
        List<ChatMessageInfo> fresh = new ArrayList<>();
        for (int pages = 0; next != null && pages < MAX_PAGES; pages++) {
            Page<ChatMessageInfo> page = gateway.get(next);
            boolean older = false;
            for (ChatMessageInfo message : page.items()) {
                if (from != null
                        && message.sentAt() != null
                        && !message.sentAt().isAfter(from)) {
                    older = true;
                } else {
                    fresh.add(message);
                }
            }
            next = older ? null : page.next(first);
        }
        return fresh;
    }
}
