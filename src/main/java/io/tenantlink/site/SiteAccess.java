package io.tenantlink.site;

import io.tenantlink.access.AccessGuard;
import io.tenantlink.access.Permission;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

/** A site the caller may act on with a permission, or the refusal (404 unseen, 403 audited), by {@link AccessGuard}. */
@RequestScoped
public class SiteAccess {

    @Inject
    AccessGuard access;

    @Inject
    SiteRepository sites;

    public Site requireSite(long siteId, Permission permission) {
        return access.requireOnSite(siteId, permission, () -> sites.find(siteId));
    }
}
