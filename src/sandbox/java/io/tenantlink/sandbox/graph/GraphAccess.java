package io.tenantlink.sandbox.graph;

import java.util.List;

/**
 * The permissions each Graph operation of the stand-in accepts, after the "Permissions" tables of
 * Microsoft's API reference (learn.microsoft.com/graph/api/...): the least privileged one first,
 * then the higher privileged ones Graph also accepts. Kept deliberately small: only what the
 * sandbox serves. A delegated token needs one of {@code delegated} in its scp claim, an app-only
 * token one of {@code application} in its roles claim; otherwise 403 Authorization_RequestDenied.
 */
public final class GraphAccess {

    /** Permissions accepted for one operation. An empty list means "not supported" for that kind of token. */
    public record Permissions(List<String> delegated, List<String> application) {}

    private GraphAccess() {}

    /** GET /me (user-get): delegated only; an app-only token gets 400 (the dispatcher says so). */
    public static final Permissions ME = new Permissions(
            List.of(
                    "User.Read",
                    "User.ReadWrite",
                    "User.ReadBasic.All",
                    "User.Read.All",
                    "User.ReadWrite.All",
                    "Directory.Read.All",
                    "Directory.ReadWrite.All"),
            List.of());

    /** GET /users and GET /users/{id} (user-list, user-get). With User.Read alone, a user may read only themself. */
    public static final Permissions USERS_READ = new Permissions(
            List.of(
                    "User.ReadBasic.All",
                    "User.Read.All",
                    "User.ReadWrite.All",
                    "Directory.Read.All",
                    "Directory.ReadWrite.All"),
            List.of("User.Read.All", "User.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"));

    /** GET /users/delta (user-delta): Microsoft lists User.Read as the least privileged delegated permission. */
    public static final Permissions USERS_DELTA = new Permissions(
            List.of(
                    "User.Read",
                    "User.ReadWrite",
                    "User.ReadBasic.All",
                    "User.Read.All",
                    "User.ReadWrite.All",
                    "Directory.Read.All",
                    "Directory.ReadWrite.All"),
            List.of("User.Read.All", "User.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"));

    /** GET /groups/{id}/transitiveMembers (group-list-transitivemembers). */
    public static final Permissions GROUP_MEMBERS_READ = new Permissions(
            List.of(
                    "GroupMember.Read.All",
                    "Group.Read.All",
                    "GroupMember.ReadWrite.All",
                    "Group.ReadWrite.All",
                    "Directory.Read.All",
                    "Directory.ReadWrite.All"),
            List.of(
                    "GroupMember.Read.All",
                    "Group.Read.All",
                    "GroupMember.ReadWrite.All",
                    "Group.ReadWrite.All",
                    "Directory.Read.All",
                    "Directory.ReadWrite.All"));

    /** GET /servicePrincipals, /servicePrincipals/{id} (serviceprincipal-list, -get). */
    public static final Permissions SERVICE_PRINCIPALS_READ = new Permissions(
            List.of(
                    "Application.Read.All",
                    "Application.ReadWrite.All",
                    "Directory.Read.All",
                    "Directory.ReadWrite.All"),
            List.of(
                    "Application.Read.All",
                    "Application.ReadWrite.All",
                    "Directory.Read.All",
                    "Directory.ReadWrite.All"));

    /**
     * GET /applications, /applications/{id}, /applications(appId='…') (https://learn.microsoft.com/graph/api/
     * application-get, application-list): delegated Application.Read.All, then Application.ReadWrite.All and
     * Directory.Read.All; application Application.Read.All, then Application.ReadWrite.All. Graph also lists
     * Application.ReadWrite.OwnedBy (applications the caller owns); the stand-in keeps no owners, so it does not accept
     * it. Unlike a service principal, an app reads its own application object only with one of these.
     */
    public static final Permissions APPLICATIONS_READ = new Permissions(
            List.of("Application.Read.All", "Application.ReadWrite.All", "Directory.Read.All"),
            List.of("Application.Read.All", "Application.ReadWrite.All"));

    /** POST /servicePrincipals (serviceprincipal-post-serviceprincipals). */
    public static final Permissions SERVICE_PRINCIPALS_WRITE = new Permissions(
            List.of("Application.ReadWrite.All", "Directory.ReadWrite.All"),
            List.of("Application.ReadWrite.All", "Directory.ReadWrite.All"));

    /** GET /oauth2PermissionGrants (oauth2permissiongrant-list, -get). */
    public static final Permissions GRANTS_READ = new Permissions(
            List.of(
                    "DelegatedPermissionGrant.Read.All",
                    "DelegatedPermissionGrant.ReadWrite.All",
                    "Directory.Read.All",
                    "Directory.ReadWrite.All"),
            List.of(
                    "DelegatedPermissionGrant.Read.All",
                    "DelegatedPermissionGrant.ReadWrite.All",
                    "Directory.Read.All",
                    "Directory.ReadWrite.All"));

    /** POST, PATCH, DELETE /oauth2PermissionGrants (oauth2permissiongrant-post, -update, -delete). */
    public static final Permissions GRANTS_WRITE = new Permissions(
            List.of("DelegatedPermissionGrant.ReadWrite.All", "Directory.ReadWrite.All"),
            List.of("DelegatedPermissionGrant.ReadWrite.All", "Directory.ReadWrite.All"));

    /** GET /servicePrincipals/{id}/appRoleAssignedTo (serviceprincipal-list-approleassignedto). */
    public static final Permissions ASSIGNMENTS_READ = new Permissions(
            List.of(
                    "Application.Read.All",
                    "AppRoleAssignment.ReadWrite.All",
                    "Application.ReadWrite.All",
                    "Directory.Read.All",
                    "Directory.ReadWrite.All"),
            List.of(
                    "Application.Read.All",
                    "AppRoleAssignment.ReadWrite.All",
                    "Application.ReadWrite.All",
                    "Directory.Read.All",
                    "Directory.ReadWrite.All"));

    /**
     * POST /servicePrincipals/{id}/appRoleAssignedTo (serviceprincipal-post-approleassignedto). Microsoft lists
     * "AppRoleAssignment.ReadWrite.All and Application.Read.All"; the sandbox accepts the first alone.
     */
    public static final Permissions ASSIGNMENTS_WRITE = new Permissions(
            List.of("AppRoleAssignment.ReadWrite.All", "Application.ReadWrite.All", "Directory.ReadWrite.All"),
            List.of("AppRoleAssignment.ReadWrite.All", "Application.ReadWrite.All", "Directory.ReadWrite.All"));

    /**
     * DELETE /servicePrincipals/{id}/appRoleAssignedTo/{assignmentId}
     * (https://learn.microsoft.com/graph/api/serviceprincipal-delete-approleassignedto): AppRoleAssignment.ReadWrite.All,
     * delegated and application, and no higher privileged permission listed.
     */
    public static final Permissions ASSIGNMENTS_DELETE =
            new Permissions(List.of("AppRoleAssignment.ReadWrite.All"), List.of("AppRoleAssignment.ReadWrite.All"));

    /**
     * GET /organization and GET /organization/{id} (https://learn.microsoft.com/graph/api/organization-get,
     * organization-list): delegated User.Read, then Organization.Read.All, Directory.Read.All, Organization.ReadWrite.All,
     * Directory.ReadWrite.All; application Organization.Read.All and the same higher ones. Every user role may read it.
     */
    public static final Permissions ORGANIZATION_READ = new Permissions(
            List.of(
                    "User.Read",
                    "Organization.Read.All",
                    "Directory.Read.All",
                    "Organization.ReadWrite.All",
                    "Directory.ReadWrite.All"),
            List.of(
                    "Organization.Read.All",
                    "Directory.Read.All",
                    "Organization.ReadWrite.All",
                    "Directory.ReadWrite.All"));

    /**
     * organization-get: "Applications granted the User.Read permission are able to read only the id, displayName, and
     * verifiedDomains properties of the organization. All other properties return with null values." These read them all.
     */
    public static final Permissions ORGANIZATION_READ_ALL_PROPERTIES = new Permissions(
            List.of(
                    "Organization.Read.All",
                    "Directory.Read.All",
                    "Organization.ReadWrite.All",
                    "Directory.ReadWrite.All"),
            List.of(
                    "Organization.Read.All",
                    "Directory.Read.All",
                    "Organization.ReadWrite.All",
                    "Directory.ReadWrite.All"));

    /** POST /chats (chat-post): Chat.Create, then Chat.ReadWrite; application Chat.Create (Teamwork.Migrate.All too). */
    public static final Permissions CHATS_CREATE =
            new Permissions(List.of("Chat.Create", "Chat.ReadWrite"), List.of("Chat.Create", "Teamwork.Migrate.All"));

    /** GET /chats/{id} and GET /chats (chat-get, chat-list): a delegated caller must also be a member. */
    public static final Permissions CHATS_READ = new Permissions(
            List.of("Chat.ReadBasic", "Chat.Read", "Chat.ReadWrite"),
            List.of("Chat.ReadBasic.All", "Chat.Read.All", "Chat.ReadWrite.All"));

    /** GET /chats/{id}/members (chat-list-members). */
    public static final Permissions CHAT_MEMBERS_READ = new Permissions(
            List.of("ChatMember.Read", "ChatMember.ReadWrite", "Chat.ReadBasic", "Chat.Read", "Chat.ReadWrite"),
            List.of(
                    "ChatMember.Read.All",
                    "ChatMember.ReadWrite.All",
                    "Chat.ReadBasic.All",
                    "Chat.Read.All",
                    "Chat.ReadWrite.All"));

    /** POST /chats/{id}/members (chat-post-members). */
    public static final Permissions CHAT_MEMBERS_WRITE = new Permissions(
            List.of("ChatMember.ReadWrite", "Chat.ReadWrite"),
            List.of("ChatMember.ReadWrite.All", "Chat.ReadWrite.All"));

    /** GET /chats/{id}/messages (chat-list-messages). */
    public static final Permissions CHAT_MESSAGES_READ =
            new Permissions(List.of("Chat.Read", "Chat.ReadWrite"), List.of("Chat.Read.All", "Chat.ReadWrite.All"));

    /**
     * POST /chats/{id}/messages (chat-post-messages): delegated only; Graph accepts application
     * permissions (Teamwork.Migrate.All) only for message import, which the sandbox does not serve.
     */
    public static final Permissions CHAT_MESSAGES_SEND =
            new Permissions(List.of("ChatMessage.Send", "Chat.ReadWrite"), List.of());

    /** POST /me/onlineMeetings (application-post-onlinemeetings): delegated; app-only tokens need /users/{id}/onlineMeetings. */
    public static final Permissions ONLINE_MEETINGS_WRITE =
            new Permissions(List.of("OnlineMeetings.ReadWrite"), List.of("OnlineMeetings.ReadWrite.All"));

    /**
     * POST /chats/{id}/installedApps (https://learn.microsoft.com/graph/api/chat-post-installedapps): delegated
     * TeamsAppInstallation.ReadWriteSelfForChat, then ManageSelectedForChat, ReadWriteAndConsentForChat,
     * ReadWriteAndConsentSelfForChat, ReadWriteForChat; application the same with ".All", and Chat.Manage.Chat.
     */
    public static final Permissions CHAT_APPS_WRITE = new Permissions(
            List.of(
                    "TeamsAppInstallation.ReadWriteSelfForChat",
                    "TeamsAppInstallation.ManageSelectedForChat",
                    "TeamsAppInstallation.ReadWriteAndConsentForChat",
                    "TeamsAppInstallation.ReadWriteAndConsentSelfForChat",
                    "TeamsAppInstallation.ReadWriteForChat"),
            List.of(
                    "TeamsAppInstallation.ReadWriteSelfForChat.All",
                    "Chat.Manage.Chat",
                    "TeamsAppInstallation.ManageSelectedForChat.All",
                    "TeamsAppInstallation.ReadWriteAndConsentForChat.All",
                    "TeamsAppInstallation.ReadWriteAndConsentSelfForChat.All",
                    "TeamsAppInstallation.ReadWriteForChat.All"));

    /**
     * GET /chats/{id}/installedApps (https://learn.microsoft.com/graph/api/chat-list-installedapps): delegated
     * TeamsAppInstallation.ReadForChat, then ReadWriteSelfForChat, ManageSelectedForChat, ReadWriteForChat; application
     * TeamsAppInstallation.ReadForChat.All, then ReadWriteSelfForChat.All, Chat.Manage.Chat, ManageSelectedForChat.All,
     * TeamsAppInstallation.Read.All, ReadWriteForChat.All; and the ReadWriteAndConsent(Self)ForChat ones (resource-specific
     * consent) the page lists too.
     */
    public static final Permissions CHAT_APPS_READ = new Permissions(
            List.of(
                    "TeamsAppInstallation.ReadForChat",
                    "TeamsAppInstallation.ReadWriteSelfForChat",
                    "TeamsAppInstallation.ManageSelectedForChat",
                    "TeamsAppInstallation.ReadWriteForChat",
                    "TeamsAppInstallation.ReadWriteAndConsentSelfForChat",
                    "TeamsAppInstallation.ReadWriteAndConsentForChat"),
            List.of(
                    "TeamsAppInstallation.ReadForChat.All",
                    "TeamsAppInstallation.ReadWriteSelfForChat.All",
                    "Chat.Manage.Chat",
                    "TeamsAppInstallation.ManageSelectedForChat.All",
                    "TeamsAppInstallation.Read.All",
                    "TeamsAppInstallation.ReadWriteForChat.All",
                    "TeamsAppInstallation.ReadWriteAndConsentSelfForChat.All",
                    "TeamsAppInstallation.ReadWriteAndConsentForChat.All"));

    /**
     * In delegated calls that write service principals, grants or app role assignments, Graph also wants
     * the signed-in user to hold a directory role that may do it (role template ids, as in the wids claim).
     */
    public static final List<String> APP_ADMIN_ROLES = List.of(
            "62e90394-69f5-4237-9190-012177145e10", // Global Administrator
            "e8611ab8-c189-46e8-94e1-60213ab1f814", // Privileged Role Administrator
            "158c047a-c907-4556-b7ef-446551a6b5f7", // Cloud Application Administrator
            "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3"); // Application Administrator

    /**
     * Deleting an app role assignment (serviceprincipal-delete-approleassignedto) in delegated calls: the roles that page
     * lists (Directory Synchronization Accounts, Directory Writers, Hybrid Identity, Identity Governance, Privileged Role,
     * User, Application and Cloud Application Administrators), and the Global Administrator, who holds them all.
     */
    public static final List<String> ASSIGNMENT_DELETE_ROLES = List.of(
            "62e90394-69f5-4237-9190-012177145e10", // Global Administrator
            "d29b2b05-8046-44ba-8758-1e26182fcf32", // Directory Synchronization Accounts
            "9360feb5-f418-4baa-8175-e2a00bac4301", // Directory Writers
            "8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2", // Hybrid Identity Administrator
            "45d8d3c5-c802-45c6-b32a-1d70b5e1e86e", // Identity Governance Administrator
            "e8611ab8-c189-46e8-94e1-60213ab1f814", // Privileged Role Administrator
            "fe930be7-5e62-47db-91af-98c3a49a38b1", // User Administrator
            "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3", // Application Administrator
            "158c047a-c907-4556-b7ef-446551a6b5f7"); // Cloud Application Administrator

    /** Assigning Microsoft Graph's app roles (application permissions) takes more: Cloud/Application Administrators cannot. */
    public static final List<String> GRAPH_APP_ROLE_ADMIN_ROLES = List.of(
            "62e90394-69f5-4237-9190-012177145e10", // Global Administrator
            "e8611ab8-c189-46e8-94e1-60213ab1f814"); // Privileged Role Administrator

    /** Permissions the sandbox's Graph checks, so its service principal can publish them even when no app asks for them. */
    static final List<String> CHECKED_APPLICATION_PERMISSIONS = List.of(
            "User.Read.All",
            "User.ReadWrite.All",
            "GroupMember.Read.All",
            "Group.Read.All",
            "Directory.Read.All",
            "Directory.ReadWrite.All",
            "Application.Read.All",
            "Application.ReadWrite.All",
            "AppRoleAssignment.ReadWrite.All",
            "DelegatedPermissionGrant.ReadWrite.All",
            "Chat.Create",
            "Chat.ReadBasic.All",
            "Chat.Read.All",
            "Chat.ReadWrite.All",
            "ChatMember.Read.All",
            "ChatMember.ReadWrite.All",
            "OnlineMeetings.ReadWrite.All",
            "TeamsAppInstallation.ReadForChat.All",
            "TeamsAppInstallation.ReadWriteSelfForChat.All",
            "TeamsAppInstallation.ReadWriteForChat.All",
            "Organization.Read.All",
            "Organization.ReadWrite.All");

    static final List<String> CHECKED_DELEGATED_PERMISSIONS = List.of(
            "User.Read",
            "User.ReadBasic.All",
            "User.Read.All",
            "User.ReadWrite.All",
            "GroupMember.Read.All",
            "Group.Read.All",
            "Directory.Read.All",
            "Directory.ReadWrite.All",
            "Application.Read.All",
            "Application.ReadWrite.All",
            "AppRoleAssignment.ReadWrite.All",
            "DelegatedPermissionGrant.ReadWrite.All",
            "Chat.Create",
            "Chat.ReadBasic",
            "Chat.Read",
            "Chat.ReadWrite",
            "ChatMember.Read",
            "ChatMember.ReadWrite",
            "ChatMessage.Send",
            "OnlineMeetings.ReadWrite",
            "TeamsAppInstallation.ReadForChat",
            "TeamsAppInstallation.ReadWriteSelfForChat",
            "TeamsAppInstallation.ReadWriteForChat",
            "Organization.Read.All",
            "Organization.ReadWrite.All");
}
