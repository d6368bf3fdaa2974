package io.tenantlink.doctor.web;

import io.tenantlink.connection.TenantConnection;
import io.tenantlink.connection.web.ConnectionPagePart;
import io.tenantlink.doctor.ConsentMatrices;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The site's consent matrix on the site's tenants page. */
@ApplicationScoped
public class ConsentMatrixPart implements ConnectionPagePart {

    @Inject
    ConsentMatrices matrices;

    @Override
    public Optional<String> contribute(
            Page page, long siteId, List<TenantConnection> connections, Map<String, Object> model) {
        if (page != Page.TENANTS) {
            return Optional.empty();
        }
        model.put("consentMatrix", matrices.of(siteId, connections, null));
        return Optional.of("doctor/matrix");
    }
}
