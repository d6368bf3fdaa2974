package io.tenantlink.sandbox;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Which directory roles may consent for a tenant, by role <em>template id</em> as the
 * {@code wids} claim carries them (display names can be renamed; app roles in {@code roles} that
 * merely look like directory roles are not directory roles). A missing or empty claim means no
 * role: fail closed.
 */
public final class DirectoryRoles {

    public static final String GLOBAL_ADMINISTRATOR = "62e90394-69f5-4237-9190-012177145e10";
    public static final String PRIVILEGED_ROLE_ADMINISTRATOR = "e8611ab8-c189-46e8-94e1-60213ab1f814";
    public static final String CLOUD_APPLICATION_ADMINISTRATOR = "158c047a-c907-4556-b7ef-446551a6b5f7";
    public static final String APPLICATION_ADMINISTRATOR = "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3";
    /** Listed so tests and pages can name it: it gives no tenant-wide consent. */
    public static final String TEAMS_ADMINISTRATOR = "69091246-20e8-4a56-aa4d-066075b2a7a8";

    private static final Set<String> TENANT_WIDE_CONSENT = Set.of(
            GLOBAL_ADMINISTRATOR,
            PRIVILEGED_ROLE_ADMINISTRATOR,
            CLOUD_APPLICATION_ADMINISTRATOR,
            APPLICATION_ADMINISTRATOR);
    /** Granting Microsoft Graph app roles (application permissions) needs one of these two. */
    private static final Set<String> APPLICATION_PERMISSION_CONSENT =
            Set.of(GLOBAL_ADMINISTRATOR, PRIVILEGED_ROLE_ADMINISTRATOR);

    private DirectoryRoles() {}

    /** Tenant-wide consent to delegated permissions. */
    public static boolean canGrantTenantWideConsent(List<String> wids) {
        return holdsAny(wids, TENANT_WIDE_CONSENT);
    }

    /** Admin consent to application permissions (Microsoft Graph app roles). */
    public static boolean canGrantApplicationPermissions(List<String> wids) {
        return holdsAny(wids, APPLICATION_PERMISSION_CONSENT);
    }

    private static boolean holdsAny(List<String> wids, Set<String> roles) {
        if (wids == null) {
            return false;
        }
        return wids.stream()
                .filter(Objects::nonNull)
                .map(w -> w.trim().toLowerCase(Locale.ROOT))
                .anyMatch(roles::contains);
    }
}
