package io.tenantlink.teams;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.tenantlink.microsoft.NotificationContent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What Microsoft Graph's change notifications about chat messages say, read and checked without state: the body
 * ({@code {"value":[...]}}, each a change or a lifecycle event), the clientState secret (made here, kept only as its
 * SHA-256, compared in constant time), whether a notification's resource is the subscribed chat, and the validation
 * handshake's token.
 */
public final class ChatNotifications {

    /** Graph's notifications are small; a body larger than this is not one of them. */
    public static final int MAX_BODY_CHARS = 256 * 1024;

    /** At most this many notifications in one POST are read (Graph batches a few). */
    public static final int MAX_ITEMS = 100;

    /** Graph's validation tokens are short opaque text; a longer one is not echoed. */
    public static final int MAX_VALIDATION_TOKEN = 2048;

    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * One notification: a change ({@code lifecycleEvent} null) or a lifecycle event. Absent fields are null; {@code
     * encrypted}: the resource data of a subscription made with includeResourceData (the message itself).
     */
    public record Notification(
            String subscriptionId,
            String clientState,
            String changeType,
            String resource,
            String tenantId,
            String lifecycleEvent,
            NotificationContent.Encrypted encrypted) {

        public Notification(
                String subscriptionId,
                String clientState,
                String changeType,
                String resource,
                String tenantId,
                String lifecycleEvent) {
            this(subscriptionId, clientState, changeType, resource, tenantId, lifecycleEvent, null);
        }
    }

    /** One POST's notifications and the validation tokens Graph sends beside them when they carry resource data. */
    public record Batch(List<Notification> notifications, List<String> validationTokens) {}

    /** At most this many validation tokens are read (Graph sends one per app and tenant in the POST). */
    public static final int MAX_VALIDATION_TOKENS = 10;

    /** The lifecycle events Graph sends for chat message subscriptions. */
    public enum Lifecycle {
        REAUTHORIZATION_REQUIRED("reauthorizationRequired"),
        SUBSCRIPTION_REMOVED("subscriptionRemoved"),
        MISSED("missed");

        private final String graphName;

        Lifecycle(String graphName) {
            this.graphName = graphName;
        }

        public String graphName() {
            return graphName;
        }

        /** The event by Graph's name (case-insensitive), or null for one the portal does not know. */
        public static Lifecycle of(String name) {
            for (Lifecycle l : values()) {
                if (l.graphName.equalsIgnoreCase(name)) {
                    return l;
                }
            }
            return null;
        }
    }

    private ChatNotifications() {}

    /** The notifications in a POST's body; IllegalArgumentException when it is not Graph's shape. */
    public static List<Notification> parse(String body) {
        return parseBatch(body).notifications();
    }

    /** As {@link #parse}, with the validation tokens; IllegalArgumentException when it is not Graph's shape. */
    public static Batch parseBatch(String body) {
        if (body == null || body.isBlank() || body.length() > MAX_BODY_CHARS) {
            throw new IllegalArgumentException("not a notification body");
        }
        Map<String, Object> root;
        try {
            root = JSONObjectUtils.parse(body);
        } catch (java.text.ParseException | RuntimeException e) {
            throw new IllegalArgumentException("not a JSON object", e);
        }
        Object value = root.get("value");
        if (!(value instanceof List<?> items) || items.isEmpty() || items.size() > MAX_ITEMS) {
            throw new IllegalArgumentException("no \"value\" array of notifications");
        }
        List<Notification> notifications = new ArrayList<>();
        for (Object item : items) {
            if (!(item instanceof Map<?, ?> o)) {
                throw new IllegalArgumentException("a notification is not an object");
            }
            notifications.add(new Notification(
                    string(o, "subscriptionId"),
                    string(o, "clientState"),
                    string(o, "changeType"),
                    string(o, "resource"),
                    string(o, "tenantId"),
                    string(o, "lifecycleEvent"),
                    encrypted(o.get("encryptedContent"))));
        }
        List<String> tokens = new ArrayList<>();
        if (root.get("validationTokens") instanceof List<?> given) {
            for (Object token : given) {
                if (token instanceof String t && tokens.size() < MAX_VALIDATION_TOKENS) {
                    tokens.add(t);
                }
            }
        }
        return new Batch(notifications, List.copyOf(tokens));
    }

    private static NotificationContent.Encrypted encrypted(Object value) {
        if (!(value instanceof Map<?, ?> o)) {
            return null;
        }
        return new NotificationContent.Encrypted(
                string(o, "data"),
                string(o, "dataKey"),
                string(o, "dataSignature"),
                string(o, "encryptionCertificateId"),
                string(o, "encryptionCertificateThumbprint"));
    }

    private static String string(Map<?, ?> o, String name) {
        return o.get(name) instanceof String s ? s : null;
    }

    /** A new clientState: 32 random bytes, base64url (43 characters; Graph allows 128). */
    public static String newClientState() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The SHA-256 of a clientState, hex: what the database keeps. */
    public static String hash(String clientState) {
        try {
            return HexFormat.of()
                    .formatHex(
                            MessageDigest.getInstance("SHA-256").digest(clientState.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether the clientState a notification carries is the one whose hash is kept (constant time). */
    public static boolean clientStateMatches(String given, String storedHash) {
        if (given == null || storedHash == null || given.length() > 1024) {
            return false;
        }
        return MessageDigest.isEqual(
                hash(given).getBytes(StandardCharsets.US_ASCII),
                storedHash.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Whether a change notification's resource is about the chat: Graph writes {@code chats('{id}')/messages('{m}')}
     * (and the subscription's own form {@code /chats/{id}/messages/{m}} is taken too). Chat ids compare ignoring case.
     */
    public static boolean aboutChat(String resource, String chatId) {
        if (resource == null || chatId == null) {
            return false;
        }
        String r = resource.strip();
        String id = chatId.toLowerCase(Locale.ROOT);
        String lower = r.toLowerCase(Locale.ROOT);
        if (lower.startsWith("/")) {
            lower = lower.substring(1);
        }
        return lower.equals("chats('" + id + "')/messages")
                || lower.startsWith("chats('" + id + "')/messages('")
                || lower.equals("chats/" + id + "/messages")
                || lower.startsWith("chats/" + id + "/messages/");
    }

    /**
     * Whether the resource of a change notification names this message: {@code chats('{c}')/messages('{id}')} or
     * {@code /chats/{c}/messages/{id}} (message ids compare as given; Graph's are numbers).
     */
    public static boolean aboutMessage(String resource, String messageId) {
        if (resource == null || messageId == null || messageId.isEmpty()) {
            return false;
        }
        String r = resource.strip();
        return r.endsWith("/messages('" + messageId + "')") || r.endsWith("/messages/" + messageId);
    }

    /** The validation token to echo, or null when it is not one (empty, too long, or with control characters). */
    public static String validationAnswer(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_VALIDATION_TOKEN) {
            return null;
        }
        for (int i = 0; i < token.length(); i++) {
            if (Character.isISOControl(token.charAt(i))) {
                return null;
            }
        }
        return token;
    }
}
