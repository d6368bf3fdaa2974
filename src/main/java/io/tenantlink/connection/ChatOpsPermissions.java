package io.tenantlink.connection;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The permissions the ChatOps app needs, exactly as seed 000's table lists them: name, type, and
 * (in the messages bundle, key {@code permission.<type>.<name>}) why it is needed. An approval link
 * is bound to this set by {@link #SET_ID}; a changed table gets a new id, and older links stop working.
 */
public final class ChatOpsPermissions {

    public static final String SET_ID = "chatops-2024-1";

    public enum Type { DELEGATED, APPLICATION }

    public record Entry(String name, Type type) {
        /** The messages-bundle key of its reason. */
        public String reasonKey() {
            return "permission." + type.name().toLowerCase(java.util.Locale.ROOT) + "." + name;
        }
    }

    public static final List<Entry> ALL = List.of(
            new Entry("Channel.ReadBasic.All", Type.DELEGATED),
            new Entry("Chat.Create", Type.DELEGATED),
            new Entry("Chat.Create", Type.APPLICATION),
            new Entry("ChatMember.ReadWrite", Type.DELEGATED),
            new Entry("ChatMember.ReadWrite.All", Type.APPLICATION),
            new Entry("offline_access", Type.DELEGATED),
            new Entry("OnlineMeetings.ReadWrite", Type.DELEGATED),
            new Entry("Team.ReadBasic.All", Type.DELEGATED),
            new Entry("TeamsAppInstallation.ReadWriteSelfForChat", Type.DELEGATED),
            new Entry("TeamsAppInstallation.ReadWriteSelfForChat.All", Type.APPLICATION),
            new Entry("TeamsAppInstallation.ReadWriteSelfForTeam", Type.DELEGATED),
            new Entry("TeamsAppInstallation.ReadWriteSelfForUser", Type.DELEGATED),
            new Entry("User.Read", Type.DELEGATED),
            new Entry("User.Read.All", Type.APPLICATION),
            new Entry("User.ReadBasic.All", Type.DELEGATED),
            new Entry("openid", Type.DELEGATED),
            new Entry("profile", Type.DELEGATED));

    /** OpenID Connect scopes: granted with any sign-in, not Microsoft Graph permissions. */
    private static final Set<String> OPENID_SCOPES = Set.of("openid", "profile", "offline_access", "email");

    private ChatOpsPermissions() {
    }

    /** Microsoft Graph application permissions (app roles) the tenant must grant. */
    public static Set<String> application() {
        return ALL.stream().filter(e -> e.type() == Type.APPLICATION).map(Entry::name).collect(Collectors.toUnmodifiableSet());
    }

    /** Microsoft Graph delegated permissions the tenant must grant for all users. */
    public static Set<String> delegatedGraph() {
        return ALL.stream().filter(e -> e.type() == Type.DELEGATED && !OPENID_SCOPES.contains(e.name()))
                .map(Entry::name).collect(Collectors.toUnmodifiableSet());
    }
}
