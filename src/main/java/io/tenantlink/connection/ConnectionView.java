package io.tenantlink.connection;

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
        boolean disconnected) {

    public static ConnectionView of(TenantConnection connection) {
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
                connection.isDisconnected());
    }
}
