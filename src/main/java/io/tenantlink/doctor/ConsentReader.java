package io.tenantlink.doctor;

import io.tenantlink.microsoft.GraphGateway;
import io.tenantlink.microsoft.GraphGateway.DelegatedGrant;
import io.tenantlink.microsoft.GraphGateway.RoleAssignment;
import io.tenantlink.microsoft.GraphGateway.ServicePrincipalInfo;
import io.tenantlink.microsoft.GraphRequest;
import io.tenantlink.microsoft.GraphRequest.AppRoleAssignedTo;
import io.tenantlink.microsoft.GraphRequest.DelegatedGrants;
import io.tenantlink.microsoft.GraphRequest.ServicePrincipalByAppId;
import io.tenantlink.microsoft.ManagementAccess;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads what a tenant has granted, through Graph with the consent-management app's app-only token:
 * Microsoft Graph's own service principal once (its app roles map an appRoleId to a permission
 * name), one service principal lookup per distinct client id, the tenant-wide delegated grant of each
 * present one, and the application permissions assigned to them (Graph's appRoleAssignedTo, read once
 * and filtered by principalId).
 */
@ApplicationScoped
public class ConsentReader {

    public static final String GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";
    private static final Pattern GUID =
            Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
    private static final int MAX_PAGES = 50;

    @Inject
    ManagementAccess management;

    public sealed interface Reading permits Read, Failure {}

    /** Facts per client id (lower case). */
    public record Read(Map<String, ClientFacts> facts) implements Reading {}

    public enum FailureKind {
        /** The tenant has not consented to TenantLink's consent-management app (Microsoft refused its token). */
        NOT_CONSENTED,
        /** No consent-management app is configured (outside sandbox mode). */
        NOT_CONFIGURED,
        /** Graph answered 401 or 403: the management app lacks a permission it needs. */
        FORBIDDEN,
        /** Graph answered another error. */
        GRAPH_ERROR,
        /** Microsoft did not answer. */
        UNAVAILABLE
    }

    /** Why the tenant's consent could not be read; detail is for the audit log (codes, statuses), never a secret. */
    public record Failure(FailureKind kind, String detail) implements Reading {}

    private static final class Stop extends Exception {
        final Failure failure;

        Stop(Failure failure) {
            super(failure.detail(), null, false, false);
            this.failure = failure;
        }
    }

    public Reading read(String tenantId, Collection<String> clientIds) throws InterruptedException {
        ManagementAccess.Access access;
        try {
            access = management.appOnly(tenantId);
        } catch (IOException e) {
            return new Failure(FailureKind.UNAVAILABLE, "token request: " + e.getMessage());
        }
        if (access instanceof ManagementAccess.NotConfigured) {
            return new Failure(FailureKind.NOT_CONFIGURED, "no consent-management app registration configured");
        }
        if (access instanceof ManagementAccess.Refused refused) {
            return new Failure(
                    FailureKind.NOT_CONSENTED, "AADSTS" + refused.reason().code());
        }
        return read(((ManagementAccess.Granted) access).gateway(), clientIds);
    }

    /** The facts of these client ids read through this gateway, or why they could not be. */
    static Reading read(GraphGateway graph, Collection<String> clientIds) {
        try {
            return new Read(facts(graph, clientIds));
        } catch (Stop stop) {
            return stop.failure;
        } catch (IOException e) {
            return new Failure(FailureKind.UNAVAILABLE, "Graph: " + e.getMessage());
        }
    }

    private static Map<String, ClientFacts> facts(GraphGateway graph, Collection<String> clientIds)
            throws IOException, Stop {
        ServicePrincipalInfo microsoftGraph = ask(
                        graph, new ServicePrincipalByAppId(requireGuid(GRAPH_APP_ID), true), "service principals")
                .orElseThrow(() -> new Stop(
                        new Failure(FailureKind.GRAPH_ERROR, "Microsoft Graph's service principal was not found")));
        String graphSpId = microsoftGraph.id();
        Map<String, String> roleNames = microsoftGraph.appRoles();
        Map<String, String> spIds = new LinkedHashMap<>();
        Map<String, ClientFacts> facts = new LinkedHashMap<>();
        for (String clientId : new LinkedHashSet<>(
                clientIds.stream().map(c -> c.toLowerCase(Locale.ROOT)).toList())) {
            Optional<ServicePrincipalInfo> sp =
                    ask(graph, new ServicePrincipalByAppId(requireGuid(clientId)), "service principals");
            if (sp.isEmpty()) {
                facts.put(clientId, ClientFacts.notInstalled(clientId));
            } else {
                spIds.put(clientId, requireGuid(sp.get().id()).toLowerCase(Locale.ROOT));
            }
        }
        if (spIds.isEmpty()) {
            return facts;
        }
        Map<String, Set<String>> application = new HashMap<>();
        for (RoleAssignment assignment :
                all(graph, new AppRoleAssignedTo(requireGuid(graphSpId)), "appRoleAssignedTo")) {
            if (assignment.principalId() != null && assignment.appRoleId() != null) {
                String name = roleNames.get(assignment.appRoleId().toLowerCase(Locale.ROOT));
                if (name != null) {
                    application
                            .computeIfAbsent(
                                    assignment.principalId().toLowerCase(Locale.ROOT), k -> new LinkedHashSet<>())
                            .add(name);
                }
            }
        }
        for (Map.Entry<String, String> e : spIds.entrySet()) {
            String spId = e.getValue();
            Set<String> delegated = new LinkedHashSet<>();
            for (DelegatedGrant grant : all(
                    graph,
                    new DelegatedGrants(spId, GraphRequest.ConsentType.ALL_PRINCIPALS, null, null),
                    "oauth2PermissionGrants")) {
                if (grant.resourceId() != null
                        && grant.resourceId().equalsIgnoreCase(graphSpId)
                        && grant.scope() != null) {
                    for (String scope : grant.scope().trim().split("\\s+")) {
                        if (!scope.isBlank()) {
                            delegated.add(scope);
                        }
                    }
                }
            }
            facts.put(
                    e.getKey(), new ClientFacts(e.getKey(), spId, delegated, application.getOrDefault(spId, Set.of())));
        }
        return facts;
    }

    /** One request's value; Graph's refusal as the reading's failure (401/403: the app lacks a permission). */
    private static <T> T ask(GraphGateway graph, GraphRequest<T> request, String what) throws IOException, Stop {
        try {
            return graph.get(request);
        } catch (GraphGateway.GraphRefusal refusal) {
            throw stop(refusal, what);
        }
    }

    /** Every item of a collection (at most {@link #MAX_PAGES} pages of 999). */
    private static <T> List<T> all(GraphGateway graph, GraphRequest<GraphGateway.Page<T>> first, String what)
            throws IOException, Stop {
        try {
            return graph.all(first, MAX_PAGES * GraphRequest.PAGE_SIZE);
        } catch (GraphGateway.GraphRefusal refusal) {
            throw stop(refusal, what);
        }
    }

    private static Stop stop(GraphGateway.GraphRefusal refusal, String what) {
        return new Stop(new Failure(
                refusal.status() == 401 || refusal.status() == 403 ? FailureKind.FORBIDDEN : FailureKind.GRAPH_ERROR,
                "Graph " + refusal.status()
                        + (refusal.code() == null || refusal.code().isBlank() ? "" : " " + refusal.code()) + " on "
                        + what));
    }

    private static String requireGuid(String id) throws Stop {
        if (id == null || !GUID.matcher(id).matches()) {
            throw new Stop(new Failure(FailureKind.GRAPH_ERROR, "not an object id"));
        }
        return id;
    }
}
