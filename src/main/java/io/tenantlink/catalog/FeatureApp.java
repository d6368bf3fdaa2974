package io.tenantlink.catalog;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One feature app of the catalog: its key, the configuration setting holding its Entra client id
 * (and the seed's example id), the delegated scopes it requires, the optional ones, and the
 * application permissions (ChatOps only). Display texts live in the messages bundle under
 * {@code feature.<key>.*}.
 */
public record FeatureApp(
        String key,
        String clientIdSetting,
        String exampleClientId,
        List<String> required,
        List<String> optional,
        List<String> application) {

    public FeatureApp {
        required = List.copyOf(required);
        optional = List.copyOf(optional);
        application = List.copyOf(application);
    }

    /** Delegated scopes to ask for: the base scopes, the required ones and, when asked, the optional ones. */
    public Set<String> delegatedScopes(List<String> baseScopes, boolean withOptional) {
        Set<String> scopes = new LinkedHashSet<>(baseScopes);
        scopes.addAll(required);
        if (withOptional) {
            scopes.addAll(optional);
        }
        return scopes;
    }

    /** Every scope or permission this feature may ask for. */
    public boolean knows(String scope) {
        return required.contains(scope) || optional.contains(scope) || application.contains(scope);
    }

    public String nameKey() {
        return "feature." + key + ".name";
    }

    /** Why a scope is needed: {@code feature.<key>.scope.<scope>}. */
    public String reasonKey(String scope) {
        return "feature." + key + ".scope." + scope;
    }

    /** Why an application permission is needed: {@code feature.<key>.application.<permission>}. */
    public String applicationReasonKey(String permission) {
        return "feature." + key + ".application." + permission;
    }

    /** What an optional scope unlocks: {@code feature.<key>.optional.<scope>}. */
    public String unlocksKey(String scope) {
        return "feature." + key + ".optional." + scope;
    }
}
