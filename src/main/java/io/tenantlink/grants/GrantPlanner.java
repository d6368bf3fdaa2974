package io.tenantlink.grants;

import io.tenantlink.microsoft.GraphRequest;
import io.tenantlink.microsoft.GraphRequest.AssignAppRole;
import io.tenantlink.microsoft.GraphRequest.ChangeGrantScope;
import io.tenantlink.microsoft.GraphRequest.CreatePrincipalGrant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
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

    /** One $batch: its requests, and which user and write each stands for ({@code writes.get(i)} for request i). */
    public record Batch(List<UserPlan> users, List<GraphRequest<?>> requests, List<Write> writes) {
        public Batch {
            users = List.copyOf(users);
            requests = List.copyOf(requests);
            writes = List.copyOf(writes);
            if (requests.size() != writes.size()) {
                throw new IllegalArgumentException("one write per request");
            }
        }
    }

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
        List<GraphRequest<?>> requests = new ArrayList<>();
        List<Write> writes = new ArrayList<>();
        for (UserPlan plan : users) {
            switch (plan.grant()) {
                case CREATE -> {
                    requests.add(new CreatePrincipalGrant(
                            context.clientSpId(), plan.userId(), context.graphSpId(), context.scopeText()));
                    writes.add(new Write(plan.userId(), WriteKind.GRANT_CREATE));
                }
                case UPDATE -> {
                    requests.add(new ChangeGrantScope(plan.existing().id(), context.scopeText()));
                    writes.add(new Write(plan.userId(), WriteKind.GRANT_UPDATE));
                }
                case NONE -> {}
            }
            if (plan.assignRole()) {
                requests.add(new AssignAppRole(context.clientSpId(), plan.userId(), DEFAULT_APP_ROLE));
                writes.add(new Write(plan.userId(), WriteKind.ROLE_ASSIGN));
            }
        }
        return new Batch(users, requests, writes);
    }
}
