package io.tenantlink.lifecycle;

import io.tenantlink.catalog.FeatureApp;
import io.tenantlink.catalog.FeatureCatalog;
import io.tenantlink.doctor.FeatureCheck;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * The re-consent forecast: before a new catalog version ships ({@code TENANTLINK_CATALOG_NEXT}: the path of the
 * candidate {@code feature-apps.json}), which features a tenant has installed would ask for permissions the tenant
 * has not granted (from the consent doctor's last check), so its admin can consent ahead of time.
 */
public final class ConsentForecast {

    private static final Logger LOG = Logger.getLogger(ConsentForecast.class.getName());

    /**
     * A feature of a tenant that will need new consent: the delegated scopes and the application permissions it will
     * ask for and lacks (each sorted).
     */
    public record Need(String featureKey, List<String> delegated, List<String> application) {

        public Need {
            delegated = List.copyOf(delegated);
            application = List.copyOf(application);
        }

        /** Everything it lacks in words, sorted: "Tasks.Read.Shared", "Tasks.Read.All (application)". */
        public List<String> missing() {
            TreeSet<String> all = new TreeSet<>(delegated);
            application.forEach(p -> all.add(p + " (application)"));
            return List.copyOf(all);
        }
    }

    private ConsentForecast() {}

    /** The candidate catalog, when one is configured and readable (otherwise empty; a bad file is logged). */
    public static Optional<FeatureCatalog> next(Function<String, Optional<String>> setting) {
        Optional<String> file = setting.apply("tenantlink.catalog.next").filter(v -> !v.isBlank());
        if (file.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(
                    FeatureCatalog.parse(Files.readString(Path.of(file.get().strip()), StandardCharsets.UTF_8)));
        } catch (IOException | IllegalArgumentException e) {
            LOG.warning(
                    () -> "Re-consent forecast: the next catalog " + file.get() + " cannot be read: " + e.getMessage());
            return Optional.empty();
        }
    }

    /** What the next catalog will require of one installed feature that is not granted (empty: nothing). */
    public static Optional<Need> need(FeatureCatalog next, List<FeatureCheck> lastChecks, String featureKey) {
        return needs(next, lastChecks).stream()
                .filter(n -> n.featureKey().equals(featureKey))
                .findFirst();
    }

    /** For each installed feature the next catalog still has, what it will require that is not granted. */
    public static List<Need> needs(FeatureCatalog next, List<FeatureCheck> lastChecks) {
        List<Need> needs = new ArrayList<>();
        for (FeatureCheck check : lastChecks) {
            if (!check.installed()) {
                continue;
            }
            Optional<FeatureApp> feature = next.feature(check.featureKey());
            if (feature.isEmpty()) {
                continue;
            }
            TreeSet<String> granted = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
            granted.addAll(check.delegated().matching());
            granted.addAll(check.delegated().extra());
            granted.addAll(check.application().matching());
            granted.addAll(check.application().extra());
            TreeSet<String> delegated = new TreeSet<>();
            for (String scope : feature.get().required()) {
                if (!granted.contains(scope)) {
                    delegated.add(scope);
                }
            }
            TreeSet<String> application = new TreeSet<>();
            for (String permission : feature.get().application()) {
                if (!granted.contains(permission)) {
                    application.add(permission);
                }
            }
            if (!delegated.isEmpty() || !application.isEmpty()) {
                needs.add(new Need(check.featureKey(), List.copyOf(delegated), List.copyOf(application)));
            }
        }
        return needs;
    }
}
