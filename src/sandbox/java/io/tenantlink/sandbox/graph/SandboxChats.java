package io.tenantlink.sandbox.graph;

import io.tenantlink.sandbox.SandboxDatabase;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * The Teams side of the Graph stand-in: chats (with their members, messages and installed apps) and online meetings,
 * per tenant, kept in the stand-in's own database (migration V2) so that they survive a restart as they do in Teams.
 * Plain JDBC on the stand-in's data source: inside a {@code $batch} the statements join its transaction, otherwise each
 * runs on its own. Concurrent writers rely on the database: a member is unique per (chat, user), an app per (chat,
 * app), a oneOnOne chat's id is its key.
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

    /** A chat as stored: its fixed properties and when it last changed. */
    public record Chat(
            String id, String tenantId, String chatType, String topic, Instant created, Instant lastUpdated) {}

    /** An app installed in a chat (a teamsAppInstallation). */
    public record InstalledApp(String id, String chatId, String teamsAppId, Instant created) {}

    @Resource(lookup = SandboxDatabase.JNDI_NAME)
    DataSource dataSource;

    private final AtomicLong lastMessageId = new AtomicLong(-1);

    public SandboxChats() {}

    /** Over a data source of its own (tests: an H2 database migrated by the stand-in's migrations). */
    public SandboxChats(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Forgets every chat, message, installed app and meeting (a sandbox reset). */
    public void clear() {
        update("DELETE FROM sandbox_chat_app");
        update("DELETE FROM sandbox_chat_message");
        update("DELETE FROM sandbox_chat_member");
        update("DELETE FROM sandbox_chat");
        update("DELETE FROM sandbox_online_meeting");
    }

    /** A new group chat: id "19:{32 hex}@thread.v2" as Teams gives them. The members are added in order. */
    public Chat createGroup(String tenantId, String topic, List<Member> members, Instant now) {
        String id = "19:" + HexFormat.of().formatHex(randomBytes(16)) + "@thread.v2";
        Chat chat = new Chat(id, tenantId, "group", topic, now, now);
        try (Connection c = dataSource.getConnection()) {
            insertChat(c, chat);
            int position = 0;
            for (Member m : members) {
                insertMember(c, id, m, position++);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return chat;
    }

    /**
     * The one-on-one chat of two users: Teams has one per pair, id "19:{oid}_{oid}@unq.gbl.spaces" (the ids sorted),
     * so creating it again gives the same chat.
     */
    public Chat createOneOnOne(String tenantId, List<Member> members, Instant now) {
        List<String> ids = new ArrayList<>(
                members.stream().map(m -> m.userId().toLowerCase(Locale.ROOT)).toList());
        ids.sort(null);
        String id = "19:" + String.join("_", ids) + "@unq.gbl.spaces";
        Optional<Chat> existing = chat(tenantId, id);
        if (existing.isPresent()) {
            return existing.get();
        }
        Chat chat = new Chat(id, tenantId, "oneOnOne", null, now, now);
        try (Connection c = dataSource.getConnection()) {
            insertChat(c, chat);
            int position = 0;
            for (Member m : members) {
                insertMember(c, id, m, position++);
            }
            return chat;
        } catch (SQLIntegrityConstraintViolationException e) {
            // Created meanwhile by a concurrent request: the same chat.
            return chat(tenantId, id).orElseThrow(() -> new IllegalStateException(e));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public Optional<Chat> chat(String tenantId, String id) {
        List<Chat> found = chats(
                "SELECT * FROM sandbox_chat WHERE id = ? AND tenant_id = ?", id, tenantId.toLowerCase(Locale.ROOT));
        return found.stream().findFirst();
    }

    /** The chats the user is a member of, most recently updated first. */
    public List<Chat> chatsOf(String tenantId, String userId) {
        return chats(
                "SELECT c.* FROM sandbox_chat c JOIN sandbox_chat_member m ON m.chat_id = c.id"
                        + " WHERE c.tenant_id = ? AND m.user_key = ? ORDER BY c.last_updated DESC, c.id",
                tenantId.toLowerCase(Locale.ROOT),
                userId.toLowerCase(Locale.ROOT));
    }

    public List<Member> members(Chat chat) {
        List<Member> members = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "SELECT * FROM sandbox_chat_member WHERE chat_id = ? ORDER BY position, user_key")) {
            s.setString(1, chat.id());
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    members.add(new Member(
                            r.getString("id"),
                            r.getString("user_id"),
                            r.getString("display_name"),
                            r.getString("email"),
                            r.getString("tenant_id"),
                            List.of(r.getString("roles").split(",")),
                            instant(r.getTimestamp("visible_history_start"))));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return members;
    }

    public boolean hasMember(Chat chat, String userId) {
        return count(
                        "SELECT COUNT(*) FROM sandbox_chat_member WHERE chat_id = ? AND user_key = ?",
                        chat.id(),
                        userId.toLowerCase(Locale.ROOT))
                > 0;
    }

    /** Adds the member unless the user is one already; empty then. */
    public Optional<Member> add(Chat chat, Member member, Instant now) {
        try (Connection c = dataSource.getConnection()) {
            int position = (int) count(c, "SELECT COUNT(*) FROM sandbox_chat_member WHERE chat_id = ?", chat.id());
            insertMember(c, chat.id(), member, position);
            touch(c, chat.id(), now);
            return Optional.of(member);
        } catch (SQLIntegrityConstraintViolationException e) {
            return Optional.empty();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The newest messages first, at most {@code top}. */
    public List<Message> messages(Chat chat, int top) {
        return messages(chat, top, null);
    }

    /** The newest messages first whose id is below {@code before} (null: from the newest), at most {@code top}. */
    public List<Message> messages(Chat chat, int top, Long before) {
        List<Message> messages = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT * FROM sandbox_chat_message WHERE chat_id = ?"
                        + (before == null ? "" : " AND id < ?")
                        + " ORDER BY id DESC FETCH FIRST ? ROWS ONLY")) {
            int i = 1;
            s.setString(i++, chat.id());
            if (before != null) {
                s.setLong(i++, before);
            }
            s.setInt(i, top);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    messages.add(message(r));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return messages;
    }

    /** One message of the chat by its id (chat-message-get); empty when the chat has none with that id. */
    public Optional<Message> message(Chat chat, String messageId) {
        long id;
        try {
            id = Long.parseLong(messageId);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement s =
                        c.prepareStatement("SELECT * FROM sandbox_chat_message WHERE chat_id = ? AND id = ?")) {
            s.setString(1, chat.id());
            s.setLong(2, id);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(message(r)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Message message(ResultSet r) throws SQLException {
        return new Message(
                Long.toString(r.getLong("id")),
                r.getString("chat_id"),
                r.getString("from_user_id"),
                r.getString("from_display_name"),
                r.getString("tenant_id"),
                r.getString("content_type"),
                r.getString("content"),
                instant(r.getTimestamp("created_at")));
    }

    /** Posts a message; ids are milliseconds since the epoch, as Teams' are, and increase (also across restarts). */
    public Message post(
            Chat chat, String fromUserId, String fromDisplayName, String contentType, String content, Instant now) {
        if (lastMessageId.get() < 0) {
            lastMessageId.compareAndSet(-1, count("SELECT COALESCE(MAX(id), 0) FROM sandbox_chat_message"));
        }
        long id = lastMessageId.updateAndGet(last -> Math.max(last + 1, now.toEpochMilli()));
        Message message = new Message(
                Long.toString(id), chat.id(), fromUserId, fromDisplayName, chat.tenantId(), contentType, content, now);
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("INSERT INTO sandbox_chat_message"
                        + " (id, chat_id, from_user_id, from_display_name, tenant_id, content_type, content, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setLong(1, id);
            s.setString(2, chat.id());
            s.setString(3, fromUserId);
            s.setString(4, fromDisplayName);
            s.setString(5, chat.tenantId());
            s.setString(6, contentType);
            s.setString(7, content);
            s.setTimestamp(8, timestamp(now));
            s.executeUpdate();
            touch(c, chat.id(), now);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return message;
    }

    /**
     * Installs a Teams app in the chat; empty when it is installed already. The installation id is base64 of
     * "{chat id}##{app id}", the shape Graph's examples show.
     */
    public Optional<InstalledApp> install(Chat chat, String teamsAppId, Instant now) {
        String id =
                Base64.getEncoder().encodeToString((chat.id() + "##" + teamsAppId).getBytes(StandardCharsets.UTF_8));
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("INSERT INTO sandbox_chat_app"
                        + " (id, chat_id, teams_app_id, tenant_id, created_at) VALUES (?, ?, ?, ?, ?)")) {
            s.setString(1, id);
            s.setString(2, chat.id());
            s.setString(3, teamsAppId);
            s.setString(4, chat.tenantId());
            s.setTimestamp(5, timestamp(now));
            s.executeUpdate();
            return Optional.of(new InstalledApp(id, chat.id(), teamsAppId, now));
        } catch (SQLIntegrityConstraintViolationException e) {
            return Optional.empty();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public List<InstalledApp> installedApps(Chat chat) {
        List<InstalledApp> apps = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "SELECT * FROM sandbox_chat_app WHERE chat_id = ? ORDER BY created_at, id")) {
            s.setString(1, chat.id());
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    apps.add(new InstalledApp(
                            r.getString("id"),
                            r.getString("chat_id"),
                            r.getString("teams_app_id"),
                            instant(r.getTimestamp("created_at"))));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return apps;
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
        Meeting meeting = new Meeting(
                id,
                tenantId.toLowerCase(Locale.ROOT),
                organizerId,
                organizerUpn,
                organizerName,
                subject,
                start,
                end,
                now,
                thread);
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("INSERT INTO sandbox_online_meeting"
                        + " (id, tenant_id, organizer_id, organizer_upn, organizer_name, subject, start_at, end_at,"
                        + " created_at, thread_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, id);
            s.setString(2, meeting.tenantId());
            s.setString(3, organizerId);
            s.setString(4, organizerUpn);
            s.setString(5, organizerName);
            s.setString(6, subject);
            s.setTimestamp(7, timestamp(start));
            s.setTimestamp(8, timestamp(end));
            s.setTimestamp(9, timestamp(now));
            s.setString(10, thread);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return meeting;
    }

    public Optional<Meeting> meeting(String tenantId, String id) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s =
                        c.prepareStatement("SELECT * FROM sandbox_online_meeting WHERE id = ? AND tenant_id = ?")) {
            s.setString(1, id);
            s.setString(2, tenantId.toLowerCase(Locale.ROOT));
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Meeting(
                        r.getString("id"),
                        r.getString("tenant_id"),
                        r.getString("organizer_id"),
                        r.getString("organizer_upn"),
                        r.getString("organizer_name"),
                        r.getString("subject"),
                        instant(r.getTimestamp("start_at")),
                        instant(r.getTimestamp("end_at")),
                        instant(r.getTimestamp("created_at")),
                        r.getString("thread_id")));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A conversation member id as Graph shows them: base64 of "1#{chat id}#{user id}"-like text, stable per chat and user. */
    public static String memberId(String chatId, String userId) {
        return Base64.getEncoder()
                .encodeToString(
                        ("1#" + chatId + "#" + userId.toLowerCase(Locale.ROOT)).getBytes(StandardCharsets.UTF_8));
    }

    // --- JDBC ------------------------------------------------------------------------------------------------------

    private static void insertChat(Connection c, Chat chat) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO sandbox_chat"
                + " (id, tenant_id, chat_type, topic, created_at, last_updated) VALUES (?, ?, ?, ?, ?, ?)")) {
            s.setString(1, chat.id());
            s.setString(2, chat.tenantId().toLowerCase(Locale.ROOT));
            s.setString(3, chat.chatType());
            s.setString(4, chat.topic());
            s.setTimestamp(5, timestamp(chat.created()));
            s.setTimestamp(6, timestamp(chat.lastUpdated()));
            s.executeUpdate();
        }
    }

    private static void insertMember(Connection c, String chatId, Member m, int position) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO sandbox_chat_member (chat_id, user_key, position,"
                + " id, user_id, display_name, email, tenant_id, roles, visible_history_start)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, chatId);
            s.setString(2, m.userId().toLowerCase(Locale.ROOT));
            s.setInt(3, position);
            s.setString(4, m.id());
            s.setString(5, m.userId());
            s.setString(6, m.displayName());
            s.setString(7, m.email());
            s.setString(8, m.tenantId());
            s.setString(9, String.join(",", m.roles()));
            s.setTimestamp(10, m.visibleHistoryStart() == null ? null : timestamp(m.visibleHistoryStart()));
            s.executeUpdate();
        }
    }

    private static void touch(Connection c, String chatId, Instant now) throws SQLException {
        try (PreparedStatement s =
                c.prepareStatement("UPDATE sandbox_chat SET last_updated = GREATEST(last_updated, ?) WHERE id = ?")) {
            s.setTimestamp(1, timestamp(now));
            s.setString(2, chatId);
            s.executeUpdate();
        }
    }

    private List<Chat> chats(String sql, String... params) {
        List<Chat> chats = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setString(i + 1, params[i]);
            }
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    chats.add(new Chat(
                            r.getString("id"),
                            r.getString("tenant_id"),
                            r.getString("chat_type"),
                            r.getString("topic"),
                            instant(r.getTimestamp("created_at")),
                            instant(r.getTimestamp("last_updated"))));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return chats;
    }

    private long count(String sql, String... params) {
        try (Connection c = dataSource.getConnection()) {
            return count(c, sql, params);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long count(Connection c, String sql, String... params) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setString(i + 1, params[i]);
            }
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    private void update(String sql) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static Timestamp timestamp(Instant instant) {
        return Timestamp.valueOf(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
    }

    static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toLocalDateTime().toInstant(ZoneOffset.UTC);
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
