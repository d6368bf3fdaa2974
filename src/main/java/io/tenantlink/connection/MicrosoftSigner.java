package io.tenantlink.connection;

import io.tenantlink.microsoft.ConsentRoles;
import io.tenantlink.microsoft.VerifiedIdentity;
import java.util.List;

/** The Microsoft account behind a validated id_token, as a connection records it. */
public record MicrosoftSigner(String tenantId, String objectId, String username, String name, boolean canConsent)
        implements java.io.Serializable {

    public static MicrosoftSigner of(VerifiedIdentity identity) {
        return new MicrosoftSigner(
                identity.tenantId(),
                identity.objectId(),
                identity.preferredUsername(),
                identity.name(),
                ConsentRoles.canGrantTenantWideConsent(identity.wids()));
    }

    /** "Megan Bowen (megan@contoso.example)", for pages and audit records. */
    public String describe() {
        if (name == null || name.isBlank()) {
            return username == null ? objectId : username;
        }
        return username == null ? name : name + " (" + username + ")";
    }

    public static boolean canConsent(List<String> wids) {
        return ConsentRoles.canGrantTenantWideConsent(wids);
    }
}
