package io.tenantlink.grants;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.tenantlink.microsoft.GraphClient;
import io.tenantlink.microsoft.GraphResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An in-memory tenant as the engine sees it through Graph: service principals, Principal grants, app role assignments. */
final class FakeGraph implements GrantGraph {

    static final String GRAPH_SP = "graph-sp-0000";

    record Grant(String id, String clientId, String principalId, String resourceId, String scope) {}

    final Set<String> users = ConcurrentHashMap.newKeySet();
    final Map<String, String> servicePrincipals = new ConcurrentHashMap<>(); // appId -> id
    final Map<String, Grant> grants = new ConcurrentHashMap<>();
    final Set<String> assignments = ConcurrentHashMap.newKeySet(); // spId|principal
    final AtomicInteger httpRequests = new AtomicInteger();
    final AtomicInteger writes = new AtomicInteger();
    final AtomicInteger createConflicts = new AtomicInteger();
    /** The next n write operations are answered 429. */
    final AtomicInteger throttleNextWrites = new AtomicInteger();
    /** The next n batches with writes are executed but their answer is lost (IOException). */
    final AtomicInteger loseNextBatchAnswers = new AtomicInteger();
    /** Graph no longer accepts the token: every request is answered 401 (a $batch as a whole). */
    volatile boolean tokenRefused;
    /** The next n GET requests (not batched) are answered 500. */
    final AtomicInteger failNextReads = new AtomicInteger();

    int pageSize = 999;
    /** How long each $batch takes (outside the fake's lock, as a network round trip would). */
    volatile int batchDelayMillis;
    /** group id -> member objects ({"@odata.type", "id"}), already transitive. */
    final Map<String, List<Object>> groups = new ConcurrentHashMap<>();

    FakeGraph() {
        servicePrincipals.put(GrantPlanner.GRAPH_APP_ID, GRAPH_SP);
    }

    @Override
    public synchronized GraphResponse send(String method, String url, Map<String, Object> body) {
        httpRequests.incrementAndGet();
        if (tokenRefused) {
            return new GraphResponse(
                    401,
                    Map.of(),
                    "{\"error\":{\"code\":\"InvalidAuthenticationToken\",\"message\":\"Access token has expired.\"}}");
        }
        if (method.equals("GET") && failNextReads.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return new GraphResponse(500, Map.of(), "{\"error\":{\"code\":\"generalException\",\"message\":\"boom\"}}");
        }
        Map<String, Object> answer = operation(method, url, body);
        int status = ((Number) answer.remove("#status")).intValue();
        return new GraphResponse(status, Map.of(), JSONObjectUtils.toJSONString(answer));
    }

    @Override
    public List<GraphClient.BatchResult> batch(List<GraphClient.BatchRequest> requests) throws IOException {
        if (batchDelayMillis > 0) {
            try {
                Thread.sleep(batchDelayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
        return batchNow(requests);
    }

    private synchronized List<GraphClient.BatchResult> batchNow(List<GraphClient.BatchRequest> requests)
            throws IOException {
        if (requests.size() > 20) {
            throw new IllegalArgumentException("more than 20");
        }
        httpRequests.incrementAndGet();
        if (tokenRefused) {
            throw new GraphClient.StatusException(401, "Graph refused the batch: HTTP 401");
        }
        List<GraphClient.BatchResult> out = new ArrayList<>();
        for (GraphClient.BatchRequest r : requests) {
            Map<String, Object> answer;
            if (!r.method().equals("GET") && throttleNextWrites.get() > 0) {
                throttleNextWrites.decrementAndGet();
                answer = error(429, "TooManyRequests");
                answer.remove("#status");
                out.add(new GraphClient.BatchResult(r.id(), 429, Map.of("retry-after", "1"), answer, 1));
                continue;
            }
            answer = operation(r.method(), r.url(), r.body());
            int status = ((Number) answer.remove("#status")).intValue();
            out.add(new GraphClient.BatchResult(r.id(), status, Map.of(), answer, 1));
        }
        boolean writesInside = requests.stream().anyMatch(r -> !r.method().equals("GET"));
        if (writesInside && loseNextBatchAnswers.get() > 0) {
            loseNextBatchAnswers.decrementAndGet();
            throw new IOException("read timed out");
        }
        return out;
    }

    private static final Pattern EQ = Pattern.compile("(\\w+) eq '([^']*)'");

    private Map<String, Object> operation(String method, String rawUrl, Map<String, Object> body) {
        String url = URLDecoder.decode(rawUrl, StandardCharsets.UTF_8);
        if (method.equals("GET") && url.startsWith("/servicePrincipals?")) {
            Map<String, String> f = filter(url);
            String id = servicePrincipals.get(f.get("appId"));
            return ok(
                    200, Map.of("value", id == null ? List.of() : List.of(Map.of("id", id, "appId", f.get("appId")))));
        }
        Matcher group =
                Pattern.compile("/groups/([^/?]+)/transitiveMembers(\\?.*)?").matcher(url);
        if (group.matches() && method.equals("GET")) {
            List<Object> members = groups.get(group.group(1));
            return members == null ? error(404, "Request_ResourceNotFound") : page(url, members);
        }
        if (method.equals("POST") && url.equals("/servicePrincipals")) {
            writes.incrementAndGet();
            String appId = (String) body.get("appId");
            if (servicePrincipals.containsKey(appId)) {
                return error(409, "Request_MultipleObjectsWithSameKeyValue");
            }
            String id = "sp-" + UUID.randomUUID();
            servicePrincipals.put(appId, id);
            return ok(201, Map.of("id", id, "appId", appId));
        }
        if (method.equals("GET") && url.startsWith("/oauth2PermissionGrants?")) {
            Map<String, String> f = filter(url);
            List<Object> items = new ArrayList<>();
            for (Grant g : grants.values()) {
                if (match(f, "clientId", g.clientId())
                        && match(f, "principalId", g.principalId())
                        && match(f, "resourceId", g.resourceId())) {
                    items.add(grantJson(g));
                }
            }
            return page(url, items);
        }
        if (method.equals("POST") && url.equals("/oauth2PermissionGrants")) {
            writes.incrementAndGet();
            String principal = (String) body.get("principalId");
            if (!users.contains(principal)) {
                return error(
                        400,
                        "Request_BadRequest",
                        "Invalid value specified for property 'principalId' of resource 'OAuth2PermissionGrant'.");
            }
            boolean exists = grants.values().stream()
                    .anyMatch(g -> g.clientId().equals(body.get("clientId"))
                            && g.principalId().equals(principal)
                            && g.resourceId().equals(body.get("resourceId")));
            if (exists) {
                createConflicts.incrementAndGet();
                return error(409, "Request_MultipleObjectsWithSameKeyValue", "Permission entry already exists.");
            }
            Grant g = new Grant(
                    "grant-" + UUID.randomUUID(),
                    (String) body.get("clientId"),
                    principal,
                    (String) body.get("resourceId"),
                    (String) body.get("scope"));
            grants.put(g.id(), g);
            return ok(201, grantJson(g));
        }
        if (method.equals("PATCH") && url.startsWith("/oauth2PermissionGrants/")) {
            writes.incrementAndGet();
            Grant g = grants.get(url.substring("/oauth2PermissionGrants/".length()));
            if (g == null) {
                return error(404, "Request_ResourceNotFound");
            }
            grants.put(g.id(), new Grant(g.id(), g.clientId(), g.principalId(), g.resourceId(), (String)
                    body.get("scope")));
            return ok(204, Map.of());
        }
        Matcher assigned = Pattern.compile("/servicePrincipals/([^/?]+)/appRoleAssignedTo(\\?.*)?")
                .matcher(url);
        if (assigned.matches() && method.equals("GET")) {
            List<Object> items = new ArrayList<>();
            for (String a : assignments) {
                String[] parts = a.split("\\|");
                if (parts[0].equals(assigned.group(1))) {
                    items.add(Map.of("principalId", parts[1], "appRoleId", GrantPlanner.DEFAULT_APP_ROLE, "id", a));
                }
            }
            return page(url, items);
        }
        if (assigned.matches() && method.equals("POST")) {
            writes.incrementAndGet();
            String principal = (String) body.get("principalId");
            if (!users.contains(principal)) {
                return error(404, "Request_ResourceNotFound", "Resource '" + principal + "' does not exist.");
            }
            if (!assignments.add(assigned.group(1) + "|" + principal)) {
                return error(400, "Request_BadRequest", "Permission being assigned already exists on the object.");
            }
            return ok(201, Map.of("id", "a-" + principal));
        }
        throw new IllegalArgumentException(method + " " + url);
    }

    private Map<String, Object> page(String url, List<Object> items) {
        int offset = 0;
        Matcher skip = Pattern.compile("\\$skiptoken=(\\d+)").matcher(url);
        if (skip.find()) {
            offset = Integer.parseInt(skip.group(1));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        int to = Math.min(items.size(), offset + pageSize);
        body.put("value", new ArrayList<>(items.subList(Math.min(offset, items.size()), to)));
        if (to < items.size()) {
            String base = url.replaceAll("&\\$skiptoken=\\d+", "");
            body.put(
                    "@odata.nextLink",
                    GraphClient.BASE + base.replace(" ", "%20").replace("'", "%27") + "&$skiptoken=" + to);
        }
        return ok(200, body);
    }

    private static boolean match(Map<String, String> f, String key, String value) {
        return !f.containsKey(key) || f.get(key).equalsIgnoreCase(value);
    }

    private static Map<String, String> filter(String url) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = EQ.matcher(url);
        while (m.find()) {
            out.put(m.group(1), m.group(2));
        }
        return out;
    }

    private static Map<String, Object> grantJson(Grant g) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", g.id());
        json.put("clientId", g.clientId());
        json.put("consentType", "Principal");
        json.put("principalId", g.principalId());
        json.put("resourceId", g.resourceId());
        json.put("scope", g.scope());
        return json;
    }

    private static Map<String, Object> ok(int status, Map<String, Object> body) {
        Map<String, Object> out = new LinkedHashMap<>(body);
        out.put("#status", status);
        return out;
    }

    private static Map<String, Object> error(int status, String code) {
        return error(status, code, code);
    }

    private static Map<String, Object> error(int status, String code, String message) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("error", Map.of("code", code, "message", message));
        out.put("#status", status);
        return out;
    }

    List<Grant> grantsOf(String clientSp, String user) {
        return grants.values().stream()
                .filter(g -> g.clientId().equals(clientSp) && g.principalId().equals(user))
                .toList();
    }
}
