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

    private static final Map<String, String> KNOWN_APP_ROLES = Map.ofEntries(
            Map.entry("User.Read.All", "df021288-bdef-4463-88db-98f22de89214"),
            Map.entry("Chat.Create", "d9c48af6-9ad9-47ad-82c3-63757137b9af"),
            Map.entry("ChatMember.ReadWrite.All", "57257249-34ce-4810-a8a2-a03adf0c5693"),
            Map.entry("TeamsAppInstallation.ReadWriteSelfForChat.All", "73a45059-f39c-4baf-9182-4954ac0e55cf"),
            // Those the sandbox's Graph endpoints check (GraphAccess).
            Map.entry("User.ReadWrite.All", "741f803b-c850-494e-b5df-cde7c675a1ca"),
            Map.entry("Group.Read.All", "5b567255-7703-4780-807c-7be8301ae99b"),
            Map.entry("GroupMember.Read.All", "98830695-27a2-44f7-8c18-0c3ebc9698f6"),
            Map.entry("Directory.Read.All", "7ab1d382-f21e-4acd-a863-ba3e13f7da61"),
            Map.entry("Directory.ReadWrite.All", "19dbc75e-c2e2-444c-a770-ec69d8559fc7"),
            Map.entry("Application.Read.All", "9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30"),
            Map.entry("Application.ReadWrite.All", "1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9"),
            Map.entry("AppRoleAssignment.ReadWrite.All", "06b708a9-e830-4db3-a914-8e69da51d44f"),
            Map.entry("DelegatedPermissionGrant.ReadWrite.All", "8e8e4742-1d95-4f68-9d56-6ee75648c72a"),
            Map.entry("Organization.Read.All", "498476ce-e0fe-48b0-b801-37ba7e2685c6"));

    /** Ids of Graph's delegated permissions (oauth2PermissionScopes) where Microsoft publishes them. */
    private static final Map<String, String> KNOWN_SCOPES = Map.ofEntries(
            Map.entry("openid", "37f7f235-527c-4136-accd-4a02d197296e"),
            Map.entry("profile", "14dad69e-099b-42c9-810b-d002981feec1"),
            Map.entry("email", "64a6cdd6-aab1-4aaf-94b8-3cc8405e90d0"),
            Map.entry("offline_access", "7427e0e9-2fba-42fe-b0c0-848c9e6a8182"),
            Map.entry("User.Read", "e1fe6dd8-ba31-4d61-89e7-88639da4683d"),
            Map.entry("User.ReadBasic.All", "b340eb25-3456-403f-be2f-af7a0d370277"),
            Map.entry("User.Read.All", "a154be20-db9c-4678-8ab7-66f6cc099a59"),
            Map.entry("Directory.Read.All", "06da0dbc-49e2-44d2-8312-53f166ab848a"),
            Map.entry("Organization.Read.All", "4908d5b9-3fb2-4b1e-9336-1888b7937185"),
            Map.entry("Application.Read.All", "c79f8feb-a9db-4090-85f9-90d820caa0eb"),
            Map.entry("Application.ReadWrite.All", "bdfbf15f-ee85-4955-8675-146e8e5296b5"),
            Map.entry("AppRoleAssignment.ReadWrite.All", "84bccea3-f856-4a8a-967b-dbe0a3d53a64"),
            Map.entry("Chat.Create", "38826093-1258-4dea-98f0-00003be2b8d0"),
            Map.entry("Chat.ReadWrite", "9ff7295e-131b-4d94-90e1-69fde507ac11"),
            Map.entry("ChatMember.ReadWrite", "dea13482-7ea6-488f-8b98-eb5bbecf033d"),
            Map.entry("Channel.ReadBasic.All", "9d8982ae-4365-4f57-95e9-d6032a4c0b87"),
            Map.entry("ChannelMessage.Send", "ebf0f66e-9fb1-49e4-a278-222f76911cf4"),
            Map.entry("Calendars.ReadWrite", "1ec239c2-d7c9-4623-a91a-a9775856bb36"),
            Map.entry("Calendars.ReadWrite.Shared", "12466101-c9b8-439a-8589-dd09ee67e8e9"));

    private GraphPermissions() {}

    public static String appRoleId(String permission) {
        return KNOWN_APP_ROLES.getOrDefault(
                permission,
                UUID.nameUUIDFromBytes(("graph-app-role:" + permission).getBytes(StandardCharsets.UTF_8))
                        .toString());
    }

    /** The id of a delegated permission (an oauth2PermissionScope of Graph's service principal). */
    public static String scopeId(String permission) {
        return KNOWN_SCOPES.getOrDefault(
                permission,
                UUID.nameUUIDFromBytes(("graph-scope:" + permission).getBytes(StandardCharsets.UTF_8))
                        .toString());
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
        // Asked for on every Graph request that names a resource: the name-based UUID (an MD5) is computed once per
        // tenant.
        return GRAPH_SP_IDS.computeIfAbsent(
                tenantId,
                t -> UUID.nameUUIDFromBytes(("graph-sp:" + t).getBytes(StandardCharsets.UTF_8))
                        .toString());
    }

    private static final java.util.Map<String, String> GRAPH_SP_IDS = new java.util.concurrent.ConcurrentHashMap<>();
}
