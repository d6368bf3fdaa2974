package io.tenantlink.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Microsoft Graph as a resource in every sandbox tenant: its appId, and the ids of its application
 * permissions (app roles). Ids Microsoft publishes are used where listed; others are stable ids
 * derived from the name, so a grant written today still reads the same tomorrow.
 */
public final class GraphPermissions {

    public static final String GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";
    public static final String GRAPH_RESOURCE = "https://graph.microsoft.com";
    public static final String DEFAULT_ROLE = "00000000-0000-0000-0000-000000000000";

    private static final Map<String, String> KNOWN_APP_ROLES = Map.of(
            "User.Read.All", "df021288-bdef-4463-88db-98f22de89214",
            "Chat.Create", "d9c48af6-9ad9-47ad-82c3-63757137b9af",
            "ChatMember.ReadWrite.All", "57257249-34ce-4810-a8a2-a03adf0c5693",
            "TeamsAppInstallation.ReadWriteSelfForChat.All", "73a45059-f39c-4baf-9182-4954ac0e55cf");

    private GraphPermissions() {
    }

    public static String appRoleId(String permission) {
        return KNOWN_APP_ROLES.getOrDefault(permission,
                UUID.nameUUIDFromBytes(("graph-app-role:" + permission).getBytes(StandardCharsets.UTF_8)).toString());
    }

    public static Optional<String> appRoleName(String id, Iterable<String> candidates) {
        for (String name : candidates) {
            if (appRoleId(name).equalsIgnoreCase(id)) {
                return Optional.of(name);
            }
        }
        return Optional.empty();
    }

    /** The Graph service principal's object id in a tenant: stable per tenant, different across tenants. */
    public static String servicePrincipalId(String tenantId) {
        return UUID.nameUUIDFromBytes(("graph-sp:" + tenantId).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
