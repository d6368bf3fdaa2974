package io.tenantlink.connection;

import io.tenantlink.account.ActorNames;
import java.time.Instant;

/**
 * A tenant connection as pages show it (the site's tenants, a tenant's page and the pages below it, a project's
 * Teams choice): what they read, copied from the entity, so no entity reaches a template.
 */
public record ConnectionView(
        long id,
        String tenantId,
        String tenantName,
        String displayName,
        String verifiedDomain,
        ConnectionStatus status,
        String connectedBy,
        Instant signedInAt,
        boolean signerCanConsent,
        String permissionGrantedBy,
        boolean needsAttention,
        String attentionReason,
        String attentionFeature,
        String attentionDetail,
        Instant attentionSince,
        boolean disconnected,
        String connectedByName,
        String microsoftAccount) {

    /** Named without a lookup: a portal account by its username. */
    public static ConnectionView of(TenantConnection connection) {
        return of(connection, actor -> ActorNames.plain(actor, java.util.Map.of()), null);
    }

    /**
     * With the portal account that connected it by name ({@code names}) and the Microsoft account that signed in for
     * it ("Megan Bowen (megan@contoso.example)"; null: not known).
     */
    public static ConnectionView of(
            TenantConnection connection, java.util.function.UnaryOperator<String> names, String microsoftAccount) {
        return new ConnectionView(
                connection.getId(),
                connection.getTenantId(),
                connection.getTenantName(),
                connection.getDisplayName(),
                connection.getVerifiedDomain(),
                connection.getStatus(),
                connection.getConnectedBy(),
                connection.getSignedInAt(),
                connection.isSignerCanConsent(),
                connection.getPermissionGrantedBy(),
                connection.isNeedsAttention(),
                connection.getAttentionReason(),
                connection.getAttentionFeature(),
                connection.getAttentionDetail(),
                connection.getAttentionSince(),
                connection.isDisconnected(),
                names.apply(connection.getConnectedBy()),
                microsoftAccount);
    }

    /** The badge the status is shown in (fragments/badges): green when active, amber while waiting, red when broken. */
    public String statusStyle() {
        return switch (status) {
            case ACTIVE -> needsAttention ? "warning" : "success";
            case PERMISSION_REQUIRED -> "warning";
            case NEEDS_SIGN_IN -> "failure";
            case DISCONNECTED -> "neutral";
        };
    }
}
