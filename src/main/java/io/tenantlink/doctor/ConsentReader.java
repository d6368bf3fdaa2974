package io.tenantlink.doctor;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.tenantlink.microsoft.GraphClient;
import io.tenantlink.microsoft.GraphResponse;
import io.tenantlink.microsoft.ManagementAccess;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
    private static final Pattern GUID = Pattern.compile("^[0-9a-fA-F-]{36}$");
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
        return read(((ManagementAccess.Granted) access).graph(), clientIds);
    }

    /** The facts of these client ids read with this Graph client, or why they could not be. */
    static Reading read(GraphClient graph, Collection<String> clientIds) {
        try {
            return new Read(facts(graph, clientIds));
        } catch (Stop stop) {
            return stop.failure;
        } catch (IOException e) {
            return new Failure(FailureKind.UNAVAILABLE, "Graph: " + e.getMessage());
        }
    }

    private static Map<String, ClientFacts> facts(GraphClient graph, Collection<String> clientIds)
            throws IOException, Stop {
        Map<String, Object> microsoftGraph = servicePrincipal(graph, GRAPH_APP_ID, "id,appId,appRoles");
        if (microsoftGraph == null) {
            throw new Stop(new Failure(FailureKind.GRAPH_ERROR, "Microsoft Graph's service principal was not found"));
        }
        String graphSpId = (String) microsoftGraph.get("id");
        Map<String, String> roleNames = new HashMap<>();
        if (microsoftGraph.get("appRoles") instanceof List<?> roles) {
            for (Object r : roles) {
                if (r instanceof Map<?, ?> role
                        && role.get("id") instanceof String id
                        && role.get("value") instanceof String value) {
                    roleNames.put(id.toLowerCase(Locale.ROOT), value);
                }
            }
        }
        Map<String, String> spIds = new LinkedHashMap<>();
        Map<String, ClientFacts> facts = new LinkedHashMap<>();
        for (String clientId : new LinkedHashSet<>(
                clientIds.stream().map(c -> c.toLowerCase(Locale.ROOT)).toList())) {
            Map<String, Object> sp = servicePrincipal(graph, clientId, "id,appId");
            if (sp == null) {
                facts.put(clientId, ClientFacts.notInstalled(clientId));
            } else {
                spIds.put(clientId, ((String) sp.get("id")).toLowerCase(Locale.ROOT));
            }
        }
        if (spIds.isEmpty()) {
            return facts;
        }
        Map<String, Set<String>> application = new HashMap<>();
        for (Map<String, Object> assignment :
                all(graph, "/servicePrincipals/" + graphSpId + "/appRoleAssignedTo?$top=999")) {
            if (assignment.get("principalId") instanceof String principal
                    && assignment.get("appRoleId") instanceof String roleId) {
                String name = roleNames.get(roleId.toLowerCase(Locale.ROOT));
                if (name != null) {
                    application
                            .computeIfAbsent(principal.toLowerCase(Locale.ROOT), k -> new LinkedHashSet<>())
                            .add(name);
                }
            }
        }
        for (Map.Entry<String, String> e : spIds.entrySet()) {
            String spId = e.getValue();
            requireGuid(spId);
            Set<String> delegated = new LinkedHashSet<>();
            String filter = "clientId eq '" + spId + "' and consentType eq 'AllPrincipals'";
            for (Map<String, Object> grant : all(graph, "/oauth2PermissionGrants?$filter=" + encode(filter))) {
                if (grant.get("resourceId") instanceof String resource
                        && resource.equalsIgnoreCase(graphSpId)
                        && grant.get("scope") instanceof String scope) {
                    for (String s : scope.trim().split("\\s+")) {
                        if (!s.isBlank()) {
                            delegated.add(s);
                        }
                    }
                }
            }
            facts.put(
                    e.getKey(), new ClientFacts(e.getKey(), spId, delegated, application.getOrDefault(spId, Set.of())));
        }
        return facts;
    }

    private static Map<String, Object> servicePrincipal(GraphClient graph, String appId, String select)
            throws IOException, Stop {
        requireGuid(appId);
        List<Map<String, Object>> found =
                all(graph, "/servicePrincipals?$filter=" + encode("appId eq '" + appId + "'") + "&$select=" + select);
        return found.isEmpty() ? null : found.get(0);
    }

    /** Every item of a collection, following @odata.nextLink. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> all(GraphClient graph, String relativeUrl) throws IOException, Stop {
        List<Map<String, Object>> items = new ArrayList<>();
        String url = relativeUrl;
        for (int page = 0; url != null && page < MAX_PAGES; page++) {
            GraphResponse response = graph.get(url);
            if (response.status() == 401 || response.status() == 403) {
                throw new Stop(new Failure(FailureKind.FORBIDDEN, "Graph " + response.status() + " on " + path(url)));
            }
            if (!response.ok()) {
                throw new Stop(new Failure(FailureKind.GRAPH_ERROR, "Graph " + response.status() + " on " + path(url)));
            }
            Map<String, Object> body;
            try {
                body = JSONObjectUtils.parse(response.body());
            } catch (ParseException e) {
                throw new Stop(new Failure(
                        FailureKind.GRAPH_ERROR, "Graph answered something that is not JSON on " + path(url)));
            }
            if (body.get("value") instanceof List<?> values) {
                for (Object v : values) {
                    if (v instanceof Map<?, ?> m) {
                        items.add((Map<String, Object>) m);
                    }
                }
            }
            Object next = body.get("@odata.nextLink");
            url = next instanceof String link && link.startsWith(GraphClient.BASE)
                    ? link.substring(GraphClient.BASE.length())
                    : null;
        }
        return items;
    }

    private static String path(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }

    private static void requireGuid(String id) throws Stop {
        if (id == null || !GUID.matcher(id).matches()) {
            throw new Stop(new Failure(FailureKind.GRAPH_ERROR, "not an object id"));
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
