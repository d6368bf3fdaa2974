package io.tenantlink.doctor;

/** How one feature's consent in one tenant compares with what the catalog requires. */
public enum CheckStatus {
    /** Everything required is granted. */
    OK,
    /** The app is installed but some required scopes or application permissions are not granted. */
    MISSING,
    /** The app has no service principal in the tenant (never consented, or removed). */
    NOT_INSTALLED,
    /** No client id is configured for this feature: there is nothing to check. */
    NOT_CONFIGURED
}
