package io.tenantlink.microsoft;

import io.tenantlink.microsoft.GraphGateway.ApplicationInfo;
import io.tenantlink.microsoft.GraphGateway.ChatInfo;
import io.tenantlink.microsoft.GraphGateway.ChatMessageInfo;
import io.tenantlink.microsoft.GraphGateway.DelegatedGrant;
import io.tenantlink.microsoft.GraphGateway.DeltaPage;
import io.tenantlink.microsoft.GraphGateway.GraphUser;
import io.tenantlink.microsoft.GraphGateway.MeetingInfo;
import io.tenantlink.microsoft.GraphGateway.Page;
import io.tenantlink.microsoft.GraphGateway.RoleAssignment;
import io.tenantlink.microsoft.GraphGateway.ServicePrincipalInfo;
import io.tenantlink.microsoft.GraphGateway.SubscriptionInfo;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One Microsoft Graph request the portal makes, typed: the record says what is asked, {@code T} what its answer reads
 * as. {@link GraphGateway} turns each into the Graph SDK's request (through the SDK's request builders) and sends it
 * alone ({@link GraphGateway#send}) or as a step of a JSON batch ({@link GraphGateway#batch}); no caller builds a URL
 * or reads a map. Object ids are checked to be GUIDs before they go into an OData filter or a path.
 */
public sealed interface GraphRequest<T> {

    /** Graph's limit on the values of one {@code in} clause on directory objects. */
    int IDS_PER_IN_CLAUSE = 15;

    /** Collections are read in pages of this size where Graph allows it. */
    int PAGE_SIZE = 999;

    /** A delegated grant's consent type. */
    enum ConsentType {
        /** For every user of the tenant (tenant-wide admin consent). */
        ALL_PRINCIPALS("AllPrincipals"),
        /** For one user. */
        PRINCIPAL("Principal");

        private final String odata;

        ConsentType(String odata) {
            this.odata = odata;
        }

        public String odata() {
            return odata;
        }
    }

    /**
     * An application's service principal in the tenant, found by its appId (GET /servicePrincipals?$filter=appId eq …):
     * empty when the app has none there. {@code appRoles}: also read the app roles it defines (id to permission name).
     */
    record ServicePrincipalByAppId(String appId, boolean appRoles)
            implements GraphRequest<Optional<ServicePrincipalInfo>> {
        public ServicePrincipalByAppId(String appId) {
            this(appId, false);
        }
    }

    /**
     * An application's service principal addressed by its appId (GET /servicePrincipals(appId='…')): a service
     * principal may read its own this way without any permission. Graph answers 404 when there is none. {@code
     * appRoles}: the app roles it defines; {@code appRoleAssignments}: the app roles granted to it.
     */
    record ServicePrincipalWithAppId(String appId, boolean appRoles, boolean appRoleAssignments)
            implements GraphRequest<ServicePrincipalInfo> {}

    /**
     * An app registration (application object) of the tenant by its appId (GET /applications(appId='…')?$select=id,
     * appId,displayName,passwordCredentials,keyCredentials, application-get): its client secrets and certificates with
     * their end dates; Graph never gives a secret's value. Microsoft lists Application.Read.All as the least privileged
     * application permission for it; Graph answers 404 when the tenant holds no such registration (it lives in the
     * publisher tenant only).
     */
    record ApplicationByAppId(String appId) implements GraphRequest<ApplicationInfo> {
        public ApplicationByAppId {
            Objects.requireNonNull(appId, "appId");
        }
    }

    /** Creates an application's service principal (POST /servicePrincipals); the answer is its object id. */
    record CreateServicePrincipal(String appId, List<String> tags) implements GraphRequest<String> {
        public CreateServicePrincipal {
            tags = tags == null ? List.of() : List.copyOf(tags);
        }
    }

    /**
     * Delegated permission grants of a client (GET /oauth2PermissionGrants?$filter=clientId eq … and …), in pages of
     * {@link #PAGE_SIZE}; {@code consentType}, {@code principalId} and {@code resourceId} narrow the filter when given.
     */
    record DelegatedGrants(String clientId, ConsentType consentType, String principalId, String resourceId)
            implements GraphRequest<Page<DelegatedGrant>> {
        public DelegatedGrants {
            Objects.requireNonNull(clientId, "clientId");
        }
    }

    /** Grants a client delegated permissions for one user (POST /oauth2PermissionGrants, consentType Principal). */
    record CreatePrincipalGrant(String clientId, String principalId, String resourceId, String scope)
            implements GraphRequest<DelegatedGrant> {}

    /** Replaces a delegated grant's scopes (PATCH /oauth2PermissionGrants/{id}). */
    record ChangeGrantScope(String grantId, String scope) implements GraphRequest<Void> {}

    /** Deletes a delegated grant (DELETE /oauth2PermissionGrants/{id}). */
    record DeleteDelegatedGrant(String grantId) implements GraphRequest<Void> {}

    /** Assigns one of a resource's app roles to a user or service principal (POST /servicePrincipals/{resource}/appRoleAssignedTo). */
    record AssignAppRole(String resourceId, String principalId, String appRoleId)
            implements GraphRequest<RoleAssignment> {}

    /** The app role assignments granted on a resource (GET /servicePrincipals/{resource}/appRoleAssignedTo), in pages. */
    record AppRoleAssignedTo(String resourceId) implements GraphRequest<Page<RoleAssignment>> {}

    /** Removes one app role assignment from a resource (DELETE /servicePrincipals/{resource}/appRoleAssignedTo/{id}). */
    record DeleteAppRoleAssignment(String resourceId, String assignmentId) implements GraphRequest<Void> {}

    /**
     * Users whose display name, given name, surname, e-mail address or user name starts with the text, or whose object
     * id it is (GET /users?$filter=startswith(…)&$select=id,displayName,mail,userPrincipalName&$top=…), with Graph's
     * default ("basic") query capabilities only; null text: every user.
     */
    record Users(String startsWith, int top) implements GraphRequest<Page<GraphUser>> {}

    /** The users with these object ids (at most {@link #IDS_PER_IN_CLAUSE}; GET /users?$filter=id in (…)). */
    record UsersByIds(List<String> ids) implements GraphRequest<Page<GraphUser>> {
        public UsersByIds {
            ids = List.copyOf(ids);
            if (ids.isEmpty() || ids.size() > IDS_PER_IN_CLAUSE) {
                throw new IllegalArgumentException("1 to " + IDS_PER_IN_CLAUSE + " ids per request, not " + ids.size());
            }
        }
    }

    /**
     * The object ids of a group's users, nested groups resolved (GET /groups/{id}/transitiveMembers?$select=id), in
     * pages of {@link #PAGE_SIZE}; members that are not users (groups, devices, service principals) are left out.
     */
    record GroupUserMembers(String groupId) implements GraphRequest<Page<String>> {}

    /**
     * The tenant's users and what changed about them (GET /users/delta, user-delta): {@code link} null starts a new
     * round ({@code $select=id,displayName,mail,userPrincipalName,otherMails,proxyAddresses,userType,accountEnabled});
     * otherwise it is the {@code @odata.nextLink} or {@code @odata.deltaLink} Graph gave before. Pages of {@code
     * pageSize} users (Prefer: odata.maxpagesize, which Graph honours for delta queries). A 410 Gone (Graph's {@code
     * resyncRequired}, {@link #resyncRequired}) means the link is no longer valid: start a new round.
     */
    record UsersDelta(String link, int pageSize) implements GraphRequest<DeltaPage> {
        public UsersDelta {
            if (pageSize < 1 || pageSize > PAGE_SIZE) {
                throw new IllegalArgumentException("1 to " + PAGE_SIZE + " users per page, not " + pageSize);
            }
        }

        /** Graph no longer knows the link: the caller must read every user again (a full resync). */
        public static boolean resyncRequired(GraphAnswer<?> answer) {
            return answer.status() == 410;
        }
    }

    /**
     * The next page of a collection, at the {@code @odata.nextLink} Graph gave with the previous one; {@code first} is
     * the request that read the first page (it says how the items read), or any page after it.
     */
    record NextPage<T>(GraphRequest<Page<T>> first, String link) implements GraphRequest<Page<T>> {
        public NextPage {
            Objects.requireNonNull(first, "first");
            Objects.requireNonNull(link, "link");
            if (first instanceof NextPage<T> later) {
                first = later.first();
            }
        }
    }

    // --- Teams: chats and meetings (incident chats; delegated, as the person who acts)
    // ---------------------------------

    /**
     * Creates a group chat with a topic (POST /chats, chatType group): each member an aadUserConversationMember with
     * the owner role, bound to the user by object id. With a delegated token the signed-in user must be a member and
     * a group chat needs at least three members.
     */
    record CreateGroupChat(String topic, List<String> memberUserIds) implements GraphRequest<ChatInfo> {
        public CreateGroupChat {
            Objects.requireNonNull(topic, "topic");
            memberUserIds = List.copyOf(memberUserIds);
        }
    }

    /** The object ids of a chat's members (GET /chats/{id}/members); Graph answers them in one page. */
    record ChatMemberUserIds(String chatId) implements GraphRequest<Page<String>> {}

    /** Adds a user to a chat as a member with the owner role and the whole history (POST /chats/{id}/members). */
    record AddChatMember(String chatId, String userId) implements GraphRequest<Void> {}

    /** Installs a Teams app of the organisation's catalog in a chat (POST /chats/{id}/installedApps). */
    record InstallAppInChat(String chatId, String teamsAppId) implements GraphRequest<Void> {}

    /** Graph's largest page of a chat's messages ({@code $top} of chat-list-messages). */
    int CHAT_MESSAGES_PAGE = 50;

    /**
     * A chat's messages, newest first as Graph lists them (GET /chats/{id}/messages?$top=…, chat-list-messages;
     * delegated Chat.Read at least), in pages of {@code top} (1 to {@link #CHAT_MESSAGES_PAGE}); later pages at
     * Graph's {@code @odata.nextLink} ({@link NextPage}). System and deleted messages are read too: callers decide.
     */
    record ChatMessages(String chatId, int top) implements GraphRequest<Page<ChatMessageInfo>> {
        public ChatMessages {
            Objects.requireNonNull(chatId, "chatId");
            if (top < 1 || top > CHAT_MESSAGES_PAGE) {
                throw new IllegalArgumentException("1 to " + CHAT_MESSAGES_PAGE + " messages per page, not " + top);
            }
        }
    }

    /** Posts a message with an HTML body to a chat (POST /chats/{id}/messages); the answer is the message id. */
    record SendChatMessage(String chatId, String html) implements GraphRequest<String> {}

    /** Creates an online meeting organised by the signed-in user (POST /me/onlineMeetings). */
    record CreateMyMeeting(String subject, Instant start, Instant end) implements GraphRequest<MeetingInfo> {
        public CreateMyMeeting {
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(end, "end");
        }
    }

    // --- change notifications (subscriptions to an incident chat's messages; delegated, as the chat's creator) ---

    /** The longest Graph lets a subscription to chat messages live (without resource data): 60 minutes. */
    java.time.Duration CHAT_MESSAGES_SUBSCRIPTION_MAX = java.time.Duration.ofMinutes(60);

    /**
     * Subscribes to a chat's messages (POST /subscriptions, resource {@code /chats/{id}/messages}, changeType
     * created,updated,deleted, without resource data): Graph first sends a validation request to both URLs and creates
     * the subscription only when they echo its token. Delegated Chat.Read is the least privileged permission Graph
     * documents for it. {@code clientState} comes back in every notification (at most 128 characters).
     */
    record SubscribeToChatMessages(
            String chatId,
            String notificationUrl,
            String lifecycleNotificationUrl,
            Instant expiration,
            String clientState,
            String encryptionCertificate,
            String encryptionCertificateId)
            implements GraphRequest<SubscriptionInfo> {

        /** Without resource data: notifications say which message changed, a read fetches it. */
        public SubscribeToChatMessages(
                String chatId,
                String notificationUrl,
                String lifecycleNotificationUrl,
                Instant expiration,
                String clientState) {
            this(chatId, notificationUrl, lifecycleNotificationUrl, expiration, clientState, null, null);
        }

        /** Whether notifications carry the message, encrypted to the certificate (includeResourceData). */
        public boolean withResourceData() {
            return encryptionCertificate != null;
        }

        public SubscribeToChatMessages {
            if ((encryptionCertificate == null) != (encryptionCertificateId == null)) {
                throw new IllegalArgumentException("resource data needs both the certificate and its id");
            }
            Objects.requireNonNull(chatId, "chatId");
            Objects.requireNonNull(notificationUrl, "notificationUrl");
            Objects.requireNonNull(lifecycleNotificationUrl, "lifecycleNotificationUrl");
            Objects.requireNonNull(expiration, "expiration");
            Objects.requireNonNull(clientState, "clientState");
            if (clientState.isEmpty() || clientState.length() > 128) {
                throw new IllegalArgumentException("clientState must be 1 to 128 characters");
            }
        }
    }

    /** Renews a subscription (PATCH /subscriptions/{id} with a new expirationDateTime); Graph answers 404 when it is gone. */
    record RenewSubscription(String subscriptionId, Instant expiration) implements GraphRequest<SubscriptionInfo> {
        public RenewSubscription {
            Objects.requireNonNull(subscriptionId, "subscriptionId");
            Objects.requireNonNull(expiration, "expiration");
        }
    }

    /** Deletes a subscription (DELETE /subscriptions/{id}). */
    record DeleteSubscription(String subscriptionId) implements GraphRequest<Void> {
        public DeleteSubscription {
            Objects.requireNonNull(subscriptionId, "subscriptionId");
        }
    }
}
