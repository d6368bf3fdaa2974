package io.tenantlink.microsoft;

import java.util.List;
import java.util.Objects;

/**
 * Who signed in, as a validated id_token says. Key accounts by ({@code tenantId},
 * {@code objectId}); {@code preferredUsername} and {@code name} are display data only (they can
 * change and are not unique). {@code wids} are directory role template ids, empty when absent;
 * {@code widsClaimPresent} tells an absent claim (the app registration does not ask for directory roles,
 * or the account holds none) from a present one.
 */
public record VerifiedIdentity(
        String tenantId,
        String objectId,
        String preferredUsername,
        String name,
        List<String> wids,
        boolean widsClaimPresent) {

    public VerifiedIdentity {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(objectId, "objectId");
        wids = wids == null ? List.of() : List.copyOf(wids);
    }

    public VerifiedIdentity(
            String tenantId, String objectId, String preferredUsername, String name, List<String> wids) {
        this(tenantId, objectId, preferredUsername, name, wids, wids != null);
    }
}
