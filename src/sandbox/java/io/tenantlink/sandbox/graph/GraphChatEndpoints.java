package io.tenantlink.sandbox.graph;

import io.tenantlink.sandbox.directory.DirectoryData;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Chats, chat members, chat messages and online meetings of the Graph stand-in, after Microsoft's
 * API reference (chat-post, chat-get, chat-list, chat-list-members, chat-post-members,
 * chat-list-messages, chat-message-get, chat-post-messages, application-post-onlinemeetings). The state is
 * {@link SandboxChats}, in the stand-in's database, so it survives a restart. Also chat-post-installedapps and
 * chat-list-installedapps, and the Teams limit on chat message posts (SandboxGraphFaults#admitChatMessage).
 *
 * <p>Rules reproduced: members are {@code #microsoft.graph.aadUserConversationMember} with
 * {@code user@odata.bind} to a user of the token's tenant (guests of the tenant included; anyone
 * else is 404); a group chat needs at least three members with a delegated token (the signed-in user
 * among them) and two with an app-only token; a oneOnOne chat exactly two and no topic, and is the
 * same chat when created again; a delegated caller must be a member of the chats it reads or writes;
 * messages are sent with delegated tokens only; meetings are created for /me with delegated tokens only.
 */
final class GraphChatEndpoints {

    static final String MEMBER_TYPE = "#microsoft.graph.aadUserConversationMember";
    /** What Graph shows as visibleHistoryStartDateTime when all history is visible. */
    static final String ALL_HISTORY = "0001-01-01T00:00:00Z";

    static final int DEFAULT_MESSAGES_PAGE = 20;
    static final int MAX_MESSAGES_PAGE = 50;

    private static final List<String> CHAT_BODY = List.of("chatType", "topic", "members");
    private static final List<String> MEMBER_BODY = List.of("roles", "user@odata.bind", "visibleHistoryStartDateTime");
    private static final List<String> MESSAGE_BODY =
            List.of("body", "subject", "importance", "attachments", "mentions");
    private static final List<String> MEETING_BODY = List.of(
            "startDateTime",
            "endDateTime",
            "subject",
            "participants",
            "lobbyBypassSettings",
            "allowedPresenters",
            "isEntryExitAnnounced");

    private static final java.util.regex.Pattern TEAMS_APP_BIND = java.util.regex.Pattern.compile(
            "^https://graph\\.microsoft\\.com/(?:v1\\.0|beta)/appCatalogs/teamsApps(?:/([^/?'()]+)|\\('([^/?'()]+)'\\))$",
            java.util.regex.Pattern.CASE_INSENSITIVE);

    private final SandboxChats chats;
    private final SandboxGraphFaults faults;
    private final Supplier<Instant> clock;
    private final StateTokens tokens;
    private final SandboxSubscriptions subscriptions;

    GraphChatEndpoints(SandboxChats chats, SandboxGraphFaults faults, Supplier<Instant> clock, StateTokens tokens) {
        this(chats, faults, clock, tokens, null);
    }

    /** {@code subscriptions}: told of every message posted (change notifications); null serves none. */
    GraphChatEndpoints(
            SandboxChats chats,
            SandboxGraphFaults faults,
            Supplier<Instant> clock,
            StateTokens tokens,
            SandboxSubscriptions subscriptions) {
        this.chats = chats;
        this.faults = faults;
        this.clock = clock;
        this.tokens = tokens;
        this.subscriptions = subscriptions;
    }

    /** /chats, /chats/{id}, /chats/{id}/members, /chats/{id}/messages, /chats/{id}/messages/{id}. */
    GraphResponse route(GraphDispatcher.Call call) {
        List<String> s = call.segments();
        String method = call.method();
        if (s.size() == 1) {
            return switch (method) {
                case "POST" -> createChat(call);
                case "GET" -> listChats(call);
                default -> throw GraphError.methodNotAllowed();
            };
        }
        String chatId = s.get(1);
        if (s.size() == 2) {
            return switch (method) {
                case "GET" -> getChat(call, chatId);
                default -> throw GraphError.methodNotAllowed();
            };
        }
        if (s.size() == 3 && call.segment(2).equals("members")) {
            return switch (method) {
                case "GET" -> listMembers(call, chatId);
                case "POST" -> addMember(call, chatId);
                default -> throw GraphError.methodNotAllowed();
            };
        }
        if (s.size() == 3 && call.segment(2).equals("messages")) {
            return switch (method) {
                case "GET" -> listMessages(call, chatId);
                case "POST" -> sendMessage(call, chatId);
                default -> throw GraphError.methodNotAllowed();
            };
        }
        if (s.size() == 4 && call.segment(2).equals("messages")) {
            return switch (method) {
                case "GET" -> getMessage(call, chatId, s.get(3));
                default -> throw GraphError.methodNotAllowed();
            };
        }
        if (s.size() == 3 && call.segment(2).equals("installedapps")) {
            return switch (method) {
                case "GET" -> listInstalledApps(call, chatId);
                case "POST" -> installApp(call, chatId);
                default -> throw GraphError.methodNotAllowed();
            };
        }
        throw GraphError.notServed();
    }

    // --- installed apps (chat-post-installedapps, chat-list-installedapps) ------------------------------------

    /** POST /chats/{id}/installedApps with teamsApp@odata.bind: 201 Created without a body; 409 when installed. */
    private GraphResponse installApp(GraphDispatcher.Call call, String chatId) {
        call.caller().require(GraphAccess.CHAT_APPS_WRITE);
        call.query().allowOnly(List.of());
        SandboxChats.Chat chat = readableChat(call, chatId);
        Map<String, Object> body = requireBody(
                call, "microsoft.graph.teamsAppInstallation", List.of("teamsApp@odata.bind", "consentedPermissionSet"));
        if (!(body.get("teamsApp@odata.bind") instanceof String bind)) {
            throw GraphError.badRequest("The property 'teamsApp@odata.bind' is required.");
        }
        java.util.regex.Matcher m = TEAMS_APP_BIND.matcher(bind.strip());
        if (!m.matches()) {
            throw GraphError.badRequest("Invalid value for 'teamsApp@odata.bind': '" + bind
                    + "'. Expected https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/{id}.");
        }
        String appId = m.group(1) != null ? m.group(1) : m.group(2);
        chats.install(chat, appId, now())
                .orElseThrow(() ->
                        new GraphError(409, "Conflict", "The app '" + appId + "' is already installed in the chat."));
        return GraphResponse.empty(201);
    }

    /** GET /chats/{id}/installedApps, optionally with $expand=teamsApp. */
    private GraphResponse listInstalledApps(GraphDispatcher.Call call, String chatId) {
        call.caller().require(GraphAccess.CHAT_APPS_READ);
        call.query().allowOnly(List.of("$expand"));
        String expand = call.query().option("$expand").orElse("");
        boolean teamsApp = false;
        for (String e : expand.split(",")) {
            if (e.isBlank()) {
                continue;
            }
            if (!e.strip().equalsIgnoreCase("teamsApp")) {
                throw GraphError.badRequest("Expanding '" + e.strip() + "' is not supported; only teamsApp.");
            }
            teamsApp = true;
        }
        SandboxChats.Chat chat = readableChat(call, chatId);
        List<Object> values = new ArrayList<>();
        for (SandboxChats.InstalledApp app : chats.installedApps(chat)) {
            Map<String, Object> json = new LinkedHashMap<>();
            // chat-list-installedapps: the id only; consentedPermissionSet comes with $select alone (not served).
            json.put("id", app.id());
            if (teamsApp) {
                Map<String, Object> appJson = new LinkedHashMap<>();
                appJson.put("id", app.teamsAppId());
                appJson.put("externalId", null);
                appJson.put("displayName", null);
                appJson.put("distributionMethod", "organization");
                json.put("teamsApp", appJson);
            }
            values.add(json);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("@odata.context", GraphObjects.BASE + "/$metadata#chats('" + chat.id() + "')/installedApps");
        body.put("@odata.count", values.size());
        body.put("value", values);
        return GraphResponse.json(200, body);
    }

    // --- chats -------------------------------------------------------------------------------------------------

    private GraphResponse createChat(GraphDispatcher.Call call) {
        call.caller().require(GraphAccess.CHATS_CREATE);
        call.query().allowOnly(List.of());
        Map<String, Object> body = requireBody(call, "microsoft.graph.chat", CHAT_BODY);
        if (!(body.get("chatType") instanceof String type) || type.isBlank()) {
            throw GraphError.badRequest(
                    "The chatType property is required. Allowed values are 'oneOnOne' and 'group'.");
        }
        String chatType;
        if (type.equalsIgnoreCase("group")) {
            chatType = "group";
        } else if (type.equalsIgnoreCase("oneOnOne")) {
            chatType = "oneOnOne";
        } else if (type.equalsIgnoreCase("meeting") || type.equalsIgnoreCase("unknownFutureValue")) {
            throw GraphError.badRequest("Creating a chat of type '" + type
                    + "' is not supported. Allowed values are 'oneOnOne' and 'group'.");
        } else {
            throw GraphError.badRequest(
                    "Cannot convert the literal '" + type + "' to the expected type 'microsoft.graph.chatType'.");
        }
        Object topic = body.get("topic");
        if (topic != null && !(topic instanceof String)) {
            throw GraphError.badRequest("Invalid value for property 'topic': a string is expected.");
        }
        if (chatType.equals("oneOnOne") && topic != null && !((String) topic).isBlank()) {
            throw GraphError.badRequest("Topic can only be set for group chats.");
        }
        if (!(body.get("members") instanceof List<?> rawMembers) || rawMembers.isEmpty()) {
            throw GraphError.badRequest("Members are required to create a chat.");
        }
        Instant now = now();
        List<SandboxChats.Member> members = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (Object raw : rawMembers) {
            if (!(raw instanceof Map<?, ?> map)) {
                throw GraphError.badRequest("Each member must be a JSON object.");
            }
            SandboxChats.Member member = member(call, stringKeys(map), "(chat)", now);
            if (!seen.add(member.userId().toLowerCase(Locale.ROOT))) {
                throw GraphError.badRequest(
                        "Duplicate members are not allowed: user '" + member.userId() + "' is listed twice.");
            }
            members.add(member);
        }
        boolean delegated = call.caller().delegated();
        if (delegated && !seen.contains(call.caller().objectId().toLowerCase(Locale.ROOT))) {
            throw GraphError.badRequest("The signed-in user must be one of the members of the chat.");
        }
        if (chatType.equals("oneOnOne") && members.size() != 2) {
            throw GraphError.badRequest(
                    "A oneOnOne chat must have exactly 2 members; the request has " + members.size() + ".");
        }
        int minimum = delegated ? 3 : 2;
        if (chatType.equals("group") && members.size() < minimum) {
            throw GraphError.badRequest("A group chat must have at least " + minimum + " members"
                    + (delegated ? "" : " when created with application permissions") + "; the request has "
                    + members.size() + ".");
        }
        SandboxChats.Chat chat = chatType.equals("group")
                ? chats.createGroup(call.tenant().id, (String) topic, members, now)
                : chats.createOneOnOne(call.tenant().id, members, now);
        return entity(201, GraphObjects.BASE + "/$metadata#chats/$entity", chatJson(chat));
    }

    /** GET /chats: the signed-in user's chats; not available with app-only tokens (they use /users/{id}/chats). */
    private GraphResponse listChats(GraphDispatcher.Call call) {
        if (!call.caller().delegated()) {
            call.caller().require(GraphAccess.CHATS_READ);
            throw new GraphError(403, "Forbidden", "Requested API is not supported in application-only context.");
        }
        call.caller().require(GraphAccess.CHATS_READ);
        call.query().allowOnly(List.of());
        List<Object> values = new ArrayList<>();
        for (SandboxChats.Chat chat :
                chats.chatsOf(call.tenant().id, call.caller().objectId())) {
            values.add(chatJson(chat));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("@odata.context", GraphObjects.BASE + "/$metadata#chats");
        body.put("@odata.count", values.size());
        body.put("value", values);
        return GraphResponse.json(200, body);
    }

    private GraphResponse getChat(GraphDispatcher.Call call, String chatId) {
        call.caller().require(GraphAccess.CHATS_READ);
        call.query().allowOnly(List.of());
        SandboxChats.Chat chat = readableChat(call, chatId);
        return entity(200, GraphObjects.BASE + "/$metadata#chats/$entity", chatJson(chat));
    }

    // --- members -----------------------------------------------------------------------------------------------

    private GraphResponse listMembers(GraphDispatcher.Call call, String chatId) {
        call.caller().require(GraphAccess.CHAT_MEMBERS_READ);
        call.query().allowOnly(List.of());
        SandboxChats.Chat chat = readableChat(call, chatId);
        List<Object> values = new ArrayList<>();
        for (SandboxChats.Member member : chats.members(chat)) {
            values.add(memberJson(member));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("@odata.context", GraphObjects.BASE + "/$metadata#chats('" + chat.id() + "')/members");
        body.put("@odata.count", values.size());
        body.put("value", values);
        return GraphResponse.json(200, body);
    }

    private GraphResponse addMember(GraphDispatcher.Call call, String chatId) {
        call.caller().require(GraphAccess.CHAT_MEMBERS_WRITE);
        call.query().allowOnly(List.of());
        SandboxChats.Chat chat = readableChat(call, chatId);
        Map<String, Object> body = requireBody(call, "microsoft.graph.conversationMember", MEMBER_BODY);
        if (chat.chatType().equals("oneOnOne")) {
            throw GraphError.badRequest("Members cannot be added to a oneOnOne chat.");
        }
        Instant now = now();
        SandboxChats.Member member = member(call, body, chat.id(), now);
        SandboxChats.Member added = chats.add(chat, member, now)
                .orElseThrow(() -> new GraphError(
                        409, "Conflict", "The user '" + member.userId() + "' is already a member of the chat."));
        return entity(
                201, GraphObjects.BASE + "/$metadata#chats('" + chat.id() + "')/members/$entity", memberJson(added));
    }

    /**
     * A member from its JSON: the type, roles ("owner" or "guest"; "guest" for guest users), the user
     * (by id or user principal name, in the caller's tenant) and the optional visible history start.
     */
    private SandboxChats.Member member(
            GraphDispatcher.Call call, Map<String, Object> json, String chatId, Instant now) {
        Object type = json.get("@odata.type");
        if (!(type instanceof String t) || !(t.equals(MEMBER_TYPE) || t.equals(MEMBER_TYPE.substring(1)))) {
            throw GraphError.badRequest("A member must be of type '" + MEMBER_TYPE + "'.");
        }
        for (String property : json.keySet()) {
            if (!MEMBER_BODY.contains(property) && !property.startsWith("@odata.")) {
                throw GraphError.badRequest(
                        "Property '" + property
                                + "' does not exist on type 'microsoft.graph.aadUserConversationMember'."
                                + " Make sure to only use property names that are defined by the type or mark the type as open type.");
            }
        }
        if (!(json.get("user@odata.bind") instanceof String bind)) {
            throw GraphError.badRequest("The member property 'user@odata.bind' is required.");
        }
        String key = ODataBind.userKey(bind)
                .orElseThrow(() -> GraphError.badRequest("Invalid value for 'user@odata.bind': '" + bind
                        + "'. Expected https://graph.microsoft.com/v1.0/users('{id}')."));
        DirectoryData.User user = GraphDispatcher.findUser(call.tenant(), key)
                .orElseThrow(() -> new GraphError(
                        404,
                        "NotFound",
                        "Could not find the user '" + key + "' in the tenant. Members must be users of the tenant "
                                + "or guests invited to it."));
        boolean guest = "Guest".equalsIgnoreCase(user.userType);
        List<String> roles = new ArrayList<>();
        if (json.get("roles") != null) {
            if (!(json.get("roles") instanceof List<?> list)) {
                throw GraphError.badRequest("Invalid value for property 'roles': an array of strings is expected.");
            }
            for (Object r : list) {
                if (!(r instanceof String role)
                        || !(role.equalsIgnoreCase("owner") || role.equalsIgnoreCase("guest"))) {
                    throw GraphError.badRequest(
                            "Invalid member role '" + r + "'. Allowed values are 'owner' and 'guest'.");
                }
                roles.add(role.toLowerCase(Locale.ROOT));
            }
        }
        if (guest) {
            // Teams gives guests the guest role whatever the request says.
            roles = new ArrayList<>(List.of("guest"));
        } else {
            roles.remove("guest");
            if (roles.isEmpty()) {
                roles.add("owner");
            }
        }
        Instant visible = null;
        if (json.get("visibleHistoryStartDateTime") != null) {
            if (!(json.get("visibleHistoryStartDateTime") instanceof String v)) {
                throw GraphError.badRequest("Invalid value for property 'visibleHistoryStartDateTime'.");
            }
            visible = instant(v, "visibleHistoryStartDateTime");
        }
        return new SandboxChats.Member(
                SandboxChats.memberId(chatId, user.id),
                user.id,
                user.displayName,
                user.mail,
                call.tenant().id,
                List.copyOf(roles),
                visible);
    }

    // --- messages ----------------------------------------------------------------------------------------------

    /**
     * GET /chats/{id}/messages (chat-list-messages): newest first, as Graph lists them by default; {@code $top} 1 to
     * 50 (default 20); while older messages remain, an {@code @odata.nextLink} with the same query and a {@code
     * $skiptoken} that continues below the page's oldest message (a token of another chat, query or tenant is 400).
     */
    private GraphResponse listMessages(GraphDispatcher.Call call, String chatId) {
        call.caller().require(GraphAccess.CHAT_MESSAGES_READ);
        ODataQuery q = call.query().allowOnly(List.of("$top", "$skiptoken"));
        int top = q.top(DEFAULT_MESSAGES_PAGE, MAX_MESSAGES_PAGE);
        SandboxChats.Chat chat = readableChat(call, chatId);
        String fingerprint =
                StateTokens.fingerprint("messages", chat.id().toLowerCase(Locale.ROOT), Integer.toString(top));
        Long before = null;
        if (q.option("$skiptoken").isPresent()) {
            before = tokens.readBefore(q.option("$skiptoken").get(), call.tenant().id, fingerprint)
                    .map(StateTokens.Before::id)
                    .orElseThrow(() -> GraphError.badRequest("The $skiptoken is not valid for this request."));
        }
        List<SandboxChats.Message> page = chats.messages(chat, top + 1, before);
        boolean more = page.size() > top;
        if (more) {
            page = page.subList(0, top);
        }
        List<Object> values = new ArrayList<>();
        for (SandboxChats.Message message : page) {
            values.add(messageJson(message));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("@odata.context", GraphObjects.BASE + "/$metadata#chats('" + chat.id() + "')/messages");
        body.put("@odata.count", values.size());
        if (more) {
            String rest = q.rawWithout("$skiptoken");
            String token = tokens.before(new StateTokens.Before(
                    call.tenant().id,
                    fingerprint,
                    Long.parseLong(page.get(page.size() - 1).id())));
            body.put(
                    "@odata.nextLink",
                    GraphObjects.BASE + "/" + call.rawPath() + "?" + (rest.isEmpty() ? "" : rest + "&") + "$skiptoken="
                            + token);
        }
        body.put("value", values);
        return GraphResponse.json(200, body);
    }

    /** GET /chats/{id}/messages/{messageId} (chat-message-get): 404 NotFound for an id the chat does not have. */
    private GraphResponse getMessage(GraphDispatcher.Call call, String chatId, String messageId) {
        call.caller().require(GraphAccess.CHAT_MESSAGES_READ);
        call.query().allowOnly(List.of());
        SandboxChats.Chat chat = readableChat(call, chatId);
        SandboxChats.Message message = chats.message(chat, messageId)
                .orElseThrow(() -> new GraphError(404, "NotFound", "Message '" + messageId + "' was not found."));
        return GraphResponse.json(200, messageEntity(message));
    }

    private GraphResponse sendMessage(GraphDispatcher.Call call, String chatId) {
        if (!call.caller().delegated()) {
            throw new GraphError(
                    403,
                    "Forbidden",
                    "Message POST is allowed in application-only context only for import purposes. "
                            + "Refer to https://docs.microsoft.com/microsoftteams/platform/graph-api/import-messages/import-external-messages-to-teams "
                            + "for more details.");
        }
        call.caller().require(GraphAccess.CHAT_MESSAGES_SEND);
        call.query().allowOnly(List.of());
        SandboxChats.Chat chat = readableChat(call, chatId);
        Map<String, Object> body = requireBody(call, "microsoft.graph.chatMessage", MESSAGE_BODY);
        if (!(body.get("body") instanceof Map<?, ?> itemBody)) {
            throw GraphError.badRequest("Missing the message body.");
        }
        Object content = itemBody.get("content");
        if (!(content instanceof String text) || text.isBlank()) {
            throw GraphError.badRequest("Missing body content.");
        }
        String contentType = "text";
        if (itemBody.get("contentType") != null) {
            if (!(itemBody.get("contentType") instanceof String ct)
                    || !(ct.equalsIgnoreCase("text") || ct.equalsIgnoreCase("html"))) {
                throw GraphError.badRequest("Cannot convert the literal '" + itemBody.get("contentType")
                        + "' to the expected type 'microsoft.graph.bodyType'.");
            }
            contentType = ct.toLowerCase(Locale.ROOT);
        }
        DirectoryData.User sender = GraphDispatcher.findUser(
                        call.tenant(), call.caller().objectId())
                .orElseThrow(() -> GraphError.notFound(call.caller().objectId()));
        GraphError throttled = faults.admitChatMessage(call.caller().throttleKey(), chat.id());
        if (throttled != null) {
            throw throttled;
        }
        SandboxChats.Message message = chats.post(chat, sender.id, sender.displayName, contentType, text, now());
        if (subscriptions != null) {
            subscriptions.changed(chat.tenantId(), chat.id(), message.id(), "created", now());
        }
        return GraphResponse.json(201, messageEntity(message));
    }

    // --- online meetings ---------------------------------------------------------------------------------------

    /**
     * POST /users/{id}/onlineMeetings (https://learn.microsoft.com/graph/api/application-post-onlinemeetings). With a
     * delegated token, the signed-in user's own meetings only (another user's id is 403). With an app-only token
     * (OnlineMeetings.ReadWrite.All) Graph also wants an application access policy granted to that user
     * (https://learn.microsoft.com/graph/cloud-communication-online-meeting-application-access-policy); the stand-in has
     * none, so it answers 403 as Graph does without one.
     */
    GraphResponse createMeetingFor(GraphDispatcher.Call call, String userKey) {
        call.caller().require(GraphAccess.ONLINE_MEETINGS_WRITE);
        DirectoryData.User user =
                GraphDispatcher.findUser(call.tenant(), userKey).orElseThrow(() -> GraphError.notFound(userKey));
        if (!call.caller().delegated()) {
            throw new GraphError(
                    403,
                    "Forbidden",
                    "Application is not allowed to perform operations on the user '" + user.id
                            + "', neither is allowed access through RSC permission evaluation.");
        }
        if (!user.id.equalsIgnoreCase(call.caller().objectId())) {
            throw new GraphError(
                    403, "Forbidden", "A delegated caller may create online meetings only for the signed-in user.");
        }
        return createMeetingAs(call);
    }

    /** POST /me/onlineMeetings: delegated only (with an app-only token Graph wants /users/{id}/onlineMeetings). */
    GraphResponse createMeeting(GraphDispatcher.Call call) {
        call.caller().require(GraphAccess.ONLINE_MEETINGS_WRITE);
        if (!call.caller().delegated()) {
            throw GraphError.badRequest("/me request is only valid with delegated authentication flow.");
        }
        return createMeetingAs(call);
    }

    private GraphResponse createMeetingAs(GraphDispatcher.Call call) {
        call.query().allowOnly(List.of());
        Map<String, Object> body =
                call.body() == null ? Map.of() : requireBody(call, "microsoft.graph.onlineMeeting", MEETING_BODY);
        Instant now = now();
        Instant start =
                body.get("startDateTime") == null ? now : instant(string(body, "startDateTime"), "startDateTime");
        Instant end = body.get("endDateTime") == null
                ? start.plus(1, ChronoUnit.HOURS)
                : instant(string(body, "endDateTime"), "endDateTime");
        if (end.isBefore(start)) {
            throw GraphError.badRequest("The endDateTime of the meeting must be after its startDateTime.");
        }
        String subject = body.get("subject") == null ? null : string(body, "subject");
        DirectoryData.User organizer = GraphDispatcher.findUser(
                        call.tenant(), call.caller().objectId())
                .orElseThrow(() -> GraphError.notFound(call.caller().objectId()));
        SandboxChats.Meeting meeting = chats.createMeeting(
                call.tenant().id,
                organizer.id,
                organizer.userPrincipalName,
                organizer.displayName,
                subject,
                start,
                end,
                now);
        return entity(
                201,
                GraphObjects.BASE + "/$metadata#users('" + organizer.id + "')/onlineMeetings/$entity",
                meetingJson(meeting));
    }

    // --- JSON ----------------------------------------------------------------------------------------------------

    static Map<String, Object> chatJson(SandboxChats.Chat chat) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", chat.id());
        json.put("topic", chat.topic());
        json.put("createdDateTime", time(chat.created()));
        json.put("lastUpdatedDateTime", time(chat.lastUpdated()));
        json.put("chatType", chat.chatType());
        json.put("webUrl", "https://teams.microsoft.com/l/chat/" + enc(chat.id()) + "/0?tenantId=" + chat.tenantId());
        json.put("tenantId", chat.tenantId());
        json.put("onlineMeetingInfo", null);
        json.put("viewpoint", null);
        return json;
    }

    static Map<String, Object> memberJson(SandboxChats.Member member) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("@odata.type", MEMBER_TYPE);
        json.put("id", member.id());
        json.put("roles", member.roles());
        json.put("displayName", member.displayName());
        json.put(
                "visibleHistoryStartDateTime",
                member.visibleHistoryStart() == null ? ALL_HISTORY : time(member.visibleHistoryStart()));
        json.put("userId", member.userId());
        json.put("email", member.email());
        json.put("tenantId", member.tenantId());
        return json;
    }

    /**
     * A message as GET /chats/{id}/messages/{messageId} answers it: its JSON with the entity's {@code @odata.context}.
     * Also the content of a change notification with resource data (SandboxSubscriptions).
     */
    static Map<String, Object> messageEntity(SandboxChats.Message message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("@odata.context", GraphObjects.BASE + "/$metadata#chats('" + message.chatId() + "')/messages/$entity");
        body.putAll(messageJson(message));
        return body;
    }

    static Map<String, Object> messageJson(SandboxChats.Message message) {
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("@odata.type", "#microsoft.graph.teamworkUserIdentity");
        user.put("id", message.fromUserId());
        user.put("displayName", message.fromDisplayName());
        user.put("userIdentityType", "aadUser");
        user.put("tenantId", message.tenantId());
        Map<String, Object> from = new LinkedHashMap<>();
        from.put("application", null);
        from.put("device", null);
        from.put("user", user);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("contentType", message.contentType());
        body.put("content", message.content());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", message.id());
        json.put("replyToId", null);
        json.put("etag", message.id());
        json.put("messageType", "message");
        json.put("createdDateTime", time(message.created()));
        json.put("lastModifiedDateTime", time(message.created()));
        json.put("lastEditedDateTime", null);
        json.put("deletedDateTime", null);
        json.put("subject", null);
        json.put("summary", null);
        json.put("chatId", message.chatId());
        json.put("importance", "normal");
        json.put("locale", "en-us");
        json.put("webUrl", null);
        json.put("channelIdentity", null);
        json.put("from", from);
        json.put("body", body);
        json.put("attachments", List.of());
        json.put("mentions", List.of());
        json.put("reactions", List.of());
        return json;
    }

    static Map<String, Object> meetingJson(SandboxChats.Meeting meeting) {
        String context = "{\"Tid\":\"" + meeting.tenantId() + "\",\"Oid\":\"" + meeting.organizerId() + "\"}";
        String joinWebUrl =
                "https://teams.microsoft.com/l/meetup-join/" + enc(meeting.threadId()) + "/0?context=" + enc(context);
        Map<String, Object> identityUser = new LinkedHashMap<>();
        identityUser.put("id", meeting.organizerId());
        identityUser.put("displayName", null);
        identityUser.put("tenantId", meeting.tenantId());
        identityUser.put("identityProvider", "AAD");
        Map<String, Object> organizer = new LinkedHashMap<>();
        organizer.put("upn", meeting.organizerUpn());
        organizer.put("role", "presenter");
        organizer.put("identity", Map.of("user", identityUser));
        Map<String, Object> participants = new LinkedHashMap<>();
        participants.put("organizer", organizer);
        participants.put("attendees", List.of());
        Map<String, Object> chatInfo = new LinkedHashMap<>();
        chatInfo.put("threadId", meeting.threadId());
        chatInfo.put("messageId", "0");
        chatInfo.put("replyChainMessageId", null);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", meeting.id());
        json.put("creationDateTime", time(meeting.created()));
        json.put("startDateTime", time(meeting.start()));
        json.put("endDateTime", time(meeting.end()));
        json.put("joinUrl", joinWebUrl);
        json.put("joinWebUrl", joinWebUrl);
        json.put("subject", meeting.subject());
        json.put("isEntryExitAnnounced", true);
        json.put("allowedPresenters", "everyone");
        json.put("videoTeleconferenceId", null);
        json.put("externalId", null);
        json.put("participants", participants);
        json.put("chatInfo", chatInfo);
        return json;
    }

    // --- helpers -----------------------------------------------------------------------------------------------

    /** The chat, if it exists in the caller's tenant; a delegated caller must be a member (else 403, as Teams answers). */
    private SandboxChats.Chat readableChat(GraphDispatcher.Call call, String chatId) {
        SandboxChats.Chat chat = chats.chat(call.tenant().id, chatId)
                .orElseThrow(() -> new GraphError(404, "NotFound", "No chat found with the id '" + chatId + "'."));
        if (call.caller().delegated() && !chats.hasMember(chat, call.caller().objectId())) {
            throw new GraphError(403, "Forbidden", "Forbidden. The signed-in user is not a member of the chat.");
        }
        return chat;
    }

    private static Map<String, Object> requireBody(GraphDispatcher.Call call, String type, List<String> properties) {
        if (call.body() == null) {
            throw GraphError.badRequest("Empty Payload. JSON content expected.");
        }
        for (String property : call.body().keySet()) {
            if (!properties.contains(property) && !property.startsWith("@odata.")) {
                throw GraphError.badRequest(
                        "Property '" + property + "' does not exist on type '" + type
                                + "'. Make sure to only use property names that are defined by the type or mark the type as open type.");
            }
        }
        return call.body();
    }

    private static Map<String, Object> stringKeys(Map<?, ?> map) {
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    private static String string(Map<String, Object> body, String property) {
        if (!(body.get(property) instanceof String value)) {
            throw GraphError.badRequest("Invalid value for property '" + property + "': a string is expected.");
        }
        return value;
    }

    /** An ISO 8601 date and time with an offset (Graph's DateTimeOffset). */
    static Instant instant(String value, String property) {
        try {
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(value, Instant::from);
        } catch (DateTimeParseException e) {
            throw GraphError.badRequest("Cannot convert the literal '" + value
                    + "' to the expected type 'Edm.DateTimeOffset' (property '" + property + "').");
        }
    }

    static String time(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }

    private Instant now() {
        return clock.get();
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static GraphResponse entity(int status, String context, Map<String, Object> json) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("@odata.context", context);
        body.putAll(json);
        return GraphResponse.json(status, body);
    }
}
