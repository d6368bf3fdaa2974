package io.tenantlink.sandbox.graph;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Change notification subscriptions of the Graph stand-in, after Microsoft's API reference
 * (subscription-post-subscriptions, subscription-get, subscription-list, subscription-update, subscription-delete,
 * subscription-reauthorize) and "Get change notifications for messages in Teams chats": {@code POST/GET/PATCH/DELETE
 * /subscriptions}. Served resource: a chat's messages, {@code /chats/{id}/messages} (delegated Chat.Read or
 * Chat.ReadWrite, the caller a member of the chat; application Chat.Read.All or Chat.ReadWrite.All).
 *
 * <p>Rules reproduced: changeType is created, updated, deleted or a comma-separated mix; expirationDateTime in the
 * future and at most 60 minutes ahead (Graph's maximum for chat messages without resource data), else 400; a
 * notificationUrl (and a lifecycleNotificationUrl) must answer the validation request (POST with {@code
 * ?validationToken=}, 200 with the token as text/plain within 10 seconds) before the subscription exists, else 400;
 * includeResourceData true needs encryptionCertificate (standard base64 of an X.509 certificate's DER with an RSA key)
 * and encryptionCertificateId (at most 128 characters), else 400; its notifications then carry the message encrypted
 * for that certificate (SandboxSubscriptions); an app sees and changes only its own subscriptions (others are 404). The URLs must be https, or http on a loopback host (the stand-in's one difference:
 * the portal under test has no certificate).
 */
final class GraphSubscriptionEndpoints {

    private static final List<String> BODY = List.of(
            "changeType",
            "notificationUrl",
            "lifecycleNotificationUrl",
            "resource",
            "expirationDateTime",
            "clientState",
            "includeResourceData",
            "latestSupportedTlsVersion",
            "encryptionCertificate",
            "encryptionCertificateId",
            "notificationQueryOptions",
            "notificationUrlAppId");

    /** The longest encryptionCertificate stored (base64 characters; the column holds 16,000). */
    private static final int MAX_CERTIFICATE = 16_000;

    private static final Pattern CHAT_MESSAGES =
            Pattern.compile("^/?chats/([^/?]+)/messages$", Pattern.CASE_INSENSITIVE);

    private final SandboxSubscriptions subscriptions;
    private final SandboxChats chats;
    private final Supplier<Instant> clock;

    GraphSubscriptionEndpoints(SandboxSubscriptions subscriptions, SandboxChats chats, Supplier<Instant> clock) {
        this.subscriptions = subscriptions;
        this.chats = chats;
        this.clock = clock;
    }

    GraphResponse route(GraphDispatcher.Call call) {
        List<String> s = call.segments();
        String method = call.method();
        if (!method.equals("GET")) {
            GraphError injected = subscriptions.nextRequestFault();
            if (injected != null) {
                throw injected;
            }
        }
        if (s.size() == 1) {
            return switch (method) {
                case "POST" -> create(call);
                case "GET" -> list(call);
                default -> throw GraphError.methodNotAllowed();
            };
        }
        String id = s.get(1);
        if (s.size() == 2) {
            return switch (method) {
                case "GET" -> GraphResponse.json(200, json(own(call, id)));
                case "PATCH" -> update(call, id);
                case "DELETE" -> {
                    subscriptions.delete(own(call, id).id());
                    yield GraphResponse.noContent();
                }
                default -> throw GraphError.methodNotAllowed();
            };
        }
        if (s.size() == 3 && call.segment(2).equals("reauthorize") && method.equals("POST")) {
            own(call, id);
            return GraphResponse.noContent();
        }
        throw GraphError.notServed();
    }

    private GraphResponse create(GraphDispatcher.Call call) {
        call.query().allowOnly(List.of());
        Map<String, Object> body = call.body();
        if (body == null) {
            throw GraphError.badRequest("Empty Payload. JSON content expected.");
        }
        for (String property : body.keySet()) {
            if (!BODY.contains(property) && !property.startsWith("@odata.")) {
                throw GraphError.badRequest(
                        "Property '" + property + "' does not exist on type 'microsoft.graph.subscription'.");
            }
        }
        String resource = required(body, "resource");
        String changeType = changeType(required(body, "changeType"));
        String notificationUrl = url(required(body, "notificationUrl"), "notificationUrl");
        String lifecycleUrl = body.get("lifecycleNotificationUrl") == null
                ? null
                : url(string(body, "lifecycleNotificationUrl"), "lifecycleNotificationUrl");
        Instant now = clock.get();
        Instant expires = expiration(required(body, "expirationDateTime"), now);
        String clientState = body.get("clientState") == null ? null : string(body, "clientState");
        if (clientState != null && clientState.length() > 128) {
            throw GraphError.badRequest("clientState must be at most 128 characters.");
        }
        String certificate = null;
        String certificateId = null;
        if (resourceData(body)) {
            if (body.get("encryptionCertificate") == null) {
                throw GraphError.badRequest(
                        "encryptionCertificate is required when includeResourceData is true (base64 of the DER of an"
                                + " X.509 certificate with an RSA key).");
            }
            if (body.get("encryptionCertificateId") == null) {
                throw GraphError.badRequest("encryptionCertificateId is required when includeResourceData is true.");
            }
            certificate = string(body, "encryptionCertificate").replaceAll("\\s", "");
            certificateId = string(body, "encryptionCertificateId");
            if (certificateId.length() > 128) {
                throw GraphError.badRequest("encryptionCertificateId must be at most 128 characters.");
            }
            if (certificate.length() > MAX_CERTIFICATE) {
                throw GraphError.badRequest("encryptionCertificate is too long.");
            }
            try {
                ResourceDataEncryption.certificate(certificate);
            } catch (IllegalArgumentException e) {
                throw GraphError.badRequest(e.getMessage());
            }
        }
        Matcher m = CHAT_MESSAGES.matcher(resource.strip());
        if (!m.matches()) {
            throw GraphError.badRequest(
                    "Resource '" + resource + "' is not supported (the stand-in serves" + " /chats/{id}/messages).");
        }
        call.caller().require(GraphAccess.CHAT_MESSAGES_READ);
        String chatId = m.group(1);
        SandboxChats.Chat chat = chats.chat(call.tenant().id, chatId)
                .orElseThrow(() -> new GraphError(404, "NotFound", "No chat found with the id '" + chatId + "'."));
        if (call.caller().delegated() && !chats.hasMember(chat, call.caller().objectId())) {
            throw new GraphError(403, "Forbidden", "Forbidden. The signed-in user is not a member of the chat.");
        }
        Optional<String> invalid = subscriptions.validate(notificationUrl);
        if (invalid.isEmpty() && lifecycleUrl != null) {
            invalid = subscriptions.validate(lifecycleUrl);
        }
        if (invalid.isPresent()) {
            throw GraphError.badRequest("Subscription validation request failed. Notification endpoint must respond"
                    + " with 200 OK to validation request: " + invalid.get() + ".");
        }
        SandboxSubscriptions.Subscription made = subscriptions.create(
                call.tenant().id,
                call.caller().appId(),
                call.caller().delegated() ? call.caller().objectId() : null,
                "/chats/" + chat.id() + "/messages",
                chat.id(),
                changeType,
                notificationUrl,
                lifecycleUrl,
                clientState,
                expires,
                now,
                certificate,
                certificateId);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("@odata.context", GraphObjects.BASE + "/$metadata#subscriptions/$entity");
        json.putAll(json(made));
        return GraphResponse.json(201, json);
    }

    private GraphResponse list(GraphDispatcher.Call call) {
        call.query().allowOnly(List.of());
        List<Object> values = new ArrayList<>();
        for (SandboxSubscriptions.Subscription s :
                subscriptions.ofApp(call.tenant().id, call.caller().appId())) {
            values.add(json(s));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("@odata.context", GraphObjects.BASE + "/$metadata#subscriptions");
        body.put("value", values);
        return GraphResponse.json(200, body);
    }

    /** PATCH: a new expirationDateTime (and notificationUrl, validated again). */
    private GraphResponse update(GraphDispatcher.Call call, String id) {
        SandboxSubscriptions.Subscription s = own(call, id);
        Map<String, Object> body = call.body();
        if (body == null) {
            throw GraphError.badRequest("Empty Payload. JSON content expected.");
        }
        for (String property : body.keySet()) {
            if (!property.equals("expirationDateTime") && !property.startsWith("@odata.")) {
                throw GraphError.badRequest(
                        "Only expirationDateTime can be updated by the stand-in, not '" + property + "'.");
            }
        }
        Instant expires = expiration(required(body, "expirationDateTime"), clock.get());
        subscriptions.renew(s.id(), expires);
        return GraphResponse.json(200, json(subscriptions.find(s.id()).orElseThrow()));
    }

    /** The caller app's subscription, else 404 as Graph answers for another app's. */
    private SandboxSubscriptions.Subscription own(GraphDispatcher.Call call, String id) {
        return subscriptions
                .find(id)
                .filter(s -> s.tenantId().equalsIgnoreCase(call.tenant().id)
                        && s.appId().equalsIgnoreCase(call.caller().appId()))
                .orElseThrow(() -> new GraphError(
                        404, "ResourceNotFound", "The object was not found: subscription '" + id + "'."));
    }

    private static Map<String, Object> json(SandboxSubscriptions.Subscription s) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", s.id());
        json.put("resource", s.resource());
        json.put("applicationId", s.appId());
        json.put("changeType", s.changeType());
        json.put("clientState", null); // Graph never gives the secret back
        json.put("notificationUrl", s.notificationUrl());
        json.put("lifecycleNotificationUrl", s.lifecycleUrl());
        json.put("expirationDateTime", GraphChatEndpoints.time(s.expires()));
        json.put("creatorId", s.creatorId());
        json.put("includeResourceData", s.includeResourceData());
        json.put("encryptionCertificate", s.encryptionCertificate());
        json.put("encryptionCertificateId", s.encryptionCertificateId());
        json.put("latestSupportedTlsVersion", "v1_2");
        json.put("notificationUrlAppId", null);
        return json;
    }

    /** includeResourceData: a boolean, false when absent. */
    private static boolean resourceData(Map<String, Object> body) {
        Object value = body.get("includeResourceData");
        if (value == null) {
            return false;
        }
        if (!(value instanceof Boolean b)) {
            throw GraphError.badRequest("Invalid value for property 'includeResourceData': a boolean is expected.");
        }
        return b;
    }

    private static String changeType(String value) {
        List<String> kinds = new ArrayList<>();
        for (String part : value.split(",")) {
            String k = part.strip().toLowerCase(Locale.ROOT);
            if (!(k.equals("created") || k.equals("updated") || k.equals("deleted")) || kinds.contains(k)) {
                throw GraphError.badRequest("Invalid changeType '" + value
                        + "': created, updated, deleted or a comma-separated mix of them.");
            }
            kinds.add(k);
        }
        return String.join(",", kinds);
    }

    private static Instant expiration(String value, Instant now) {
        Instant expires = GraphChatEndpoints.instant(value, "expirationDateTime");
        if (!expires.isAfter(now)) {
            throw GraphError.badRequest("Subscription expiration can only be in the future.");
        }
        if (expires.isAfter(now.plus(SandboxSubscriptions.MAX_CHAT_MESSAGES).plusSeconds(60))) {
            throw GraphError.badRequest("Subscription expiration exceeds the maximum allowed duration for the resource"
                    + " /chats/{id}/messages: 60 minutes.");
        }
        return expires;
    }

    private static String url(String value, String property) {
        URI uri;
        try {
            uri = URI.create(value.strip());
        } catch (IllegalArgumentException e) {
            throw GraphError.badRequest("Invalid " + property + ": '" + value + "'.");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        boolean loopback = host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
        if (!(scheme.equals("https") && !host.isEmpty()) && !(scheme.equals("http") && loopback)) {
            throw GraphError.badRequest(property + " must be an https URL (the stand-in also takes http on loopback).");
        }
        return uri.toString();
    }

    private static String required(Map<String, Object> body, String property) {
        if (body.get(property) == null) {
            throw GraphError.badRequest("The property '" + property + "' is required.");
        }
        return string(body, property);
    }

    private static String string(Map<String, Object> body, String property) {
        if (!(body.get(property) instanceof String value) || value.isBlank()) {
            throw GraphError.badRequest("Invalid value for property '" + property + "': a string is expected.");
        }
        return value;
    }
}
