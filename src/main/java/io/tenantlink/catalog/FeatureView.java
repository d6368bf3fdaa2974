package io.tenantlink.catalog;

import java.util.ArrayList;
import java.util.List;

/**
 * What a page shows of one catalog feature: its name, its client id (null when the operator has not
 * configured one), and every scope it asks for with its group, type, the reason it is needed and,
 * for optional scopes, what it unlocks. Texts are message-bundle keys.
 */
public record FeatureView(
        String key,
        String nameKey,
        String clientId,
        List<String> baseScopes,
        List<ScopeRow> rows,
        boolean hasOptional,
        boolean hasApplication) {

    public enum Group {
        BASE,
        REQUIRED,
        OPTIONAL,
        APPLICATION
    }

    /** One scope: {@code type} is DELEGATED or APPLICATION (the permission.type.* keys); unlocksKey only for optional ones. */
    public record ScopeRow(String scope, Group group, String type, String reasonKey, String unlocksKey) {}

    public static FeatureView of(FeatureCatalog catalog, FeatureApp feature, String clientIdOrNull) {
        List<ScopeRow> rows = new ArrayList<>();
        for (String scope : catalog.baseScopes()) {
            rows.add(new ScopeRow(scope, Group.BASE, "DELEGATED", FeatureCatalog.baseReasonKey(scope), null));
        }
        for (String scope : feature.required()) {
            rows.add(new ScopeRow(scope, Group.REQUIRED, "DELEGATED", feature.reasonKey(scope), null));
        }
        for (String scope : feature.optional()) {
            rows.add(new ScopeRow(
                    scope, Group.OPTIONAL, "DELEGATED", feature.reasonKey(scope), feature.unlocksKey(scope)));
        }
        for (String permission : feature.application()) {
            rows.add(new ScopeRow(
                    permission, Group.APPLICATION, "APPLICATION", feature.applicationReasonKey(permission), null));
        }
        return new FeatureView(
                feature.key(),
                feature.nameKey(),
                clientIdOrNull,
                catalog.baseScopes(),
                rows,
                !feature.optional().isEmpty(),
                !feature.application().isEmpty());
    }

    public List<ScopeRow> rowsOf(String group) {
        Group g = Group.valueOf(group);
        return rows.stream().filter(r -> r.group() == g).toList();
    }

    /** The scopes of a group, space-separated (for display). */
    public String scopesOf(String group) {
        return String.join(" ", rowsOf(group).stream().map(ScopeRow::scope).toList());
    }

    public boolean configured() {
        return clientId != null;
    }

    /**
     * The delegated scopes an admin-consent link asks for: base, required and (when asked) optional,
     * space-separated, in catalog order.
     */
    public static String consentScope(FeatureCatalog catalog, FeatureApp feature, boolean withOptional) {
        return String.join(" ", feature.delegatedScopes(catalog.baseScopes(), withOptional));
    }
}
