package io.tenantlink.sandbox.graph;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Teams side of the Graph stand-in: chats (with their members and messages) and online meetings,
 * per tenant. Kept in memory only: unlike consent, which the sandbox keeps in the database as Entra
 * does, chats, messages and meetings are gone after a restart of the portal. Thread-safe: every
 * change to a chat happens under that chat's lock.
 */
@ApplicationScoped
public class SandboxChats {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** One member of a chat (an aadUserConversationMember). */
    public record Member(
            String id,
            String userId,
            String displayName,
            String email,
            String tenantId,
            List<String> roles,
            Instant visibleHistoryStart) {}

    /** One message of a chat (a chatMessage sent by a user). */
    public record Message(
            String id,
            String chatId,
            String fromUserId,
            String fromDisplayName,
            String tenantId,
            String contentType,
            String content,
            Instant created) {}

    /** An online meeting (created with POST /me/onlineMeetings). */
    public record Meeting(
            String id,
            String tenantId,
            String organizerId,
            String organizerUpn,
            String organizerName,
            String subject,
            Instant start,
            Instant end,
            Instant created,
            String threadId) {}

    /** A chat: its fixed properties, and its members and messages (changed only while holding the chat). */
    public static final class Chat {
        final String id;
        final String tenantId;
        final String chatType;
        final String topic;
        final Instant created;
        Instant lastUpdated;
        final List<Member> members = new ArrayList<>();
        final List<Message> messages = new ArrayList<>();

        Chat(String id, String tenantId, String chatType, String topic, Instant created) {
            this.id = id;
            this.tenantId = tenantId;
            this.chatType = chatType;
            this.topic = topic;
            this.created = created;
            this.lastUpdated = created;
        }

        public String id() {
            return id;
        }

        public String tenantId() {
            return tenantId;
        }

        public String chatType() {
            return chatType;
        }

        public String topic() {
            return topic;
        }

        public Instant created() {
            return created;
        }

        public synchronized Instant lastUpdated() {
            return lastUpdated;
        }

        public synchronized List<Member> members() {
            return List.copyOf(members);
        }

        public synchronized List<Message> messages() {
            return List.copyOf(messages);
        }

        public synchronized boolean hasMember(String userId) {
            return members.stream().anyMatch(m -> m.userId().equalsIgnoreCase(userId));
        }

        /** Adds the member unless the user is one already; empty then. */
        public synchronized Optional<Member> add(Member member, Instant now) {
            if (hasMember(member.userId())) {
                return Optional.empty();
            }
            members.add(member);
            lastUpdated = now;
            return Optional.of(member);
        }

        synchronized Message post(Message message) {
            messages.add(message);
            lastUpdated = message.created();
            return message;
        }
    }

    private final Map<String, Map<String, Chat>> chats = new ConcurrentHashMap<>();
    private final Map<String, Meeting> meetings = new ConcurrentHashMap<>();
    private final AtomicLong lastMessageId = new AtomicLong();

    /** Forgets every chat and meeting (a sandbox reset). */
    public void clear() {
        chats.clear();
        meetings.clear();
    }

    private Map<String, Chat> tenant(String tenantId) {
        return chats.computeIfAbsent(tenantId.toLowerCase(Locale.ROOT), t -> new ConcurrentHashMap<>());
    }

    /**
     * A new group chat: id "19:{32 hex}@thread.v2" as Teams gives them. The members are added in order.
     */
    public Chat createGroup(String tenantId, String topic, List<Member> members, Instant now) {
        String id = "19:" + HexFormat.of().formatHex(randomBytes(16)) + "@thread.v2";
        Chat chat = new Chat(id, tenantId, "group", topic, now);
        members.forEach(m -> chat.add(m, now));
        tenant(tenantId).put(id, chat);
        return chat;
    }

    /**
     * The one-on-one chat of two users: Teams has one per pair, id "19:{oid}_{oid}@unq.gbl.spaces"
     * (the ids sorted), so creating it again gives the same chat.
     */
    public Chat createOneOnOne(String tenantId, List<Member> members, Instant now) {
        List<String> ids = new ArrayList<>(
                members.stream().map(m -> m.userId().toLowerCase(Locale.ROOT)).toList());
        ids.sort(null);
        String id = "19:" + String.join("_", ids) + "@unq.gbl.spaces";
        return tenant(tenantId).computeIfAbsent(id, key -> {
            Chat chat = new Chat(key, tenantId, "oneOnOne", null, now);
            members.forEach(m -> chat.add(m, now));
            return chat;
        });
    }

    public Optional<Chat> chat(String tenantId, String id) {
        return Optional.ofNullable(tenant(tenantId).get(id));
    }

    /** The chats the user is a member of, most recently updated first. */
    public List<Chat> chatsOf(String tenantId, String userId) {
        List<Chat> mine = new ArrayList<>(tenant(tenantId).values().stream()
                .filter(c -> c.hasMember(userId))
                .toList());
        mine.sort((a, b) -> b.lastUpdated().compareTo(a.lastUpdated()));
        return mine;
    }

    /** Posts a message; ids are milliseconds since the epoch, as Teams' are, and increase. */
    public Message post(
            Chat chat, String fromUserId, String fromDisplayName, String contentType, String content, Instant now) {
        long id = lastMessageId.updateAndGet(last -> Math.max(last + 1, now.toEpochMilli()));
        return chat.post(new Message(
                Long.toString(id), chat.id(), fromUserId, fromDisplayName, chat.tenantId(), contentType, content, now));
    }

    public Meeting createMeeting(
            String tenantId,
            String organizerId,
            String organizerUpn,
            String organizerName,
            String subject,
            Instant start,
            Instant end,
            Instant now) {
        String thread =
                "19:meeting_" + Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(27)) + "@thread.v2";
        String id = Base64.getEncoder()
                .encodeToString(("1*" + organizerId + "*0**" + thread).getBytes(StandardCharsets.UTF_8));
        Meeting meeting =
                new Meeting(id, tenantId, organizerId, organizerUpn, organizerName, subject, start, end, now, thread);
        meetings.put(id, meeting);
        return meeting;
    }

    public Optional<Meeting> meeting(String tenantId, String id) {
        return Optional.ofNullable(meetings.get(id)).filter(m -> m.tenantId().equalsIgnoreCase(tenantId));
    }

    /** A conversation member id as Graph shows them: base64 of "1#{chat id}#{user id}"-like text, stable per chat and user. */
    public static String memberId(String chatId, String userId) {
        return Base64.getEncoder()
                .encodeToString(
                        ("1#" + chatId + "#" + userId.toLowerCase(Locale.ROOT)).getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
