package io.tenantlink.teams;

import io.tenantlink.platform.concurrent.KeyedWorkers;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The chat's answers to its commands ("Note added to …", refusals), posted off the threads that read the chats: each
 * chat's answers in the order they were given, one chat at a time per worker, TENANTLINK_TEAMS_ANSWER_POSTERS chats
 * at once (default 2). A throttled post (429) waits out Graph's Retry-After in the gateway (the SDK's retry handler,
 * within the gateway's budget) on a poster's thread, so a slow or throttled post never delays reading. Answers are
 * kept in memory only: a restart drops the ones not yet posted (the notes themselves are already written).
 */
@ApplicationScoped
public class ChatAnswers {

    private static final Logger LOG = Logger.getLogger(ChatAnswers.class.getName());

    /** At most this many answers wait, all chats together; more are dropped (and logged). */
    static final int MAX_WAITING = 10_000;

    @Resource
    ManagedThreadFactory threads;

    @Inject
    IncidentChatService chats;

    @Inject
    ChatCommandInbox inbox;

    @Inject
    @ConfigProperty(name = "tenantlink.teams.answer-posters", defaultValue = "2")
    int posters;

    private final Map<Long, Queue<String>> waiting = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();
    private KeyedWorkers<Long> workers;

    void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
        workers = new KeyedWorkers<>(
                threads, "incident chat answers", Math.max(1, Math.min(posters, 16)), MAX_WAITING, this::postWaiting);
    }

    @PreDestroy
    void stop() {
        if (workers != null) {
            workers.stop();
        }
    }

    /** Posts {@code html} into the chat soon, after the chat's answers given before it. */
    public void post(long chatRowId, String html) {
        if (count.incrementAndGet() > MAX_WAITING) {
            count.decrementAndGet();
            LOG.warning("Too many chat answers waiting; not posted into incident chat row " + chatRowId);
            return;
        }
        waiting.computeIfAbsent(chatRowId, id -> new ConcurrentLinkedQueue<>()).add(html);
        if (workers == null || !workers.request(chatRowId)) {
            LOG.warning("The answers of incident chat row " + chatRowId + " wait for the next answer");
        }
    }

    private void postWaiting(long chatRowId) {
        Queue<String> answers = waiting.get(chatRowId);
        if (answers == null) {
            return;
        }
        IncidentChat chat = inbox.chat(chatRowId).orElse(null);
        String html;
        while ((html = answers.poll()) != null) {
            count.decrementAndGet();
            if (chat == null) {
                continue;
            }
            try {
                if (!chats.postAsCreator(chat, html)) {
                    LOG.info("An answer could not be posted into incident chat row " + chatRowId);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "An answer could not be posted into incident chat row " + chatRowId, e);
            }
        }
    }
}
