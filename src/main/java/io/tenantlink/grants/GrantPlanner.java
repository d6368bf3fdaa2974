package io.tenantlink.grants;

import io.tenantlink.microsoft.GraphClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The pure part of the limited-user approval: for each user, from what the tenant already holds (the user's
 * Principal grant of the client to Microsoft Graph, and whether the user has the client's default app role),
 * what to write: create the grant, replace its scope, or nothing; and assign the default app role where missing.
 * Then the writes packed into $batch requests of at most 20, never splitting one user over two batches.
 */
public final class GrantPlanner {

    public static final String GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";
    public static final String DEFAULT_APP_ROLE = "00000000-0000-0000-0000-000000000000";

    private GrantPlanner() {}

    /** A user's existing delegated grant (consentType Principal, this client, Microsoft Graph). */
    public record ExistingGrant(String id, String principalId, String scope) {}

    public enum GrantAction {
        CREATE,
        UPDATE,
        NONE
    }

    /** What to write for one user. */
    public record UserPlan(String userId, GrantAction grant, ExistingGrant existing, boolean assignRole) {
        public int requests() {
            return (grant == GrantAction.NONE ? 0 : 1) + (assignRole ? 1 : 0);
        }
    }

    /** The service principals the writes refer to, and the scope to grant. */
    public record Context(String clientSpId, String graphSpId, Set<String> scopes) {
        public String scopeText() {
            return String.join(" ", scopes);
        }
    }

    /** One $batch: its requests and which user and write each request id stands for. */
    public record Batch(List<UserPlan> users, List<GraphClient.BatchRequest> requests, Map<String, Write> writes) {}

    public enum WriteKind {
        GRANT_CREATE,
        GRANT_UPDATE,
        ROLE_ASSIGN
    }

    public record Write(String userId, WriteKind kind) {}

    public static UserPlan plan(String userId, Set<String> desired, ExistingGrant existing, boolean hasRole) {
        GrantAction action = existing == null
                ? GrantAction.CREATE
                : sameScopes(existing.scope(), desired) ? GrantAction.NONE : GrantAction.UPDATE;
        return new UserPlan(userId, action, existing, !hasRole);
    }

    /** Scope sets compared as Entra does: space-separated, order and case ignored. */
    public static boolean sameScopes(String scope, Set<String> desired) {
        return normalise(split(scope)).equals(normalise(desired));
    }

    public static Set<String> split(String scope) {
        Set<String> out = new LinkedHashSet<>();
        if (scope != null) {
            for (String s : scope.trim().split("\\s+")) {
                if (!s.isEmpty()) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    private static Set<String> normalise(Set<String> scopes) {
        Set<String> out = new java.util.TreeSet<>();
        scopes.forEach(s -> out.add(s.toLowerCase(Locale.ROOT)));
        return out;
    }

    /** Packs the users with something to write into batches of at most {@code max} requests. */
    public static List<Batch> batches(List<UserPlan> plans, Context context, int max) {
        List<Batch> out = new ArrayList<>();
        List<UserPlan> current = new ArrayList<>();
        int size = 0;
        for (UserPlan plan : plans) {
            int n = plan.requests();
            if (n == 0) {
                continue;
            }
            if (size + n > max) {
                out.add(batch(current, context));
                current = new ArrayList<>();
                size = 0;
            }
            current.add(plan);
            size += n;
        }
        if (!current.isEmpty()) {
            out.add(batch(current, context));
        }
        return out;
    }

    static Batch batch(List<UserPlan> users, Context context) {
        List<GraphClient.BatchRequest> requests = new ArrayList<>();
        Map<String, Write> writes = new LinkedHashMap<>();
        int n = 0;
        for (UserPlan plan : users) {
            switch (plan.grant()) {
                case CREATE -> {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("clientId", context.clientSpId());
                    body.put("consentType", "Principal");
                    body.put("principalId", plan.userId());
                    body.put("resourceId", context.graphSpId());
                    body.put("scope", context.scopeText());
                    String id = Integer.toString(++n);
                    requests.add(new GraphClient.BatchRequest(id, "POST", "/oauth2PermissionGrants", body, List.of()));
                    writes.put(id, new Write(plan.userId(), WriteKind.GRANT_CREATE));
                }
                case UPDATE -> {
                    String id = Integer.toString(++n);
                    requests.add(new GraphClient.BatchRequest(
                            id,
                            "PATCH",
                            "/oauth2PermissionGrants/" + plan.existing().id(),
                            Map.of("scope", context.scopeText()),
                            List.of()));
                    writes.put(id, new Write(plan.userId(), WriteKind.GRANT_UPDATE));
                }
                case NONE -> {}
            }
            if (plan.assignRole()) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("principalId", plan.userId());
                body.put("resourceId", context.clientSpId());
                body.put("appRoleId", DEFAULT_APP_ROLE);
                String id = Integer.toString(++n);
                requests.add(new GraphClient.BatchRequest(
                        id,
                        "POST",
                        "/servicePrincipals/" + context.clientSpId() + "/appRoleAssignedTo",
                        body,
                        List.of()));
                writes.put(id, new Write(plan.userId(), WriteKind.ROLE_ASSIGN));
            }
        }
        return new Batch(List.copyOf(users), requests, writes);
    }
}
