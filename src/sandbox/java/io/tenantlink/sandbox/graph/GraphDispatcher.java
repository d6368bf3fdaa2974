package io.tenantlink.sandbox.graph;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.tenantlink.sandbox.AppRoleAssignmentRow;
import io.tenantlink.sandbox.ConsentStore;
import io.tenantlink.sandbox.GraphPermissions;
import io.tenantlink.sandbox.PermissionGrantRow;
import io.tenantlink.sandbox.SandboxKeys;
import io.tenantlink.sandbox.ServicePrincipalRow;
import io.tenantlink.sandbox.directory.DirectoryData;
import io.tenantlink.sandbox.directory.SandboxDirectory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The Microsoft Graph v1.0 stand-in. One entry point, {@link #serve}, takes what an HTTP request to
 * {@code https://graph.microsoft.com/v1.0/...} carries (method, path and query, body, headers) and
 * gives Graph's answer; {@code $batch} runs each of its requests through the same operation path
 * ({@link #operation}) that a direct request takes, with its own throttling and faults.
 *
 * <p>Served: GET /me, GET /users, GET /users/{id | userPrincipalName}, GET /users/delta,
 * GET /groups/{id}, GET /groups/{id}/transitiveMembers, GET /organization and /organization/{id},
 * GET and POST /servicePrincipals, GET /servicePrincipals/{id} (and (appId='...'); an app-only caller may read its own
 * without permissions), GET and POST /servicePrincipals/{id}/appRoleAssignedTo,
 * DELETE /servicePrincipals/{id}/appRoleAssignedTo/{assignmentId},
 * GET and POST /oauth2PermissionGrants, GET, PATCH and DELETE /oauth2PermissionGrants/{id}, POST /$batch;
 * GET /applications, /applications/{id} and (appId='...') in the publisher tenant ({@link GraphApplicationEndpoints});
 * GET and POST /chats, GET /chats/{id}, GET and POST /chats/{id}/members and /chats/{id}/messages,
 * GET and POST /chats/{id}/installedApps, POST /me/onlineMeetings and /users/{id}/onlineMeetings
 * ({@link GraphChatEndpoints}; kept in the stand-in's database by {@link SandboxChats}); GET /users/delta reads the
 * users the database keeps ({@link io.tenantlink.sandbox.directory.DirectoryUsers}).
 * Service principals, grants and assignments are the rows {@link ConsentStore} keeps, the same ones
 * the sandbox's consent pages write.
 */
@ApplicationScoped
public class GraphDispatcher {

    private static final Logger LOG = Logger.getLogger(GraphDispatcher.class.getName());

    static final int MAX_BATCH = 20;
    static final int DEFAULT_PAGE = 100;
    static final int MAX_PAGE = 999;
    static final int DEFAULT_DELTA_PAGE = 100;

    static final ODataFilter.Schema USER_FILTER = new ODataFilter.Schema("User")
            .property("id", ODataFilter.Op.EQ, ODataFilter.Op.IN)
            .property("mail", ODataFilter.Op.EQ, ODataFilter.Op.IN, ODataFilter.Op.STARTSWITH)
            .property("userPrincipalName", ODataFilter.Op.EQ, ODataFilter.Op.IN, ODataFilter.Op.STARTSWITH)
            .property("displayName", ODataFilter.Op.EQ, ODataFilter.Op.IN, ODataFilter.Op.STARTSWITH)
            .property("givenName", ODataFilter.Op.EQ, ODataFilter.Op.IN, ODataFilter.Op.STARTSWITH)
            .property("surname", ODataFilter.Op.EQ, ODataFilter.Op.IN, ODataFilter.Op.STARTSWITH)
            .property("jobTitle", ODataFilter.Op.EQ, ODataFilter.Op.IN, ODataFilter.Op.STARTSWITH)
            .property("userType", ODataFilter.Op.EQ, ODataFilter.Op.IN);

    static final ODataFilter.Schema SERVICE_PRINCIPAL_FILTER = new ODataFilter.Schema("ServicePrincipal")
            .property("id", ODataFilter.Op.EQ, ODataFilter.Op.IN)
            .property("appId", ODataFilter.Op.EQ, ODataFilter.Op.IN)
            .property("displayName", ODataFilter.Op.EQ, ODataFilter.Op.IN, ODataFilter.Op.STARTSWITH)
            .property("servicePrincipalType", ODataFilter.Op.EQ);

    static final ODataFilter.Schema GRANT_FILTER = new ODataFilter.Schema("OAuth2PermissionGrant")
            .property("id", ODataFilter.Op.EQ)
            .property("clientId", ODataFilter.Op.EQ, ODataFilter.Op.IN)
            .property("consentType", ODataFilter.Op.EQ)
            .property("principalId", ODataFilter.Op.EQ, ODataFilter.Op.IN)
            .property("resourceId", ODataFilter.Op.EQ, ODataFilter.Op.IN);

    /**
     * Graph v1.0 entity sets and singletons (lower case): a request under one of them that the sandbox
     * does not serve is 501 NotImplemented, not "segment not found", so nobody mistakes it for a typo.
     */
    private static final Set<String> GRAPH_ROOTS = Set.of(
            "me",
            "users",
            "groups",
            "serviceprincipals",
            "oauth2permissiongrants",
            "applications",
            "chats",
            "teams",
            "teamwork",
            "appcatalogs",
            "organization",
            "directoryobjects",
            "directoryroles",
            "directoryroletemplates",
            "domains",
            "sites",
            "drives",
            "communications",
            "subscriptions",
            "identity",
            "policies",
            "devices",
            "contacts",
            "places",
            "planner",
            "solutions",
            "security",
            "reports",
            "admin",
            "auditlogs",
            "invitations",
            "education",
            "search",
            "external",
            "print",
            "rolemanagement",
            "identitygovernance",
            "devicemanagement",
            "shares",
            "agreements",
            "connections",
            "groupsettings",
            "storage",
            "tenantrelationships",
            "employeeexperience",
            "schemaextensions");

    private static final Set<String> DELTA_SEGMENTS =
            Set.of("delta", "delta()", "microsoft.graph.delta", "microsoft.graph.delta()");

    @Inject
    SandboxDirectory directory;

    @Inject
    ConsentStore consent;

    @Inject
    SandboxKeys keys;

    @Inject
    SandboxGraphFaults faults;

    @Inject
    SandboxChats chats;

    /** Change notification subscriptions and their delivery (null in unit tests that do not serve them). */
    @Inject
    SandboxSubscriptions subscriptions;

    @Inject
    io.tenantlink.sandbox.directory.DirectoryUsers directoryUsers;

    /** The transaction a $batch's requests share (null in unit tests without a container: each write on its own). */
    @Inject
    BatchTransaction transactions;

    StateTokens tokens = StateTokens.random();

    Supplier<Instant> clock = Instant::now;

    /** What one request asks, once authenticated and parsed. */
    record Call(
            GraphCaller caller,
            DirectoryData.Tenant tenant,
            String method,
            String rawPath,
            List<String> segments,
            ODataQuery query,
            Map<String, Object> body,
            Map<String, String> headers) {

        String segment(int i) {
            return segments.get(i).toLowerCase(Locale.ROOT);
        }
    }

    // --- entry points ------------------------------------------------------------------------------------------

    /**
     * One HTTP request to Graph v1.0. {@code pathAndQuery} is relative to /v1.0 ("/users?$top=2"), raw
     * (percent-encoded) as on the wire; {@code headers} are matched case-insensitively.
     */
    public GraphResponse serve(String method, String pathAndQuery, String body, Map<String, String> headers) {
        Map<String, String> h = caseInsensitive(headers);
        String requestId = UUID.randomUUID().toString();
        String clientRequestId = Optional.ofNullable(h.get("client-request-id"))
                .filter(v -> !v.isBlank())
                .orElse(requestId);
        GraphResponse response;
        try {
            GraphCaller caller = GraphTokenVerifier.verify(
                    h.get("Authorization"),
                    keys.publicKeys(),
                    tid -> directory.tenant(tid).isPresent(),
                    clock.get());
            String path = pathOf(pathAndQuery);
            if (path.equalsIgnoreCase("$batch")) {
                response = batch(caller, method, body, requestId, clientRequestId);
            } else {
                response =
                        operation(caller, method, pathAndQuery, parseBody(method, body), h, requestId, clientRequestId);
            }
        } catch (GraphError e) {
            response = GraphResponse.error(e, requestId, clientRequestId);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Graph sandbox failed on " + method + " " + pathAndQuery, e);
            response = GraphResponse.error(
                    new GraphError(500, "generalException", "An unspecified error has occurred."),
                    requestId,
                    clientRequestId);
        }
        response.headers().put("request-id", requestId);
        response.headers().put("client-request-id", clientRequestId);
        return response;
    }

    /** One Graph operation (a direct request, or one request of a batch): throttling and faults, then the endpoint. */
    GraphResponse operation(
            GraphCaller caller,
            String method,
            String pathAndQuery,
            Map<String, Object> body,
            Map<String, String> headers,
            String requestId,
            String clientRequestId) {
        GraphError fault = admit(caller, method);
        if (fault != null) {
            return GraphResponse.error(fault, requestId, clientRequestId);
        }
        try {
            return execute(caller, method, pathAndQuery, body, headers, requestId, clientRequestId);
        } catch (RuntimeException e) {
            return unexpected(method, pathAndQuery, e, requestId, clientRequestId);
        }
    }

    /** Throttling and injected faults for one operation: the error it is answered with, or null when it may run. */
    private GraphError admit(GraphCaller caller, String method) {
        return faults.admit(caller.throttleKey(), !"GET".equalsIgnoreCase(method));
    }

    /** One admitted operation: Graph's answer, its errors included; anything else (a bug, the database) is thrown. */
    private GraphResponse execute(
            GraphCaller caller,
            String method,
            String pathAndQuery,
            Map<String, Object> body,
            Map<String, String> headers,
            String requestId,
            String clientRequestId) {
        try {
            String rawPath = pathOf(pathAndQuery);
            int q = pathAndQuery.indexOf('?');
            ODataQuery query = ODataQuery.parse(q < 0 ? null : pathAndQuery.substring(q + 1));
            DirectoryData.Tenant tenant = directory
                    .tenant(caller.tenantId())
                    .orElseThrow(() -> GraphError.unauthenticated("Access token validation failure. Invalid issuer."));
            Call call = new Call(
                    caller,
                    tenant,
                    method.toUpperCase(Locale.ROOT),
                    rawPath,
                    segments(rawPath),
                    query,
                    body,
                    caseInsensitive(headers));
            return route(call);
        } catch (GraphError e) {
            return GraphResponse.error(e, requestId, clientRequestId);
        }
    }

    private static GraphResponse unexpected(
            String method, String pathAndQuery, RuntimeException e, String requestId, String clientRequestId) {
        LOG.log(Level.SEVERE, "Graph sandbox failed on " + method + " " + pathAndQuery, e);
        return GraphResponse.error(
                new GraphError(500, "generalException", "An unspecified error has occurred."),
                requestId,
                clientRequestId);
    }

    private GraphResponse route(Call call) {
        List<String> s = call.segments();
        if (s.isEmpty()) {
            throw GraphError.segmentNotFound("v1.0");
        }
        String first = call.segment(0);
        if (first.startsWith("serviceprincipals(")) {
            return servicePrincipalByAlternateKey(call, s.get(0));
        }
        if (first.startsWith("applications(")) {
            return new GraphApplicationEndpoints(directory, this).byAlternateKey(call, s.get(0));
        }
        switch (first) {
            case "me" -> {
                if (s.size() == 2
                        && call.segment(1).equals("onlinemeetings")
                        && call.method().equals("POST")) {
                    return chatEndpoints().createMeeting(call);
                }
                if (s.size() > 1) {
                    throw GraphError.notServed();
                }
                return only(call, "GET", () -> me(call));
            }
            case "chats" -> {
                return chatEndpoints().route(call);
            }
            case "applications" -> {
                return new GraphApplicationEndpoints(directory, this).route(call);
            }
            case "subscriptions" -> {
                if (subscriptions == null) {
                    throw GraphError.notServed();
                }
                return new GraphSubscriptionEndpoints(subscriptions, chats, clock).route(call);
            }
            case "users" -> {
                if (s.size() == 1) {
                    return only(call, "GET", () -> listUsers(call));
                }
                if (s.size() == 2 && DELTA_SEGMENTS.contains(call.segment(1))) {
                    return only(call, "GET", () -> usersDelta(call));
                }
                if (s.size() == 2 && call.segment(1).equals("$count")) {
                    return only(call, "GET", () -> countUsers(call));
                }
                if (s.size() == 2) {
                    return only(call, "GET", () -> getUser(call, s.get(1)));
                }
                if (s.size() == 3 && call.segment(2).equals("onlinemeetings")) {
                    return only(call, "POST", () -> chatEndpoints().createMeetingFor(call, s.get(1)));
                }
                throw GraphError.notServed();
            }
            case "groups" -> {
                if (s.size() == 2) {
                    return only(call, "GET", () -> getGroup(call, s.get(1)));
                }
                if (s.size() == 3 && call.segment(2).equals("transitivemembers")) {
                    return only(call, "GET", () -> transitiveMembers(call, s.get(1)));
                }
                throw GraphError.notServed();
            }
            case "organization" -> {
                if (s.size() == 1) {
                    return only(call, "GET", () -> listOrganization(call));
                }
                if (s.size() == 2) {
                    return switch (call.method()) {
                        case "GET" -> getOrganization(call, s.get(1));
                        case "PATCH" ->
                            throw GraphError.notServed(); // organization-update: Graph has it, the sandbox does not
                        default -> throw GraphError.methodNotAllowed();
                    };
                }
                throw GraphError.notServed();
            }
            case "serviceprincipals" -> {
                if (s.size() == 1) {
                    return switch (call.method()) {
                        case "GET" -> listServicePrincipals(call);
                        case "POST" -> createServicePrincipal(call);
                        default -> throw GraphError.methodNotAllowed();
                    };
                }
                if (s.size() == 2) {
                    return only(call, "GET", () -> getServicePrincipal(call, s.get(1)));
                }
                if (s.size() == 3 && call.segment(2).equals("approleassignments")) {
                    return only(call, "GET", () -> listAssignmentsOf(call, s.get(1)));
                }
                if (s.size() == 3 && call.segment(2).equals("approleassignedto")) {
                    return switch (call.method()) {
                        case "GET" -> listAssignedTo(call, s.get(1));
                        case "POST" -> createAssignedTo(call, s.get(1));
                        default -> throw GraphError.methodNotAllowed();
                    };
                }
                if (s.size() == 4 && call.segment(2).equals("approleassignedto")) {
                    return switch (call.method()) {
                        case "DELETE" -> deleteAssignedTo(call, s.get(1), s.get(3));
                        case "GET" -> throw GraphError.notServed();
                        default -> throw GraphError.methodNotAllowed();
                    };
                }
                throw GraphError.notServed();
            }
            case "oauth2permissiongrants" -> {
                if (s.size() == 1) {
                    return switch (call.method()) {
                        case "GET" -> listGrants(call);
                        case "POST" -> createGrant(call);
                        default -> throw GraphError.methodNotAllowed();
                    };
                }
                if (s.size() == 2) {
                    return switch (call.method()) {
                        case "GET" -> getGrant(call, s.get(1));
                        case "PATCH" -> updateGrant(call, s.get(1));
                        case "DELETE" -> deleteGrant(call, s.get(1));
                        default -> throw GraphError.methodNotAllowed();
                    };
                }
                throw GraphError.notServed();
            }
            case "$batch" -> throw GraphError.badRequest("A batch request cannot contain another batch request.");
            default ->
                throw GRAPH_ROOTS.contains(first) ? GraphError.notServed() : GraphError.segmentNotFound(s.get(0));
        }
    }

    private GraphChatEndpoints chatEndpoints() {
        return new GraphChatEndpoints(chats, faults, clock, tokens, subscriptions);
    }

    private static GraphResponse only(Call call, String method, Supplier<GraphResponse> handler) {
        if (!call.method().equals(method)) {
            throw GraphError.methodNotAllowed();
        }
        return handler.get();
    }

    // --- users -------------------------------------------------------------------------------------------------

    private GraphResponse me(Call call) {
        if (!call.caller().delegated()) {
            throw GraphError.badRequest("/me request is only valid with delegated authentication flow.");
        }
        call.caller().require(GraphAccess.ME);
        call.query().allowOnly(List.of("$select"));
        List<String> select = call.query().select(GraphObjects.USER_PROPERTIES, "microsoft.graph.user");
        DirectoryData.User user = findUser(call.tenant(), call.caller().objectId())
                .orElseThrow(() -> GraphError.notFound(call.caller().objectId()));
        return entity(context("users", select) + "/$entity", GraphObjects.user(user, select));
    }

    private GraphResponse getUser(Call call, String idOrUpn) {
        Optional<DirectoryData.User> user = findUser(call.tenant(), idOrUpn);
        boolean self = call.caller().delegated()
                && user.isPresent()
                && user.get().id.equalsIgnoreCase(call.caller().objectId());
        // With User.Read alone, a signed-in user may read their own user object and no other.
        call.caller().require(self ? GraphAccess.ME : GraphAccess.USERS_READ);
        call.query().allowOnly(List.of("$select"));
        List<String> select = call.query().select(GraphObjects.USER_PROPERTIES, "microsoft.graph.user");
        return entity(
                context("users", select) + "/$entity",
                GraphObjects.user(user.orElseThrow(() -> GraphError.notFound(idOrUpn)), select));
    }

    private GraphResponse listUsers(Call call) {
        call.caller().require(GraphAccess.USERS_READ);
        ODataQuery q = call.query().allowOnly(List.of("$select", "$filter", "$top", "$skiptoken", "$count"));
        boolean count = countAsked(call);
        List<String> select = q.select(GraphObjects.USER_PROPERTIES, "microsoft.graph.user");
        List<Map<String, Object>> items = new ArrayList<>();
        for (DirectoryData.User user : matchingUsers(call)) {
            items.add(GraphObjects.user(user, select));
        }
        int top = q.top(DEFAULT_PAGE, MAX_PAGE);
        GraphResponse page = page(call, context("users", select), items, top);
        if (count) {
            // @odata.count comes before the value, as Graph orders it.
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("@odata.context", page.body().remove("@odata.context"));
            body.put("@odata.count", items.size());
            body.putAll(page.body());
            return GraphResponse.json(200, body);
        }
        return page;
    }

    private List<DirectoryData.User> matchingUsers(Call call) {
        Optional<ODataFilter.Expr> filter = call.query().option("$filter").map(f -> ODataFilter.parse(f, USER_FILTER));
        List<DirectoryData.User> users = new ArrayList<>();
        for (DirectoryData.User user : call.tenant().users) {
            if (filter.isEmpty() || filter.get().test(p -> GraphObjects.userValue(user, p))) {
                users.add(user);
            }
        }
        return users;
    }

    /**
     * ?$count=true on a directory collection: counted only with ConsistencyLevel: eventual; without that header Graph
     * silently ignores it (aad-advanced-queries, "Error handling for advanced queries"). true/false only.
     */
    private static boolean countAsked(Call call) {
        Optional<String> count = call.query().option("$count");
        if (count.isEmpty()) {
            return false;
        }
        String value = count.get().trim().toLowerCase(Locale.ROOT);
        if (!value.equals("true") && !value.equals("false")) {
            throw GraphError.badRequest("Invalid value '" + count.get()
                    + "' for $count query option found. Valid values are 'true' and 'false'.");
        }
        return value.equals("true") && eventual(call);
    }

    private static boolean eventual(Call call) {
        String level = call.headers().get("consistencylevel");
        return level != null && level.trim().equalsIgnoreCase("eventual");
    }

    /**
     * GET /users/$count: the number as text/plain, with ConsistencyLevel: eventual only; without it Graph refuses the
     * $count segment (aad-advanced-queries).
     */
    private GraphResponse countUsers(Call call) {
        call.caller().require(GraphAccess.USERS_READ);
        call.query().allowOnly(List.of("$filter"));
        if (!eventual(call)) {
            throw new GraphError(400, "Request_BadRequest", "$count is not currently supported.");
        }
        return GraphResponse.text(200, Integer.toString(matchingUsers(call).size()));
    }

    /**
     * users: delta (https://learn.microsoft.com/graph/api/user-delta), from the stand-in's database
     * ({@link io.tenantlink.sandbox.directory.DirectoryUsers}): the first round pages through every user of the tenant
     * in change order (@odata.nextLink with $skiptoken), then gives a @odata.deltaLink whose $deltatoken carries the
     * newest change number; following it gives only the users changed since (a removed one as {"id", "@removed"}),
     * paged the same way. $deltatoken=latest starts from now. A token the stand-in did not issue (or issued before a
     * restart or reset), another tenant's, or one older than seven days is 410 Gone: resync from scratch. Each page is
     * one range query of at most the page size plus one rows.
     */
    private GraphResponse usersDelta(Call call) {
        call.caller().require(GraphAccess.USERS_DELTA);
        ODataQuery q = call.query().allowOnly(List.of("$select", "$skiptoken", "$deltatoken"));
        String tenantId = call.tenant().id;
        Instant now = clock.get();
        Optional<String> deltaToken = q.option("$deltatoken");
        Optional<String> skipToken = q.option("$skiptoken");
        StateTokens.Changes round;
        if (deltaToken.isPresent()) {
            if (deltaToken.get().equalsIgnoreCase("latest")) {
                String select = String.join(",", q.select(GraphObjects.USER_PROPERTIES, "microsoft.graph.user"));
                long latest = directoryUsers.latest(tenantId);
                return deltaPage(List.of(), null, new StateTokens.Changes(tenantId, select, latest, latest, true, now));
            }
            StateTokens.Changes state = tokens.readChanges(deltaToken.get(), tenantId, true, now)
                    .filter(c -> c.after() >= directoryUsers.generationStart())
                    .orElseThrow(GraphDispatcher::resync);
            String select = q.has("$select")
                    ? String.join(",", q.select(GraphObjects.USER_PROPERTIES, "microsoft.graph.user"))
                    : state.select();
            round = new StateTokens.Changes(
                    tenantId, select, state.after(), directoryUsers.latest(tenantId), true, now);
        } else if (skipToken.isPresent()) {
            round = tokens.readChanges(skipToken.get(), tenantId, false, now)
                    .filter(c -> c.after() >= directoryUsers.generationStart())
                    .orElseThrow(GraphDispatcher::resync);
        } else {
            String select = String.join(",", q.select(GraphObjects.USER_PROPERTIES, "microsoft.graph.user"));
            round = new StateTokens.Changes(tenantId, select, 0, directoryUsers.latest(tenantId), false, now);
        }
        int size = maxPageSize(call).orElse(DEFAULT_DELTA_PAGE);
        List<String> select = splitSelect(round.select());
        // With $select, delta still returns each object's id (user-delta: "The id property is always returned").
        List<String> properties = select.isEmpty() || select.contains("id") ? select : concat(select, List.of("id"));
        List<Map<String, Object>> items = new ArrayList<>();
        long[] last = {round.after()};
        directoryUsers.page(tenantId, round.after(), round.upTo(), round.changes(), size + 1, row -> {
            if (items.size() == size) {
                items.add(null); // there is more
                return;
            }
            last[0] = row.changeNo();
            if (row.removed()) {
                Map<String, Object> removed = new LinkedHashMap<>();
                removed.put("id", row.user().id);
                removed.put("@removed", Map.of("reason", "changed"));
                items.add(removed);
            } else {
                items.add(GraphObjects.user(row.user(), properties));
            }
        });
        GraphResponse response;
        if (items.size() > size) {
            items.remove(size);
            response = deltaPage(
                    items,
                    new StateTokens.Changes(
                            tenantId, round.select(), last[0], round.upTo(), round.changes(), round.issuedAt()),
                    null);
        } else {
            // The deltaLink starts after the round's last change: what changed while paging shows next time.
            response = deltaPage(
                    items,
                    null,
                    new StateTokens.Changes(tenantId, round.select(), round.upTo(), round.upTo(), true, now));
        }
        maxPageSize(call).ifPresent(n -> response.headers().put("Preference-Applied", "odata.maxpagesize=" + n));
        return response;
    }

    private GraphResponse deltaPage(
            List<Map<String, Object>> items, StateTokens.Changes next, StateTokens.Changes deltaLink) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("@odata.context", context("users", List.of()));
        if (next != null) {
            body.put("@odata.nextLink", GraphObjects.BASE + "/users/delta?$skiptoken=" + tokens.changes(next, false));
        } else {
            body.put(
                    "@odata.deltaLink",
                    GraphObjects.BASE + "/users/delta?$deltatoken=" + tokens.changes(deltaLink, true));
        }
        body.put("value", items);
        return GraphResponse.json(200, body);
    }

    private static GraphError resync() {
        return new GraphError(
                        410,
                        "resyncRequired",
                        "Resync required. Replace any local cached copies of the directory objects "
                                + "with the full results of a new delta query without a state token.")
                .header("Location", GraphObjects.BASE + "/users/delta");
    }

    /** Prefer: odata.maxpagesize=N (1..999), which Graph honours for delta queries. */
    private static Optional<Integer> maxPageSize(Call call) {
        String prefer = call.headers().get("Prefer");
        if (prefer == null) {
            return Optional.empty();
        }
        for (String part : prefer.split(",")) {
            String p = part.trim();
            if (p.toLowerCase(Locale.ROOT).startsWith("odata.maxpagesize=")) {
                try {
                    int n = Integer.parseInt(
                            p.substring("odata.maxpagesize=".length()).trim());
                    if (n >= 1 && n <= MAX_PAGE) {
                        return Optional.of(n);
                    }
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    private static List<String> splitSelect(String select) {
        List<String> out = new ArrayList<>();
        for (String s : select.split(",")) {
            if (!s.isBlank()) {
                out.add(s);
            }
        }
        return out;
    }

    static Optional<DirectoryData.User> findUser(DirectoryData.Tenant tenant, String idOrUpn) {
        if (idOrUpn == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(userIndex(tenant).get(idOrUpn.toLowerCase(Locale.ROOT)));
    }

    /**
     * Users by lower-case id and user principal name, built once per (read-only) directory tenant: a directory of
     * thousands of users (the grants benchmark) must not cost a scan of them all per Graph operation.
     */
    private record UserIndex(List<DirectoryData.User> users, int size, Map<String, DirectoryData.User> byKey) {}

    private static final Map<DirectoryData.Tenant, UserIndex> USER_INDEX =
            Collections.synchronizedMap(new java.util.WeakHashMap<>());

    private static Map<String, DirectoryData.User> userIndex(DirectoryData.Tenant tenant) {
        UserIndex index = USER_INDEX.get(tenant);
        if (index == null || index.users() != tenant.users || index.size() != tenant.users.size()) {
            Map<String, DirectoryData.User> built = new java.util.HashMap<>();
            for (int i = tenant.users.size() - 1; i >= 0; i--) { // the first match wins, as the scan did
                DirectoryData.User u = tenant.users.get(i);
                if (u.userPrincipalName != null) {
                    built.put(u.userPrincipalName.toLowerCase(Locale.ROOT), u);
                }
            }
            for (int i = tenant.users.size() - 1; i >= 0; i--) {
                DirectoryData.User u = tenant.users.get(i);
                built.put(u.id.toLowerCase(Locale.ROOT), u);
            }
            index = new UserIndex(tenant.users, tenant.users.size(), built);
            USER_INDEX.put(tenant, index);
        }
        return index.byKey();
    }

    // --- groups ------------------------------------------------------------------------------------------------

    private GraphResponse getGroup(Call call, String id) {
        call.caller().require(GraphAccess.GROUP_MEMBERS_READ);
        call.query().allowOnly(List.of("$select"));
        List<String> select = call.query().select(GraphObjects.GROUP_PROPERTIES, "microsoft.graph.group");
        DirectoryData.Group group = findGroup(call.tenant(), id).orElseThrow(() -> GraphError.notFound(id));
        Map<String, Object> json = new LinkedHashMap<>();
        for (String property : select.isEmpty() ? GraphObjects.GROUP_PROPERTIES : select) {
            json.put(property, GraphObjects.groupValue(group, property));
        }
        return entity(context("groups", select) + "/$entity", json);
    }

    /** Every user and group inside the group, however deep (nested groups are members too, as in Graph). */
    private GraphResponse transitiveMembers(Call call, String id) {
        call.caller().require(GraphAccess.GROUP_MEMBERS_READ);
        ODataQuery q = call.query().allowOnly(List.of("$select", "$top", "$skiptoken"));
        List<String> known = new ArrayList<>(
                new LinkedHashSet<>(concat(GraphObjects.USER_PROPERTIES, GraphObjects.GROUP_PROPERTIES)));
        List<String> select = q.select(known, "microsoft.graph.directoryObject");
        int top = q.top(DEFAULT_PAGE, MAX_PAGE);
        DirectoryData.Group group = findGroup(call.tenant(), id).orElseThrow(() -> GraphError.notFound(id));
        List<Map<String, Object>> items = new ArrayList<>();
        for (Object member : transitive(call.tenant(), group)) {
            items.add(GraphObjects.directoryObject(member, select));
        }
        return page(call, context("directoryObjects", select), items, top);
    }

    static List<Object> transitive(DirectoryData.Tenant tenant, DirectoryData.Group group) {
        List<Object> members = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        seen.add(group.id.toLowerCase(Locale.ROOT));
        Deque<DirectoryData.Group> pending = new ArrayDeque<>();
        pending.add(group);
        while (!pending.isEmpty()) {
            DirectoryData.Group current = pending.poll();
            for (String memberId : current.members) {
                if (!seen.add(memberId.toLowerCase(Locale.ROOT))) {
                    continue;
                }
                Optional<DirectoryData.User> user = tenant.users.stream()
                        .filter(u -> u.id.equalsIgnoreCase(memberId))
                        .findFirst();
                if (user.isPresent()) {
                    members.add(user.get());
                    continue;
                }
                Optional<DirectoryData.Group> nested = findGroup(tenant, memberId);
                if (nested.isPresent()) {
                    members.add(nested.get());
                    pending.add(nested.get());
                }
            }
        }
        return members;
    }

    static Optional<DirectoryData.Group> findGroup(DirectoryData.Tenant tenant, String id) {
        return tenant.groups.stream().filter(g -> g.id.equalsIgnoreCase(id)).findFirst();
    }

    // --- organization -------------------------------------------------------------------------------------------

    /**
     * GET /organization (https://learn.microsoft.com/graph/api/organization-list): a collection of one, the caller's
     * tenant. $select is the only query option, as organization-get documents for the single object.
     */
    private GraphResponse listOrganization(Call call) {
        call.caller().require(GraphAccess.ORGANIZATION_READ);
        call.query().allowOnly(List.of("$select"));
        List<String> select = call.query().select(GraphObjects.ORGANIZATION_PROPERTIES, "microsoft.graph.organization");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("@odata.context", context("organization", select));
        body.put("value", List.of(organization(call, select)));
        return GraphResponse.json(200, body);
    }

    /** GET /organization/{id} (https://learn.microsoft.com/graph/api/organization-get): only the caller's own tenant is found. */
    private GraphResponse getOrganization(Call call, String id) {
        call.caller().require(GraphAccess.ORGANIZATION_READ);
        call.query().allowOnly(List.of("$select"));
        List<String> select = call.query().select(GraphObjects.ORGANIZATION_PROPERTIES, "microsoft.graph.organization");
        if (!call.tenant().id.equalsIgnoreCase(id)) {
            throw GraphError.notFound(id);
        }
        return entity(context("organization", select) + "/$entity", organization(call, select));
    }

    private static Map<String, Object> organization(Call call, List<String> select) {
        GraphAccess.Permissions all = GraphAccess.ORGANIZATION_READ_ALL_PROPERTIES;
        return GraphObjects.organization(
                call.tenant(), select, call.caller().hasAny(all.delegated(), all.application()));
    }

    // --- service principals ------------------------------------------------------------------------------------

    /** A service principal of the tenant by object id: Microsoft Graph's own, or an app's (a consent row). */
    private Optional<Map<String, Object>> servicePrincipalJson(
            DirectoryData.Tenant tenant, String id, List<String> select) {
        if (GraphPermissions.servicePrincipalId(tenant.id).equalsIgnoreCase(id)) {
            return Optional.of(GraphObjects.graphServicePrincipal(tenant.id, catalog(), select));
        }
        return consent.servicePrincipalById(tenant.id, id)
                .map(row -> GraphObjects.servicePrincipal(row, directory.data().publisherTenantId, select));
    }

    /** What the navigation and write endpoints need of a service principal (not its whole JSON: Graph's own lists every permission). */
    private record ServicePrincipalRef(String id, String appId, String displayName) {}

    private Optional<ServicePrincipalRef> servicePrincipalRef(DirectoryData.Tenant tenant, String id) {
        String graphId = GraphPermissions.servicePrincipalId(tenant.id);
        if (graphId.equalsIgnoreCase(id)) {
            return Optional.of(new ServicePrincipalRef(graphId, GraphPermissions.GRAPH_APP_ID, "Microsoft Graph"));
        }
        return consent.servicePrincipalById(tenant.id, id)
                .map(row -> new ServicePrincipalRef(row.id, row.appId, row.displayName));
    }

    private List<Map<String, Object>> allServicePrincipals(DirectoryData.Tenant tenant) {
        List<Map<String, Object>> all = new ArrayList<>();
        all.add(GraphObjects.graphServicePrincipal(tenant.id, catalog(), List.of()));
        for (ServicePrincipalRow row : consent.servicePrincipals(tenant.id)) {
            all.add(GraphObjects.servicePrincipal(row, directory.data().publisherTenantId, List.of()));
        }
        return all;
    }

    private GraphResponse listServicePrincipals(Call call) {
        call.caller().require(GraphAccess.SERVICE_PRINCIPALS_READ);
        ODataQuery q = call.query().allowOnly(List.of("$select", "$filter", "$top", "$skiptoken"));
        List<String> select = q.select(GraphObjects.SERVICE_PRINCIPAL_PROPERTIES, "microsoft.graph.servicePrincipal");
        Optional<ODataFilter.Expr> filter =
                q.option("$filter").map(f -> ODataFilter.parse(f, SERVICE_PRINCIPAL_FILTER));
        int top = q.top(DEFAULT_PAGE, MAX_PAGE);
        List<Map<String, Object>> items = new ArrayList<>();
        for (Map<String, Object> sp : allServicePrincipals(call.tenant())) {
            if (filter.isEmpty() || filter.get().test(sp::get)) {
                items.add(GraphObjects.selectFrom(sp, select));
            }
        }
        return page(call, context("servicePrincipals", select), items, top);
    }

    /**
     * GET /servicePrincipals/{id} (https://learn.microsoft.com/graph/api/serviceprincipal-get). "A service principal can
     * retrieve its own application and service principal details without being granted any application permissions":
     * an app-only token (whose oid is its service principal) reads its own here and through the appId key, with no
     * role; anything else, lists and navigation properties included, needs SERVICE_PRINCIPALS_READ.
     */
    private GraphResponse getServicePrincipal(Call call, String id) {
        boolean self = !call.caller().delegated() && call.caller().objectId().equalsIgnoreCase(id);
        if (!self) {
            call.caller().require(GraphAccess.SERVICE_PRINCIPALS_READ);
        }
        call.query().allowOnly(List.of("$select", "$expand"));
        boolean expand = expandsAssignments(call);
        List<String> select =
                call.query().select(GraphObjects.SERVICE_PRINCIPAL_PROPERTIES, "microsoft.graph.servicePrincipal");
        Map<String, Object> sp = new LinkedHashMap<>(
                servicePrincipalJson(call.tenant(), id, select).orElseThrow(() -> GraphError.notFound(id)));
        if (expand) {
            sp.put("appRoleAssignments", assignmentsOf(call.tenant(), id));
        }
        return entity(context("servicePrincipals", select) + "/$entity", sp);
    }

    /**
     * servicePrincipals(appId='{appId}'): Graph's alternate key. As for GET /servicePrincipals/{id}, an app-only caller
     * reads its own service principal without Application.Read.All.
     */
    private GraphResponse servicePrincipalByAlternateKey(Call call, String segment) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)servicePrincipals\\(appId='([^']*)'\\)")
                .matcher(segment);
        if (!m.matches() || call.segments().size() != 1) {
            throw GraphError.segmentNotFound(segment);
        }
        return only(call, "GET", () -> {
            String appId = m.group(1);
            boolean self = !call.caller().delegated() && call.caller().appId().equalsIgnoreCase(appId);
            if (!self) {
                call.caller().require(GraphAccess.SERVICE_PRINCIPALS_READ);
            }
            call.query().allowOnly(List.of("$select", "$expand"));
            boolean expand = expandsAssignments(call);
            List<String> select =
                    call.query().select(GraphObjects.SERVICE_PRINCIPAL_PROPERTIES, "microsoft.graph.servicePrincipal");
            Map<String, Object> sp = allServicePrincipals(call.tenant()).stream()
                    .filter(s -> appId.equalsIgnoreCase((String) s.get("appId")))
                    .findFirst()
                    .orElseThrow(() -> GraphError.notFound(appId));
            Map<String, Object> json = new LinkedHashMap<>(GraphObjects.selectFrom(sp, select));
            if (expand) {
                json.put("appRoleAssignments", assignmentsOf(call.tenant(), (String) sp.get("id")));
            }
            return entity(context("servicePrincipals", select) + "/$entity", json);
        });
    }

    /**
     * $expand on a service principal: only its appRoleAssignments relationship (serviceprincipal-get supports $expand;
     * a service principal reads its own details, relationships included, without a permission).
     */
    private static boolean expandsAssignments(Call call) {
        Optional<String> expand = call.query().option("$expand");
        if (expand.isEmpty()) {
            return false;
        }
        if (!expand.get().trim().equalsIgnoreCase("appRoleAssignments")) {
            throw GraphError.unsupportedQuery(
                    "The Microsoft Graph sandbox does not support $expand=" + expand.get() + " on servicePrincipals.");
        }
        return true;
    }

    private List<Map<String, Object>> assignmentsOf(DirectoryData.Tenant tenant, String principalId) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (AppRoleAssignmentRow row : consent.assignmentsOf(tenant.id, principalId)) {
            items.add(GraphObjects.assignment(
                    row, displayNameOf(tenant, row.principalId), displayNameOf(tenant, row.resourceId)));
        }
        return items;
    }

    /**
     * GET /servicePrincipals/{id}/appRoleAssignments (serviceprincipal-list-approleassignments): the app roles the
     * service principal holds. Application.Read.All or a higher permission, as Graph asks.
     */
    private GraphResponse listAssignmentsOf(Call call, String id) {
        call.caller().require(GraphAccess.ASSIGNMENTS_READ);
        ODataQuery q = call.query().allowOnly(List.of("$top", "$skiptoken"));
        int top = q.top(DEFAULT_PAGE, MAX_PAGE);
        ServicePrincipalRef principal =
                servicePrincipalRef(call.tenant(), id).orElseThrow(() -> GraphError.notFound(id));
        return page(
                call,
                GraphObjects.BASE + "/$metadata#servicePrincipals('" + principal.id() + "')/appRoleAssignments",
                assignmentsOf(call.tenant(), principal.id()),
                top);
    }

    /** POST /servicePrincipals {"appId", "tags"}: the app must be registered (in the sandbox: in the directory file). */
    private GraphResponse createServicePrincipal(Call call) {
        call.caller().require(GraphAccess.SERVICE_PRINCIPALS_WRITE);
        requireDirectoryRole(call, GraphAccess.APP_ADMIN_ROLES);
        call.query().allowOnly(List.of());
        Map<String, Object> body =
                requireBody(call, "microsoft.graph.servicePrincipal", GraphObjects.SERVICE_PRINCIPAL_PROPERTIES);
        String appId = requiredString(body, "appId", "ServicePrincipal");
        List<String> tags = new ArrayList<>();
        if (body.get("tags") != null) {
            if (!(body.get("tags") instanceof List<?> list) || list.stream().anyMatch(t -> !(t instanceof String))) {
                throw GraphError.invalidProperty("tags", "ServicePrincipal");
            }
            list.forEach(t -> tags.add((String) t));
        }
        if (appId.equalsIgnoreCase(GraphPermissions.GRAPH_APP_ID)) {
            throw conflictServicePrincipal(appId);
        }
        DirectoryData.Application app = directory
                .application(appId)
                .orElseThrow(() -> GraphError.requestBadRequest("The appId '" + appId
                        + "' of the service principal does not reference a valid application object."));
        ServicePrincipalRow row = consent.createServicePrincipal(call.tenant().id, app, GraphObjects.tagsColumn(tags))
                .orElseThrow(() -> conflictServicePrincipal(appId));
        return entity(
                201,
                context("servicePrincipals", List.of()) + "/$entity",
                GraphObjects.servicePrincipal(row, directory.data().publisherTenantId, List.of()));
    }

    private static GraphError conflictServicePrincipal(String appId) {
        return new GraphError(
                409,
                "Request_MultipleObjectsWithSameKeyValue",
                "Another object with the same value for property servicePrincipalNames already exists.");
    }

    // --- app role assignments ----------------------------------------------------------------------------------

    private GraphResponse listAssignedTo(Call call, String resourceId) {
        call.caller().require(GraphAccess.ASSIGNMENTS_READ);
        ODataQuery q = call.query().allowOnly(List.of("$top", "$skiptoken"));
        int top = q.top(DEFAULT_PAGE, MAX_PAGE);
        ServicePrincipalRef resource =
                servicePrincipalRef(call.tenant(), resourceId).orElseThrow(() -> GraphError.notFound(resourceId));
        List<Map<String, Object>> items = new ArrayList<>();
        for (AppRoleAssignmentRow row : consent.assignmentsTo(call.tenant().id, resource.id())) {
            items.add(GraphObjects.assignment(
                    row, displayNameOf(call.tenant(), row.principalId), resource.displayName()));
        }
        return page(
                call,
                GraphObjects.BASE + "/$metadata#servicePrincipals('" + resource.id() + "')/appRoleAssignedTo",
                items,
                top);
    }

    /**
     * POST /servicePrincipals/{id}/appRoleAssignedTo {"principalId", "resourceId", "appRoleId"}: the
     * resource is {id}; the app role must be one the resource defines (for an app without roles, the
     * default role 00000000-...); an assignment that exists already is 400, as Graph answers it.
     */
    private GraphResponse createAssignedTo(Call call, String resourceId) {
        call.caller().require(GraphAccess.ASSIGNMENTS_WRITE);
        call.query().allowOnly(List.of());
        ServicePrincipalRef resource =
                servicePrincipalRef(call.tenant(), resourceId).orElseThrow(() -> GraphError.notFound(resourceId));
        Map<String, Object> body =
                requireBody(call, "microsoft.graph.appRoleAssignment", GraphObjects.ASSIGNMENT_PROPERTIES);
        String principalId = requiredString(body, "principalId", "AppRoleAssignment");
        String bodyResource = requiredString(body, "resourceId", "AppRoleAssignment");
        String appRoleId = requiredString(body, "appRoleId", "AppRoleAssignment");
        if (!bodyResource.equalsIgnoreCase(resource.id())) {
            throw GraphError.invalidProperty("resourceId", "AppRoleAssignment");
        }
        boolean graphResource = GraphPermissions.GRAPH_APP_ID.equals(resource.appId());
        boolean defaultRole = GraphPermissions.DEFAULT_ROLE.equals(appRoleId);
        requireDirectoryRole(
                call,
                graphResource && !defaultRole ? GraphAccess.GRAPH_APP_ROLE_ADMIN_ROLES : GraphAccess.APP_ADMIN_ROLES);
        boolean roleExists = graphResource ? catalog().hasAppRoleId(appRoleId) : defaultRole;
        if (!roleExists) {
            throw GraphError.requestBadRequest(
                    "Permission being assigned was not found on application '" + resource.appId() + "'.");
        }
        String principalType =
                principalType(call.tenant(), principalId).orElseThrow(() -> GraphError.notFound(principalId));
        AppRoleAssignmentRow row = uniquely(() -> consent.createAssignment(
                        call.tenant().id,
                        resource.id(),
                        principalId.toLowerCase(Locale.ROOT),
                        principalType,
                        appRoleId.toLowerCase(Locale.ROOT)))
                .orElseThrow(
                        () -> GraphError.requestBadRequest("Permission being assigned already exists on the object."));
        return entity(
                201,
                GraphObjects.BASE + "/$metadata#servicePrincipals('" + resource.id() + "')/appRoleAssignedTo/$entity",
                GraphObjects.assignment(row, displayNameOf(call.tenant(), row.principalId), resource.displayName()));
    }

    /**
     * DELETE /servicePrincipals/{id}/appRoleAssignedTo/{assignmentId}
     * (https://learn.microsoft.com/graph/api/serviceprincipal-delete-approleassignedto): 204; the resource must exist and
     * the assignment must be one of its own, else 404. Revoking an application permission this way takes it out of the
     * client's next app-only token, as in Entra.
     */
    private GraphResponse deleteAssignedTo(Call call, String resourceId, String assignmentId) {
        call.caller().require(GraphAccess.ASSIGNMENTS_DELETE);
        requireDirectoryRole(call, GraphAccess.ASSIGNMENT_DELETE_ROLES);
        call.query().allowOnly(List.of());
        ServicePrincipalRef resource =
                servicePrincipalRef(call.tenant(), resourceId).orElseThrow(() -> GraphError.notFound(resourceId));
        if (!consent.deleteAssignment(call.tenant().id, resource.id(), assignmentId)) {
            throw GraphError.notFound(assignmentId);
        }
        return GraphResponse.noContent();
    }

    /**
     * A create whose existence check passed but whose row the database refused as a duplicate (its unique key: a concurrent
     * request created the same grant or assignment first) is answered as "exists", as the check would have; other
     * failures are thrown. Inside a batch's shared transaction the refusal also rolls the batch back, which then runs again
     * request by request.
     */
    private static <T> Optional<T> uniquely(Supplier<Optional<T>> create) {
        try {
            return create.get();
        } catch (jakarta.persistence.PersistenceException e) {
            if (duplicateKey(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Whether the database refused a write for its unique key (SQLState class 23). */
    private static boolean duplicateKey(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLIntegrityConstraintViolationException
                    || (t instanceof java.sql.SQLException sql
                            && sql.getSQLState() != null
                            && sql.getSQLState().startsWith("23"))) {
                return true;
            }
        }
        return false;
    }

    private Optional<String> principalType(DirectoryData.Tenant tenant, String id) {
        if (findUser(tenant, id).filter(u -> u.id.equalsIgnoreCase(id)).isPresent()) {
            return Optional.of("User");
        }
        if (findGroup(tenant, id).isPresent()) {
            return Optional.of("Group");
        }
        if (consent.servicePrincipalById(tenant.id, id).isPresent()) {
            return Optional.of("ServicePrincipal");
        }
        return Optional.empty();
    }

    private String displayNameOf(DirectoryData.Tenant tenant, String id) {
        Optional<DirectoryData.User> user = findUser(tenant, id);
        if (user.isPresent()) {
            return user.get().displayName;
        }
        Optional<DirectoryData.Group> group = findGroup(tenant, id);
        if (group.isPresent()) {
            return group.get().displayName;
        }
        if (GraphPermissions.servicePrincipalId(tenant.id).equalsIgnoreCase(id)) {
            return "Microsoft Graph";
        }
        return consent.servicePrincipalById(tenant.id, id)
                .map(sp -> sp.displayName)
                .orElse(null);
    }

    // --- delegated permission grants ---------------------------------------------------------------------------

    private GraphResponse listGrants(Call call) {
        call.caller().require(GraphAccess.GRANTS_READ);
        ODataQuery q = call.query().allowOnly(List.of("$select", "$filter", "$top", "$skiptoken"));
        List<String> select = q.select(GraphObjects.GRANT_PROPERTIES, "microsoft.graph.oAuth2PermissionGrant");
        Optional<ODataFilter.Expr> filter = q.option("$filter").map(f -> ODataFilter.parse(f, GRANT_FILTER));
        int top = q.top(DEFAULT_PAGE, MAX_PAGE);
        List<Map<String, Object>> items = new ArrayList<>();
        for (PermissionGrantRow row :
                grantRows(call.tenant(), q.option("$filter").orElse(""))) {
            Map<String, Object> grant = GraphObjects.grant(row, List.of());
            if (filter.isEmpty() || filter.get().test(grant::get)) {
                items.add(GraphObjects.selectFrom(grant, select));
            }
        }
        return page(call, context("oauth2PermissionGrants", select), items, top);
    }

    private static final java.util.regex.Pattern PRINCIPAL_EQ =
            java.util.regex.Pattern.compile("(?i)(?:^|\\s)principalId\\s+eq\\s+'([^']+)'");
    private static final java.util.regex.Pattern CLIENT_EQ =
            java.util.regex.Pattern.compile("(?i)(?:^|\\s)clientId\\s+eq\\s+'([^']+)'");

    /**
     * The rows a grant filter can match, narrowed by an indexed lookup when the filter is a conjunction pinning
     * principalId or clientId (the full filter is still applied): listing a user's grants must not read every grant
     * of the tenant, or the stand-in, not the client, would dominate any measurement.
     */
    private List<PermissionGrantRow> grantRows(DirectoryData.Tenant tenant, String filter) {
        if (!filter.isBlank() && !filter.toLowerCase(Locale.ROOT).contains(" or ")) {
            java.util.regex.Matcher principal = PRINCIPAL_EQ.matcher(filter);
            if (principal.find()) {
                Optional<DirectoryData.User> user = findUser(tenant, principal.group(1));
                if (user.isPresent()) {
                    return consent.grantsOfPrincipal(tenant.id, user.get().id);
                }
            }
            java.util.regex.Matcher client = CLIENT_EQ.matcher(filter);
            if (client.find()) {
                return consent.grants(tenant.id, client.group(1));
            }
        }
        return consent.grantsInTenant(tenant.id);
    }

    private GraphResponse getGrant(Call call, String id) {
        call.caller().require(GraphAccess.GRANTS_READ);
        call.query().allowOnly(List.of("$select"));
        List<String> select =
                call.query().select(GraphObjects.GRANT_PROPERTIES, "microsoft.graph.oAuth2PermissionGrant");
        PermissionGrantRow row = consent.grant(call.tenant().id, id).orElseThrow(() -> GraphError.notFound(id));
        return entity(context("oauth2PermissionGrants", select) + "/$entity", GraphObjects.grant(row, select));
    }

    /**
     * POST /oauth2PermissionGrants: clientId and resourceId are service principal ids of the tenant,
     * consentType AllPrincipals or Principal, principalId (a user of the tenant) iff Principal, scope
     * space-separated. One grant per client, resource, type and principal: another is 409.
     */
    private GraphResponse createGrant(Call call) {
        call.caller().require(GraphAccess.GRANTS_WRITE);
        requireDirectoryRole(call, GraphAccess.APP_ADMIN_ROLES);
        call.query().allowOnly(List.of());
        Map<String, Object> body =
                requireBody(call, "microsoft.graph.oAuth2PermissionGrant", GraphObjects.GRANT_PROPERTIES);
        String resource = "OAuth2PermissionGrant";
        String clientId = requiredString(body, "clientId", resource);
        String resourceId = requiredString(body, "resourceId", resource);
        String consentType = requiredString(body, "consentType", resource);
        Object principal = body.get("principalId");
        Object scope = body.get("scope");
        if (consentType.equalsIgnoreCase("AllPrincipals")) {
            consentType = "AllPrincipals";
        } else if (consentType.equalsIgnoreCase("Principal")) {
            consentType = "Principal";
        } else {
            throw GraphError.invalidProperty("consentType", resource);
        }
        ServicePrincipalRow client = consent.servicePrincipalById(call.tenant().id, clientId)
                .orElseThrow(() -> GraphError.invalidProperty("clientId", resource));
        String resourceSp = servicePrincipalRef(call.tenant(), resourceId)
                .map(ServicePrincipalRef::id)
                .orElseThrow(() -> GraphError.invalidProperty("resourceId", resource));
        String principalId = null;
        if (consentType.equals("Principal")) {
            if (!(principal instanceof String p) || p.isBlank()) {
                throw GraphError.invalidProperty("principalId", resource);
            }
            principalId = findUser(call.tenant(), p)
                    .filter(u -> u.id.equalsIgnoreCase(p))
                    .map(u -> u.id)
                    .orElseThrow(() -> GraphError.invalidProperty("principalId", resource));
        } else if (principal != null) {
            throw GraphError.invalidProperty("principalId", resource);
        }
        if (scope != null && !(scope instanceof String)) {
            throw GraphError.invalidProperty("scope", resource);
        }
        String tenantId = call.tenant().id;
        String type = consentType;
        String principalKey = principalId;
        PermissionGrantRow row = uniquely(() -> consent.createGrant(
                        tenantId, client.id, type, principalKey, resourceSp, scope == null ? "" : (String) scope))
                .orElseThrow(() -> new GraphError(
                        409, "Request_MultipleObjectsWithSameKeyValue", "Permission entry already exists."));
        return entity(
                201, context("oauth2PermissionGrants", List.of()) + "/$entity", GraphObjects.grant(row, List.of()));
    }

    /** PATCH /oauth2PermissionGrants/{id} {"scope"}: only the scope changes; 204. */
    private GraphResponse updateGrant(Call call, String id) {
        call.caller().require(GraphAccess.GRANTS_WRITE);
        requireDirectoryRole(call, GraphAccess.APP_ADMIN_ROLES);
        call.query().allowOnly(List.of());
        Map<String, Object> body =
                requireBody(call, "microsoft.graph.oAuth2PermissionGrant", GraphObjects.GRANT_PROPERTIES);
        for (String property : body.keySet()) {
            if (!property.equals("scope") && !property.startsWith("@odata.")) {
                throw GraphError.requestBadRequest("Property '" + property + "' is read-only and cannot be set.");
            }
        }
        if (!(body.get("scope") instanceof String scope)) {
            throw GraphError.invalidProperty("scope", "OAuth2PermissionGrant");
        }
        consent.grant(call.tenant().id, id).orElseThrow(() -> GraphError.notFound(id));
        consent.updateGrantScope(call.tenant().id, id, scope).orElseThrow(() -> GraphError.notFound(id));
        return GraphResponse.noContent();
    }

    /**
     * DELETE /oauth2PermissionGrants/{id} (https://learn.microsoft.com/graph/api/oauth2permissiongrant-delete):
     * DelegatedPermissionGrant.ReadWrite.All or Directory.ReadWrite.All, delegated and application; 204.
     */
    private GraphResponse deleteGrant(Call call, String id) {
        call.caller().require(GraphAccess.GRANTS_WRITE);
        requireDirectoryRole(call, GraphAccess.APP_ADMIN_ROLES);
        call.query().allowOnly(List.of());
        if (!consent.deleteGrant(call.tenant().id, id)) {
            throw GraphError.notFound(id);
        }
        return GraphResponse.noContent();
    }

    // --- $batch ------------------------------------------------------------------------------------------------

    private record BatchItem(
            String id,
            String method,
            String url,
            Map<String, String> headers,
            Map<String, Object> body,
            List<String> dependsOn) {}

    /**
     * JSON batching: at most 20 requests; each runs through {@link #operation} with the batch's token
     * (and its own throttling and faults), after the requests it dependsOn; one whose dependency failed
     * (status 400 or more) is 424 without running. The batch itself is 200, its responses in any order
     * (the sandbox shuffles them, so a client that relies on the order fails here first).
     */
    private GraphResponse batch(
            GraphCaller caller, String method, String rawBody, String requestId, String clientRequestId) {
        if (!"POST".equalsIgnoreCase(method)) {
            throw GraphError.methodNotAllowed();
        }
        Map<String, Object> envelope;
        try {
            envelope = rawBody == null || rawBody.isBlank() ? null : JSONObjectUtils.parse(rawBody);
        } catch (ParseException e) {
            envelope = null;
        }
        if (envelope == null || !(envelope.get("requests") instanceof List<?> requests)) {
            throw GraphError.badRequest("Invalid batch payload format.");
        }
        if (requests.isEmpty()) {
            throw GraphError.badRequest("Invalid batch payload format: the batch contains no requests.");
        }
        if (requests.size() > MAX_BATCH) {
            throw GraphError.badRequest("The batch contains " + requests.size() + " requests; the limit is " + MAX_BATCH
                    + " requests per batch.");
        }
        Map<String, BatchItem> items = new LinkedHashMap<>();
        for (Object raw : requests) {
            BatchItem item = batchItem(raw);
            if (items.putIfAbsent(item.id(), item) != null) {
                throw GraphError.badRequest("Batch request contains duplicate Ids: '" + item.id() + "'.");
            }
        }
        for (BatchItem item : items.values()) {
            for (String dependency : item.dependsOn()) {
                if (!items.containsKey(dependency) || dependency.equals(item.id())) {
                    throw GraphError.badRequest("Request '" + item.id() + "' depends on '" + dependency
                            + "', which is not another request of this batch.");
                }
            }
        }
        List<BatchItem> order = executionOrder(items);
        // Throttling and faults are decided once per request, even when the batch has to be run a second time.
        Map<String, Optional<GraphError>> admissions = new HashMap<>();
        Map<String, GraphResponse> results = null;
        if (transactions != null && order.stream().allMatch(GraphDispatcher::databaseOnly)) {
            try {
                results =
                        transactions.inOne(() -> runBatch(caller, order, admissions, true, requestId, clientRequestId));
            } catch (RuntimeException e) {
                // Something other than a Graph answer (the database refused a write): nothing of the shared transaction
                // stays, and every request runs again on its own, so one failure cannot take the others with it. A
                // duplicate key is expected there (creates inside a batch are optimistic: DeferredWrites).
                if (duplicateKey(e)) {
                    LOG.log(
                            Level.FINE,
                            "Graph sandbox: a $batch wrote a row that exists; running its requests one by one");
                } else {
                    LOG.log(
                            Level.WARNING,
                            "Graph sandbox: a $batch failed in one transaction; running its requests one by one",
                            e);
                }
                results = null;
            }
        }
        if (results == null) {
            results = runBatch(caller, order, admissions, false, requestId, clientRequestId);
        }
        List<Object> responses = new ArrayList<>();
        results.forEach((id, r) -> {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("id", id);
            json.put("status", r.status());
            json.put("headers", new LinkedHashMap<>(r.headers()));
            if (r.body() != null) {
                json.put("body", r.body());
            } else if (r.text() != null) {
                json.put("body", r.text());
            }
            responses.add(json);
        });
        Collections.shuffle(responses);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("responses", responses);
        return GraphResponse.json(200, body);
    }

    /**
     * Runs a batch's requests in order. {@code shared}: inside the batch's one transaction, where an unexpected failure is
     * thrown (the caller rolls everything back and runs the batch again request by request); otherwise each request's
     * writes have their own transactions and such a failure is that request's 500.
     */
    private Map<String, GraphResponse> runBatch(
            GraphCaller caller,
            List<BatchItem> order,
            Map<String, Optional<GraphError>> admissions,
            boolean shared,
            String requestId,
            String clientRequestId) {
        Map<String, GraphResponse> results = new LinkedHashMap<>();
        for (BatchItem item : order) {
            Optional<String> failed = item.dependsOn().stream()
                    .filter(d -> results.get(d).status() >= 400)
                    .findFirst();
            GraphResponse response;
            if (failed.isPresent()) {
                response = GraphResponse.error(
                        new GraphError(
                                424,
                                "FailedDependency",
                                "The request '" + item.id() + "' was not run: the request '" + failed.get()
                                        + "' it depends on failed."),
                        requestId,
                        clientRequestId);
            } else {
                String url = url(item);
                if (pathOf(url).equalsIgnoreCase("$batch")) {
                    response = GraphResponse.error(
                            GraphError.badRequest("A batch request cannot contain another batch request."),
                            requestId,
                            clientRequestId);
                } else {
                    GraphError refused = admissions
                            .computeIfAbsent(item.id(), id -> Optional.ofNullable(admit(caller, item.method())))
                            .orElse(null);
                    if (refused != null) {
                        response = GraphResponse.error(refused, requestId, clientRequestId);
                    } else if (shared) {
                        response = execute(
                                caller, item.method(), url, item.body(), item.headers(), requestId, clientRequestId);
                    } else {
                        try {
                            response = execute(
                                    caller,
                                    item.method(),
                                    url,
                                    item.body(),
                                    item.headers(),
                                    requestId,
                                    clientRequestId);
                        } catch (RuntimeException e) {
                            response = unexpected(item.method(), url, e, requestId, clientRequestId);
                        }
                    }
                }
            }
            results.put(item.id(), response);
        }
        return results;
    }

    private static String url(BatchItem item) {
        return item.url().startsWith("/") ? item.url() : "/" + item.url();
    }

    /**
     * Whether a batched request touches only the directory state kept in the database (reads of anything, and writes of
     * service principals, grants and app role assignments), so that rolling it back undoes it completely. Writes of
     * chats, members, messages, installed apps and meetings (plain JDBC, committed as each runs) are not rerun: a batch
     * writing them runs request by request.
     */
    private static boolean databaseOnly(BatchItem item) {
        if (item.method().equals("GET")) {
            return true;
        }
        String path = pathOf(url(item)).toLowerCase(Locale.ROOT);
        return path.startsWith("serviceprincipals") || path.startsWith("oauth2permissiongrants");
    }

    private static BatchItem batchItem(Object raw) {
        if (!(raw instanceof Map<?, ?> map)) {
            throw GraphError.badRequest("Invalid batch payload format: each request must be a JSON object.");
        }
        if (!(map.get("id") instanceof String id) || id.isBlank()) {
            throw GraphError.badRequest("Invalid batch payload format: every request needs a string 'id'.");
        }
        if (!(map.get("method") instanceof String method)
                || !Set.of("GET", "POST", "PATCH", "PUT", "DELETE").contains(method.toUpperCase(Locale.ROOT))) {
            throw GraphError.badRequest("Invalid batch payload format: request '" + id
                    + "' needs a method (GET, POST, PATCH, PUT or DELETE).");
        }
        if (!(map.get("url") instanceof String url) || url.isBlank()) {
            throw GraphError.badRequest("Invalid batch payload format: request '" + id + "' needs a url.");
        }
        if (url.regionMatches(true, 0, "http:", 0, 5) || url.regionMatches(true, 0, "https:", 0, 6)) {
            throw GraphError.badRequest("Invalid batch payload format: the url of request '" + id
                    + "' must be relative to the version, e.g. '/users'.");
        }
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (map.get("headers") instanceof Map<?, ?> h) {
            h.forEach((k, v) -> headers.put(String.valueOf(k), String.valueOf(v)));
        } else if (map.get("headers") != null) {
            throw GraphError.badRequest(
                    "Invalid batch payload format: the headers of request '" + id + "' must be an object.");
        }
        Map<String, Object> body = null;
        if (map.get("body") != null) {
            if (!(map.get("body") instanceof Map<?, ?> b)) {
                throw GraphError.badRequest(
                        "Invalid batch payload format: the body of request '" + id + "' must be a JSON object.");
            }
            body = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : b.entrySet()) {
                body.put(String.valueOf(e.getKey()), e.getValue());
            }
            if (!headers.containsKey("Content-Type")) {
                throw GraphError.badRequest(
                        "Write request id : " + id + " does not contain Content-Type header or body.");
            }
        }
        List<String> dependsOn = new ArrayList<>();
        if (map.get("dependsOn") instanceof List<?> deps) {
            for (Object d : deps) {
                if (!(d instanceof String s)) {
                    throw GraphError.badRequest(
                            "Invalid batch payload format: dependsOn of request '" + id + "' must list request ids.");
                }
                dependsOn.add(s);
            }
        } else if (map.get("dependsOn") != null) {
            throw GraphError.badRequest(
                    "Invalid batch payload format: dependsOn of request '" + id + "' must be an array.");
        }
        return new BatchItem(id, method.toUpperCase(Locale.ROOT), url, headers, body, dependsOn);
    }

    /** The batch's order, moved only as far as dependencies need; a cycle is 400. */
    private static List<BatchItem> executionOrder(Map<String, BatchItem> items) {
        List<BatchItem> order = new ArrayList<>();
        Set<String> done = new LinkedHashSet<>();
        while (order.size() < items.size()) {
            boolean progressed = false;
            for (BatchItem item : items.values()) {
                if (!done.contains(item.id()) && done.containsAll(item.dependsOn())) {
                    order.add(item);
                    done.add(item.id());
                    progressed = true;
                    break;
                }
            }
            if (!progressed) {
                throw GraphError.badRequest(
                        "Invalid batch payload format: the dependsOn of the requests form a cycle.");
            }
        }
        return order;
    }

    // --- helpers -----------------------------------------------------------------------------------------------

    /**
     * A page of a collection: {@code $top} items from the offset a {@code $skiptoken} carries, and an
     * {@code @odata.nextLink} that repeats the request's query with a new {@code $skiptoken} while more remain.
     */
    GraphResponse page(Call call, String context, List<Map<String, Object>> items, int top) {
        ODataQuery q = call.query();
        String fingerprint = StateTokens.fingerprint(
                call.rawPath().toLowerCase(Locale.ROOT),
                q.option("$filter").orElse(""),
                q.option("$select").orElse(""),
                Integer.toString(top));
        int offset = 0;
        Optional<String> skipToken = q.option("$skiptoken");
        if (skipToken.isPresent()) {
            offset = tokens.readPage(skipToken.get(), call.tenant().id, fingerprint)
                    .map(StateTokens.Page::offset)
                    .orElseThrow(
                            () -> new GraphError(
                                    400,
                                    "Directory_ExpiredPageToken",
                                    "The specified page token value has expired and can no longer be included in your request."));
        }
        int from = Math.min(offset, items.size());
        int to = Math.min(offset + top, items.size());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("@odata.context", context);
        if (to < items.size()) {
            String rest = q.rawWithout("$skiptoken");
            String token = tokens.page(new StateTokens.Page(call.tenant().id, fingerprint, to));
            body.put(
                    "@odata.nextLink",
                    GraphObjects.BASE + "/" + call.rawPath() + "?" + (rest.isEmpty() ? "" : rest + "&") + "$skiptoken="
                            + token);
        }
        body.put("value", new ArrayList<>(items.subList(from, to)));
        return GraphResponse.json(200, body);
    }

    private static GraphResponse entity(String context, Map<String, Object> json) {
        return entity(200, context, json);
    }

    private static GraphResponse entity(int status, String context, Map<String, Object> json) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("@odata.context", context);
        body.putAll(json);
        return GraphResponse.json(status, body);
    }

    private static String context(String entitySet, List<String> select) {
        return GraphObjects.BASE + "/$metadata#" + entitySet
                + (select.isEmpty() ? "" : "(" + String.join(",", select) + ")");
    }

    /** In delegated calls, the signed-in user must also hold one of these directory roles (Graph's "supported Microsoft Entra roles"). */
    private void requireDirectoryRole(Call call, List<String> roles) {
        if (!call.caller().delegated()) {
            return;
        }
        DirectoryData.User user =
                findUser(call.tenant(), call.caller().objectId()).orElse(null);
        if (user == null
                || user.roles == null
                || user.roles.stream().noneMatch(r -> roles.stream().anyMatch(r::equalsIgnoreCase))) {
            throw GraphError.denied();
        }
    }

    /** A body is required; properties outside the type are refused with OData's message. */
    private static Map<String, Object> requireBody(Call call, String type, List<String> properties) {
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

    private static String requiredString(Map<String, Object> body, String property, String resource) {
        if (!(body.get(property) instanceof String value) || value.isBlank()) {
            throw GraphError.requestBadRequest(
                    "A value is required for property '" + property + "' of resource '" + resource + "'.");
        }
        return value;
    }

    private GraphObjects.GraphCatalog catalog() {
        return GraphObjects.GraphCatalog.of(directory.data());
    }

    private static Map<String, Object> parseBody(String method, String body) {
        if (body == null || body.isBlank() || method.equalsIgnoreCase("GET") || method.equalsIgnoreCase("DELETE")) {
            return null;
        }
        try {
            return JSONObjectUtils.parse(body);
        } catch (ParseException e) {
            throw GraphError.badRequest(
                    "Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.");
        }
    }

    /** The path of "/users/x?$top=1", without the slashes at either end: "users/x" (still percent-encoded). */
    static String pathOf(String pathAndQuery) {
        int q = pathAndQuery.indexOf('?');
        String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        while (path.startsWith("/")) {
            path = path.substring(1);
        }
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return path;
    }

    /** Decoded path segments ("+" stays a plus sign in a path). */
    static List<String> segments(String rawPath) {
        List<String> segments = new ArrayList<>();
        for (String raw : rawPath.split("/")) {
            if (raw.isEmpty()) {
                continue;
            }
            try {
                segments.add(URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw GraphError.badRequest("The request URL is not correctly encoded.");
            }
        }
        return segments;
    }

    private static Map<String, String> caseInsensitive(Map<String, String> headers) {
        Map<String, String> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (headers != null) {
            map.putAll(headers);
        }
        return map;
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
