package io.tenantlink.consent;

import io.tenantlink.catalog.FeatureApp;
import io.tenantlink.catalog.FeatureApps;
import io.tenantlink.catalog.FeatureCatalog;
import io.tenantlink.catalog.FeatureLinkSet;
import io.tenantlink.connection.ApprovalLink;
import io.tenantlink.connection.ConnectionService;
import io.tenantlink.connection.TenantConnection;
import io.tenantlink.doctor.ConsentCheckRow;
import io.tenantlink.doctor.ConsentCheckStore;
import io.tenantlink.doctor.ConsentDoctor;
import io.tenantlink.doctor.FeatureCheck;
import io.tenantlink.lifecycle.ConsentForecast;
import io.tenantlink.microsoft.SignInFlow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Consent ahead of a catalog version: for a tenant and a feature the re-consent forecast names, exactly what the next
 * catalog version ({@code TENANTLINK_CATALOG_NEXT}) will require and the consent doctor's last check did not find
 * granted, asked of the tenant's admin through an approval link (set {@code feature:<key>:<version>:ahead}) with
 * Microsoft's admin consent: the base scopes and the missing delegated scopes explicitly, or {@code .default} when an
 * application permission is missing (the identity platform grants those only as the app registration lists them), as
 * the consent doctor's fix links ask. After the consent the doctor checks the tenant again.
 */
@ApplicationScoped
public class ConsentAhead {

    /** Who the consent doctor's check right after a consent ahead is recorded as. */
    public static final String DOCTOR_ACTOR = "consent doctor (after a consent ahead)";

    /** Why there is something to consent ahead, or why not. */
    public enum Why {
        NEEDED,
        NO_NEXT_CATALOG,
        NOT_ACTIVE,
        NOT_CONFIGURED,
        NOTHING_MISSING
    }

    /**
     * What a consent ahead asks for: the next catalog version and its set id, the feature as that version has it, the
     * client id, and the permissions it lacks (delegated scopes, application permissions; each sorted).
     */
    public record Plan(
            String version,
            String setId,
            String featureKey,
            String nameKey,
            String clientId,
            List<String> baseScopes,
            List<String> delegated,
            List<String> application) {

        public Plan {
            baseScopes = List.copyOf(baseScopes);
            delegated = List.copyOf(delegated);
            application = List.copyOf(application);
        }

        /** Whether the admin consent goes through {@code .default} (an application permission is missing). */
        public boolean throughDefault() {
            return !application.isEmpty();
        }

        /** The scope parameter of the admin consent: base and missing delegated scopes, or {@code .default}. */
        public String scope() {
            if (throughDefault()) {
                return SignInFlow.GRAPH_DEFAULT;
            }
            Set<String> scope = new LinkedHashSet<>(baseScopes);
            scope.addAll(delegated);
            return String.join(" ", scope);
        }

        /** The permissions asked for, as the grant ledger reads them: "Tasks.Read.Shared", "app:Tasks.Read.All". */
        public List<String> asked() {
            List<String> words = new ArrayList<>(delegated);
            application.forEach(p -> words.add("app:" + p));
            return List.copyOf(words);
        }
    }

    /** Whether there is something to consent ahead ({@code plan} then set), with the next version when there is one. */
    public record Outlook(Why why, String version, Plan plan) {}

    /** What the doctor found right after a consent ahead. */
    public enum Verification {
        VERIFIED,
        INCOMPLETE,
        NOT_VERIFIABLE
    }

    /** {@code stillMissing}: what was asked for and the doctor does not find granted ("app:" for application). */
    public record Confirmed(Verification verification, List<String> stillMissing) {}

    @Inject
    FeatureApps featureApps;

    @Inject
    ConsentCheckStore checks;

    @Inject
    ConsentDoctor doctor;

    @Inject
    ConnectionService connections;

    /** The candidate next catalog, when configured and readable. */
    public Optional<FeatureCatalog> next() {
        Config config = ConfigProvider.getConfig();
        return ConsentForecast.next(key -> config.getOptionalValue(key, String.class));
    }

    /** What consenting ahead would ask of this connection's tenant for the feature, by the doctor's last check. */
    public Outlook outlook(TenantConnection connection, String featureKey) {
        Optional<FeatureCatalog> next = next();
        if (next.isEmpty()) {
            return new Outlook(Why.NO_NEXT_CATALOG, null, null);
        }
        return outlook(connection, featureKey, next.get());
    }

    private Outlook outlook(TenantConnection connection, String featureKey, FeatureCatalog next) {
        String version = next.version();
        FeatureApp feature = next.feature(featureKey).orElse(null);
        if (feature == null) {
            return new Outlook(Why.NOTHING_MISSING, version, null);
        }
        if (!connection.isActive()) {
            return new Outlook(Why.NOT_ACTIVE, version, null);
        }
        String clientId = featureApps.clientId(feature).orElse(null);
        if (clientId == null) {
            return new Outlook(Why.NOT_CONFIGURED, version, null);
        }
        List<FeatureCheck> last = checks.rowsOf(connection.getId()).stream()
                .map(ConsentCheckRow::toCheck)
                .toList();
        return ConsentForecast.need(next, last, featureKey)
                .map(need -> new Outlook(
                        Why.NEEDED,
                        version,
                        new Plan(
                                version,
                                FeatureLinkSet.aheadId(next, feature),
                                feature.key(),
                                feature.nameKey(),
                                clientId,
                                next.baseScopes(),
                                need.delegated(),
                                need.application())))
                .orElseGet(() -> new Outlook(Why.NOTHING_MISSING, version, null));
    }

    /**
     * What a consent-ahead approval link asks for now: empty for other links, when its version is no longer the next
     * one, or when nothing it would ask for is missing any more.
     */
    public Optional<Plan> planOf(ApprovalLink link) {
        Optional<FeatureLinkSet.Ahead> set = FeatureLinkSet.ahead(link.getPermissionSet());
        if (set.isEmpty()) {
            return Optional.empty();
        }
        Optional<FeatureCatalog> next =
                next().filter(n -> n.version().equals(set.get().version()));
        Optional<TenantConnection> connection = connections.find(link.getConnectionId());
        if (next.isEmpty() || connection.isEmpty()) {
            return Optional.empty();
        }
        return Optional.ofNullable(
                outlook(connection.get(), set.get().featureKey(), next.get()).plan());
    }

    /**
     * After the tenant's admin consented ahead: the consent doctor checks the tenant now (recorded as any check, with
     * its drift), and what was asked for is compared with what it found granted.
     */
    public Confirmed confirm(TenantConnection connection, String featureKey, List<String> asked)
            throws InterruptedException {
        ConsentDoctor.Result result = doctor.check(connection, DOCTOR_ACTOR, false);
        if (result instanceof ConsentDoctor.Unreadable) {
            return new Confirmed(Verification.NOT_VERIFIABLE, List.copyOf(asked));
        }
        List<FeatureCheck> found = result instanceof ConsentDoctor.Checked checked
                ? checked.recorded().checks()
                : checks.rowsOf(connection.getId()).stream()
                        .map(ConsentCheckRow::toCheck)
                        .toList();
        FeatureCheck check = found.stream()
                .filter(c -> c.featureKey().equals(featureKey))
                .findFirst()
                .orElse(null);
        List<String> missing = stillMissing(check, asked);
        return new Confirmed(missing.isEmpty() ? Verification.VERIFIED : Verification.INCOMPLETE, missing);
    }

    /** What of {@code asked} ("Scope", "app:Permission") the check does not find granted (matching or extra). */
    static List<String> stillMissing(FeatureCheck check, List<String> asked) {
        if (check == null || !check.installed()) {
            return List.copyOf(asked);
        }
        TreeSet<String> delegated = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        delegated.addAll(check.delegated().matching());
        delegated.addAll(check.delegated().extra());
        TreeSet<String> application = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        application.addAll(check.application().matching());
        application.addAll(check.application().extra());
        List<String> missing = new ArrayList<>();
        for (String word : asked) {
            boolean app = word.startsWith("app:");
            String name = app ? word.substring(4) : word;
            if (!(app ? application : delegated).contains(name)) {
                missing.add(word);
            }
        }
        return missing;
    }
}
