package io.tenantlink.doctor;

import io.tenantlink.catalog.FeatureApp;
import io.tenantlink.catalog.FeatureApps;
import io.tenantlink.catalog.FeatureCatalog;
import io.tenantlink.connection.TenantConnection;
import io.tenantlink.microsoft.SignInFlow;
import io.tenantlink.platform.web.Messages;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads what a site's consent matrix is made of: its connected tenants (not the disconnected ones) and the consent
 * doctor's last check of each, with the admin-consent links that ask for what is missing.
 */
@ApplicationScoped
public class ConsentMatrices {

    @Inject
    ConsentCheckStore store;

    @Inject
    FeatureApps featureApps;

    @Inject
    SignInFlow signInFlow;

    /** The matrix of {@code connections} (a site's, in the site's order); {@code current}: the page's tenant or null. */
    public ConsentMatrixView of(long siteId, List<TenantConnection> connections, Long current) {
        FeatureCatalog catalog = featureApps.catalog();
        List<ConsentMatrix.Feature> features = catalog.features().stream()
                .map(f -> new ConsentMatrix.Feature(f.key(), featureName(f.key())))
                .toList();
        List<TenantConnection> connected =
                connections.stream().filter(c -> !c.isDisconnected()).toList();
        Map<Long, Map<String, FeatureCheck>> checks = new HashMap<>();
        for (ConsentCheckRow row :
                store.rowsOf(connected.stream().map(TenantConnection::getId).toList())) {
            checks.computeIfAbsent(row.getConnectionId(), k -> new LinkedHashMap<>())
                    .putIfAbsent(row.getFeatureKey(), row.toCheck());
        }
        List<ConsentMatrix.Tenant> tenants = new ArrayList<>();
        for (TenantConnection c : connected) {
            Map<String, FeatureCheck> byFeature = checks.getOrDefault(c.getId(), Map.of());
            Map<String, String> fixes = new HashMap<>();
            for (FeatureApp f : catalog.features()) {
                FeatureCheck check = byFeature.get(f.key());
                if (check != null) {
                    String link = fixLink(check, c.getTenantId());
                    if (link != null) {
                        fixes.put(f.key(), link);
                    }
                }
            }
            tenants.add(new ConsentMatrix.Tenant(
                    c.getId(),
                    c.getDisplayName(),
                    byFeature,
                    fixes,
                    "/sites/" + siteId + "/chat-tools/teams/" + c.getId() + "/consent"));
        }
        return ConsentMatrix.build(features, tenants, current);
    }

    /** The admin-consent link asking a tenant for just what a feature misses (null: nothing to ask for). */
    public String fixLink(FeatureCheck check, String tenantId) {
        String scope = check.fixScope(featureApps.catalog().baseScopes());
        if (scope.isEmpty() || check.clientId() == null) {
            return null;
        }
        return signInFlow
                .adminConsentUrl(
                        check.clientId(), tenantId, FeatureCatalog.LINK_STATE_PREFIX + check.featureKey(), scope)
                .toString();
    }

    static String featureName(String key) {
        return Messages.get(Locale.ENGLISH, "doctor.feature." + key);
    }
}
