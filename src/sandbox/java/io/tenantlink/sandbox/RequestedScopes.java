package io.tenantlink.sandbox;

import io.tenantlink.sandbox.directory.DirectoryData;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * A scope parameter as the identity platform reads it: OpenID Connect scopes, Microsoft Graph
 * permissions (bare "User.Read" or "https://graph.microsoft.com/User.Read"), or ".default" for
 * everything the app registration lists.
 */
public record RequestedScopes(
        Set<String> openId, Set<String> graph, boolean graphDefault, Set<String> unknownResource) {

    private static final Set<String> OIDC = Set.of("openid", "profile", "email", "offline_access");
    private static final String GRAPH_PREFIX = GraphPermissions.GRAPH_RESOURCE + "/";

    public static RequestedScopes parse(String scope) {
        Set<String> openId = new LinkedHashSet<>();
        Set<String> graph = new LinkedHashSet<>();
        Set<String> unknown = new LinkedHashSet<>();
        boolean graphDefault = false;
        for (String s : ConsentStore.split(scope)) {
            String lower = s.toLowerCase(Locale.ROOT);
            if (OIDC.contains(lower)) {
                openId.add(lower);
            } else if (lower.equals(GRAPH_PREFIX + ".default")
                    || lower.equals(GraphPermissions.GRAPH_APP_ID + "/.default")) {
                graphDefault = true;
            } else if (lower.startsWith(GRAPH_PREFIX)) {
                graph.add(s.substring(GRAPH_PREFIX.length()));
            } else if (s.contains("/") || s.contains(":")) {
                unknown.add(s);
            } else {
                graph.add(s);
            }
        }
        return new RequestedScopes(openId, graph, graphDefault, unknown);
    }

    /** The Graph delegated permissions asked for, with ".default" expanded to the app's registered ones. */
    public Set<String> delegated(DirectoryData.Application app) {
        Set<String> all = new LinkedHashSet<>(graph);
        if (graphDefault) {
            all.addAll(app.delegatedScopes);
        }
        return all;
    }

    /** Graph permissions asked for that Microsoft Graph does not publish (invalid_scope). */
    public Set<String> notPublished(Set<String> published) {
        Set<String> unknown = new LinkedHashSet<>();
        for (String s : graph) {
            if (published.stream().noneMatch(p -> p.equalsIgnoreCase(s))) {
                unknown.add(s);
            }
        }
        return unknown;
    }

    /**
     * Permissions the app registration does not declare: with dynamic consent Microsoft asks the user for them like any
     * other (v2-permissions-and-consent), so this only tells them apart.
     */
    public Set<String> undeclared(DirectoryData.Application app) {
        Set<String> missing = new LinkedHashSet<>();
        for (String s : graph) {
            if (app.delegatedScopes.stream().noneMatch(d -> d.equalsIgnoreCase(s))) {
                missing.add(s);
            }
        }
        return missing;
    }

    public boolean offlineAccess() {
        return openId.contains("offline_access");
    }
}
