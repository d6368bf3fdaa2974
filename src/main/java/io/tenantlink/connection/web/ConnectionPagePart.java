package io.tenantlink.connection.web;

import io.tenantlink.connection.TenantConnection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Another feature's part of a connection page (the consent doctor's matrix on the site's tenants page, the consent
 * timeline on a tenant's page): a CDI bean the page asks for its model values and includes the fragment {@code panel}
 * of. The connection feature knows no such feature.
 */
public interface ConnectionPagePart {

    /** The pages parts can join. */
    enum Page {
        /** The site's tenants (Chat and video tools): every connection of the site. */
        TENANTS,
        /** One tenant's page: that connection alone. */
        TENANT
    }

    /**
     * Puts what the fragment shows into the page's model and names the template holding it (e.g. "doctor/matrix");
     * empty when the part has nothing for this page.
     */
    Optional<String> contribute(Page page, long siteId, List<TenantConnection> connections, Map<String, Object> model);
}
