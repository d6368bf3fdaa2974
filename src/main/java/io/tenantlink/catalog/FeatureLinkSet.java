package io.tenantlink.catalog;

import java.util.Optional;

/**
 * The permission set an approval link for a feature app is bound to:
 * {@code feature:<key>:<catalog version>[:optional]}. A link made for another catalog version stops
 * working (the tenant admin would otherwise approve scopes that are no longer the ones shown).
 *
 * <p>A consent-ahead link ({@code feature:<key>:<next catalog version>:ahead}) asks for what the next catalog version
 * of the feature will require and the tenant has not granted yet; it works while that version is the configured next
 * one ({@link #ahead}).
 */
public record FeatureLinkSet(FeatureApp feature, boolean withOptional) {

    public static final String PREFIX = "feature:";

    /** The end of a consent-ahead set id. */
    public static final String AHEAD = ":ahead";

    /**
     * What the approval record of a consent-ahead link says after the set, before the permissions it asked for
     * ("link 12 (feature:todo:2027-01-15.1:ahead); asked for: Tasks.Read.Shared app:Tasks.Read.All").
     */
    public static final String ASKED_FOR = "; asked for: ";

    /** A consent-ahead set: the feature key and the next catalog version it was made for. */
    public record Ahead(String featureKey, String version) {}

    public static String id(FeatureCatalog catalog, FeatureApp feature, boolean withOptional) {
        return PREFIX + feature.key() + ":" + catalog.version()
                + (withOptional && !feature.optional().isEmpty() ? ":optional" : "");
    }

    /** The consent-ahead set of a feature for the next catalog version {@code next}. */
    public static String aheadId(FeatureCatalog next, FeatureApp feature) {
        return PREFIX + feature.key() + ":" + next.version() + AHEAD;
    }

    /** The feature and version a consent-ahead set names (empty for every other set). */
    public static Optional<Ahead> ahead(String permissionSet) {
        if (!isFeatureSet(permissionSet) || !permissionSet.endsWith(AHEAD)) {
            return Optional.empty();
        }
        String[] parts = permissionSet.substring(PREFIX.length()).split(":", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Ahead(parts[0], parts[1]));
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
