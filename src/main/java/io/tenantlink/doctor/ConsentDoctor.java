package io.tenantlink.doctor;

import io.tenantlink.catalog.FeatureApp;
import io.tenantlink.catalog.FeatureApps;
import io.tenantlink.connection.TenantConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The consent doctor: reads what a connection's tenant has granted (Graph, consent-management app),
 * compares it with the catalog per feature, and records the result with its drift and the
 * connection's needs-attention flag. Microsoft is called outside any transaction.
 */
@ApplicationScoped
public class ConsentDoctor {

    private static final Logger LOG = Logger.getLogger(ConsentDoctor.class.getName());

    @Inject
    FeatureApps featureApps;

    @Inject
    ConsentReader reader;

    @Inject
    ConsentCheckStore store;

    /** What a check came to: recorded, could not read the tenant, or lost a race with another check. */
    public sealed interface Result permits Checked, Unreadable, Concurrent {}

    public record Checked(ConsentCheckStore.Recorded recorded) implements Result {}

    public record Unreadable(ConsentReader.Failure failure) implements Result {}

    /** Another check of the same connection committed first; its result stands. */
    public record Concurrent() implements Result {}

    /** Feature key → resolved client id (features without one are left out: not configured). */
    public Map<String, String> clientIds() {
        Map<String, String> ids = new LinkedHashMap<>();
        for (FeatureApp f : featureApps.catalog().features()) {
            featureApps.clientId(f).ifPresent(id -> ids.put(f.key(), id.toLowerCase(java.util.Locale.ROOT)));
        }
        return ids;
    }

    public Result check(TenantConnection connection, String actor, boolean manual) throws InterruptedException {
        Map<String, String> clientIds = clientIds();
        ConsentReader.Reading reading = reader.read(connection.getTenantId(), clientIds.values());
        if (reading instanceof ConsentReader.Failure failure) {
            if (manual) {
                store.failed(actor, connection, failure.kind() + " " + failure.detail());
            }
            return new Unreadable(failure);
        }
        Map<String, ClientFacts> facts = ((ConsentReader.Read) reading).facts();
        List<FeatureCheck> checks = ConsentComparison.compareAll(featureApps.catalog(), clientIds, facts);
        try {
            return new Checked(store.record(connection.getId(), checks, actor, manual));
        } catch (RuntimeException e) {
            // Optimistic lock or unique key: another instance recorded this connection at the same moment.
            LOG.log(Level.INFO, "Consent check of connection " + connection.getId() + " not recorded: " + e);
            return new Concurrent();
        }
    }

    public List<String> baseScopes() {
        return featureApps.catalog().baseScopes();
    }
}
