package io.tenantlink.catalog;

import java.util.Optional;

/**
 * The permission set an approval link for a feature app is bound to:
 * {@code feature:<key>:<catalog version>[:optional]}. A link made for another catalog version stops
 * working (the tenant admin would otherwise approve scopes that are no longer the ones shown).
 */
public record FeatureLinkSet(FeatureApp feature, boolean withOptional) {

    public static final String PREFIX = "feature:";

    public static String id(FeatureCatalog catalog, FeatureApp feature, boolean withOptional) {
        return PREFIX + feature.key() + ":" + catalog.version()
                + (withOptional && !feature.optional().isEmpty() ? ":optional" : "");
    }

    public static boolean isFeatureSet(String permissionSet) {
        return permissionSet != null && permissionSet.startsWith(PREFIX);
    }

    /** The feature and choice a set id names, when it names one of the current catalog. */
    public static Optional<FeatureLinkSet> parse(String permissionSet, FeatureCatalog catalog) {
        if (!isFeatureSet(permissionSet)) {
            return Optional.empty();
        }
        String[] parts = permissionSet.substring(PREFIX.length()).split(":", -1);
        if (parts.length < 2
                || parts.length > 3
                || !parts[1].equals(catalog.version())
                || (parts.length == 3 && !parts[2].equals("optional"))) {
            return Optional.empty();
        }
        return catalog.feature(parts[0])
                .map(f -> new FeatureLinkSet(f, parts.length == 3))
                .filter(s -> s.id(catalog).equals(permissionSet));
    }

    public String id(FeatureCatalog catalog) {
        return id(catalog, feature, withOptional);
    }

    /** The scopes the admin consents to, space-separated. */
    public String scope(FeatureCatalog catalog) {
        return FeatureView.consentScope(catalog, feature, withOptional);
    }
}
