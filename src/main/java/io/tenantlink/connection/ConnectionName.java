package io.tenantlink.connection;

/**
 * What names a tenant connection, read without loading the connection (a projection): for naming the tenants that
 * grant-history records mention, and for the tenant choices of its filter.
 *
 * @param tenantName the tenant's name as Microsoft gave it, or null
 */
public record ConnectionName(long id, long siteId, String tenantId, String tenantName) {

    /** The tenant's name, or its id when Graph did not say (as {@link TenantConnection#getDisplayName()}). */
    public String displayName() {
        return tenantName == null || tenantName.isBlank() ? tenantId : tenantName;
    }
}
