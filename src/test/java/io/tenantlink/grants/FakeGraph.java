package io.tenantlink.grants;

import io.tenantlink.microsoft.GraphAnswer;
import io.tenantlink.microsoft.GraphGateway;
import io.tenantlink.microsoft.GraphGateway.DelegatedGrant;
import io.tenantlink.microsoft.GraphGateway.Page;
import io.tenantlink.microsoft.GraphGateway.RoleAssignment;
import io.tenantlink.microsoft.GraphGateway.ServicePrincipalInfo;
import io.tenantlink.microsoft.GraphRequest;
import io.tenantlink.microsoft.GraphRequest.AppRoleAssignedTo;
import io.tenantlink.microsoft.GraphRequest.AssignAppRole;
import io.tenantlink.microsoft.GraphRequest.ChangeGrantScope;
import io.tenantlink.microsoft.GraphRequest.CreatePrincipalGrant;
import io.tenantlink.microsoft.GraphRequest.CreateServicePrincipal;
import io.tenantlink.microsoft.GraphRequest.DelegatedGrants;
import io.tenantlink.microsoft.GraphRequest.GroupUserMembers;
import io.tenantlink.microsoft.GraphRequest.NextPage;
import io.tenantlink.microsoft.GraphRequest.ServicePrincipalByAppId;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory tenant as the engine sees it through Graph's typed requests: service principals, Principal grants, app
 * role assignments, groups. Answers as Graph does (statuses, error codes and messages, pages with a nextLink).
 */
final class FakeGraph implements GrantGraph {

    static final String GRAPH_SP = "graph-sp-0000";
    static final String NEXT = "https://graph.microsoft.com/v1.0/fake?$skiptoken=";

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
    /** The next n reads sent alone (not batched) are answered 500. */
    final AtomicInteger failNextReads = new AtomicInteger();

    int pageSize = 999;
    /** How long each $batch takes (outside the fake's lock, as a network round trip would). */
    volatile int batchDelayMillis;
    /** group id -> members, already transitive: user ids, and anything else as "group:<id>". */
    final Map<String, List<String>> groups = new ConcurrentHashMap<>();

    FakeGraph() {
        servicePrincipals.put(GrantPlanner.GRAPH_APP_ID, GRAPH_SP);
    }

    @Override
    public synchronized <T> GraphAnswer<T> send(GraphRequest<T> request) {
        httpRequests.incrementAndGet();
        if (tokenRefused) {
            return GraphAnswer.refused(
                    401, "InvalidAuthenticationToken", "Access token has expired.", OptionalLong.empty());
        }
        if (!write(request) && failNextReads.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return GraphAnswer.refused(500, "generalException", "boom", OptionalLong.empty());
        }
        return operation(request);
    }

    @Override
    public <T> List<GraphAnswer<T>> batch(List<? extends GraphRequest<? extends T>> requests) throws IOException {
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

    @SuppressWarnings("unchecked")
    private synchronized <T> List<GraphAnswer<T>> batchNow(List<? extends GraphRequest<? extends T>> requests)
            throws IOException {
        if (requests.size() > GraphGateway.MAX_BATCH) {
            throw new IllegalArgumentException("more than 20");
        }
        httpRequests.incrementAndGet();
        if (tokenRefused) {
            throw new GraphGateway.BatchRefused(401);
        }
        List<GraphAnswer<T>> out = new ArrayList<>();
        for (GraphRequest<? extends T> r : requests) {
            if (write(r) && throttleNextWrites.get() > 0) {
                throttleNextWrites.decrementAndGet();
                out.add(GraphAnswer.refused(429, "TooManyRequests", "Too many requests.", OptionalLong.of(1)));
                continue;
            }
            out.add((GraphAnswer<T>) operation(r));
        }
        boolean writesInside = requests.stream().anyMatch(FakeGraph::write);
        if (writesInside && loseNextBatchAnswers.get() > 0) {
            loseNextBatchAnswers.decrementAndGet();
            throw new IOException("read timed out");
        }
        return out;
    }

    private static boolean write(GraphRequest<?> r) {
        return r instanceof CreatePrincipalGrant
                || r instanceof ChangeGrantScope
                || r instanceof AssignAppRole
                || r instanceof CreateServicePrincipal;
    }

    @SuppressWarnings("unchecked")
    private <T> GraphAnswer<T> operation(GraphRequest<T> request) {
        return (GraphAnswer<T>) answer(request);
    }

    private GraphAnswer<?> answer(GraphRequest<?> request) {
        int offset = 0;
        GraphRequest<?> kind = request;
        if (request instanceof NextPage<?> next) {
            offset = Integer.parseInt(next.link().substring(NEXT.length()));
            kind = next.first();
        }
        if (kind instanceof ServicePrincipalByAppId r) {
            String id = servicePrincipals.get(r.appId());
            return GraphAnswer.of(
                    200, Optional.ofNullable(id).map(i -> new ServicePrincipalInfo(i, r.appId(), Map.of(), List.of())));
        }
        if (kind instanceof GroupUserMembers r) {
            List<String> members = groups.get(r.groupId());
            if (members == null) {
                return GraphAnswer.refused(
                        404, "Request_ResourceNotFound", "Resource '" + r.groupId() + "' does not exist.", null);
            }
            // Graph pages every member; the gateway keeps the users of each page.
            Page<String> page = page(members, offset).value();
            return GraphAnswer.of(
                    200,
                    new Page<>(
                            page.items().stream()
                                    .filter(m -> !m.startsWith("group:"))
                                    .toList(),
                            page.nextLink()));
        }
        if (kind instanceof CreateServicePrincipal r) {
            writes.incrementAndGet();
            if (servicePrincipals.containsKey(r.appId())) {
                return GraphAnswer.refused(
                        409, "Request_MultipleObjectsWithSameKeyValue", "Another object has the same appId.", null);
            }
            String id = "sp-" + UUID.randomUUID();
            servicePrincipals.put(r.appId(), id);
            return GraphAnswer.of(201, id);
        }
        if (kind instanceof DelegatedGrants r) {
            List<DelegatedGrant> items = new ArrayList<>();
            for (Grant g : grants.values()) {
                if (g.clientId().equalsIgnoreCase(r.clientId())
                        && (r.principalId() == null || r.principalId().equalsIgnoreCase(g.principalId()))
                        && (r.resourceId() == null || r.resourceId().equalsIgnoreCase(g.resourceId()))) {
                    items.add(json(g));
                }
            }
            return page(items, offset);
        }
        if (kind instanceof CreatePrincipalGrant r) {
            writes.incrementAndGet();
            if (!users.contains(r.principalId())) {
                return GraphAnswer.refused(
                        400,
                        "Request_BadRequest",
                        "Invalid value specified for property 'principalId' of resource 'OAuth2PermissionGrant'.",
                        null);
            }
            boolean exists = grants.values().stream()
                    .anyMatch(g -> g.clientId().equals(r.clientId())
                            && g.principalId().equals(r.principalId())
                            && g.resourceId().equals(r.resourceId()));
            if (exists) {
                createConflicts.incrementAndGet();
                return GraphAnswer.refused(
                        409, "Request_MultipleObjectsWithSameKeyValue", "Permission entry already exists.", null);
            }
            Grant g = new Grant("grant-" + UUID.randomUUID(), r.clientId(), r.principalId(), r.resourceId(), r.scope());
            grants.put(g.id(), g);
            return GraphAnswer.of(201, json(g));
        }
        if (kind instanceof ChangeGrantScope r) {
            writes.incrementAndGet();
            Grant g = grants.get(r.grantId());
            if (g == null) {
                return GraphAnswer.refused(404, "Request_ResourceNotFound", "Resource not found.", null);
            }
            grants.put(g.id(), new Grant(g.id(), g.clientId(), g.principalId(), g.resourceId(), r.scope()));
            return GraphAnswer.of(204, null);
        }
        if (kind instanceof AppRoleAssignedTo r) {
            List<RoleAssignment> items = new ArrayList<>();
            for (String a : assignments) {
                String[] parts = a.split("\\|");
                if (parts[0].equals(r.resourceId())) {
                    items.add(new RoleAssignment(a, parts[1], parts[0], GrantPlanner.DEFAULT_APP_ROLE));
                }
            }
            return page(items, offset);
        }
        if (kind instanceof AssignAppRole r) {
            writes.incrementAndGet();
            if (!users.contains(r.principalId())) {
                return GraphAnswer.refused(
                        404, "Request_ResourceNotFound", "Resource '" + r.principalId() + "' does not exist.", null);
            }
            if (!assignments.add(r.resourceId() + "|" + r.principalId())) {
                return GraphAnswer.refused(
                        400, "Request_BadRequest", "Permission being assigned already exists on the object.", null);
            }
            return GraphAnswer.of(
                    201, new RoleAssignment("a-" + r.principalId(), r.principalId(), r.resourceId(), r.appRoleId()));
        }
        throw new IllegalArgumentException("not served by the fake: " + request);
    }

    private <T> GraphAnswer<Page<T>> page(List<T> items, int offset) {
        int to = Math.min(items.size(), offset + pageSize);
        List<T> value = new ArrayList<>(items.subList(Math.min(offset, items.size()), to));
        return GraphAnswer.of(200, new Page<>(value, to < items.size() ? NEXT + to : null));
    }

    private static DelegatedGrant json(Grant g) {
        return new DelegatedGrant(g.id(), g.clientId(), "Principal", g.principalId(), g.resourceId(), g.scope());
    }

    List<Grant> grantsOf(String clientSp, String user) {
        return grants.values().stream()
                .filter(g -> g.clientId().equals(clientSp) && g.principalId().equals(user))
                .toList();
    }
}
