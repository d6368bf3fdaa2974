package io.tenantlink.ledger.web;

import io.tenantlink.access.AccessGuard;
import io.tenantlink.access.Permission;
import io.tenantlink.connection.TenantConnection;
import io.tenantlink.connection.web.ConnectionPagePart;
import io.tenantlink.ledger.ConsentTimelines;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A tenant's consent timeline on the tenant's page. */
@RequestScoped
public class ConsentTimelinePart implements ConnectionPagePart {

    @Inject
    ConsentTimelines timelines;

    @Inject
    AccessGuard access;

    @Override
    public Optional<String> contribute(
            Page page, long siteId, List<TenantConnection> connections, Map<String, Object> model) {
        if (page != Page.TENANT || connections.size() != 1) {
            return Optional.empty();
        }
        model.put("consentTimeline", timelines.of(connections.get(0)));
        model.put("timelineRecords", access.policy().allowsOnSite(Permission.READ_SITE_AUDIT, siteId));
        return Optional.of("ledger/timeline");
    }
}
