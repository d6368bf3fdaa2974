package io.tenantlink.sandbox.graph;

import java.util.Collection;
import java.util.Set;

/**
 * Who calls Graph, read from a verified access token: the tenant (tid), the client app (appid), the
 * object id (oid: the signed-in user for delegated tokens, the app's service principal for app-only
 * tokens), and the permissions (scp for delegated tokens, roles for app-only tokens).
 */
public record GraphCaller(
        String tenantId, String appId, String objectId, boolean delegated, Set<String> scopes, Set<String> roles) {

    /** Graph's rule: a delegated token needs one of the delegated permissions, an app-only token one of the application permissions. */
    public boolean hasAny(Collection<String> delegatedPermissions, Collection<String> applicationPermissions) {
        Collection<String> held = delegated ? scopes : roles;
        Collection<String> accepted = delegated ? delegatedPermissions : applicationPermissions;
        return held.stream().anyMatch(h -> accepted.stream().anyMatch(a -> a.equalsIgnoreCase(h)));
    }

    public void require(GraphAccess.Permissions permissions) {
        if (!hasAny(permissions.delegated(), permissions.application())) {
            throw GraphError.denied();
        }
    }

    /** The key throttling counts against: Graph's limits are per app and tenant. */
    public String throttleKey() {
        return appId.toLowerCase(java.util.Locale.ROOT) + "|" + tenantId.toLowerCase(java.util.Locale.ROOT);
    }
}
