package io.tenantlink.doctor;

import io.tenantlink.catalog.FeatureApp;
import io.tenantlink.catalog.FeatureCatalog;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Granted against required, per feature (pure; no Microsoft, no database).
 *
 * <ul>
 * <li><b>matching</b>: granted and asked for by this feature (required, or optional: an optional scope
 * granted is a match, one not granted is not missing);</li>
 * <li><b>missing</b>: required by this feature and not granted;</li>
 * <li><b>extra</b>: granted to the app but asked for by no feature of the catalog that uses the same
 * app registration (several features share one: Email, Meetings and Calendar do), nor a base scope.</li>
 * </ul>
 * The base scopes ({@code openid profile email offline_access}) are never missing: Microsoft lists them
 * in a grant only sometimes, and sign-in asks for them anyway. Scope names compare case-insensitively,
 * as Microsoft compares them.
 */
public final class ConsentComparison {

    private ConsentComparison() {}

    /**
     * Every feature of the catalog: {@code clientIds} maps a feature key to its resolved client id
     * (absent: not configured), {@code facts} a client id to what the tenant granted it.
     */
    public static List<FeatureCheck> compareAll(
            FeatureCatalog catalog, Map<String, String> clientIds, Map<String, ClientFacts> facts) {
        Map<String, Set<String>> knownDelegated = new LinkedHashMap<>();
        Map<String, Set<String>> knownApplication = new LinkedHashMap<>();
        for (FeatureApp f : catalog.features()) {
            String clientId = clientIds.get(f.key());
            if (clientId == null) {
                continue;
            }
            Set<String> delegated =
                    knownDelegated.computeIfAbsent(key(clientId), k -> new HashSet<>(catalog.baseScopes()));
            delegated.addAll(f.required());
            delegated.addAll(f.optional());
            knownApplication
                    .computeIfAbsent(key(clientId), k -> new HashSet<>())
                    .addAll(f.application());
        }
        List<FeatureCheck> checks = new ArrayList<>();
        for (FeatureApp f : catalog.features()) {
            String clientId = clientIds.get(f.key());
            if (clientId == null) {
                checks.add(
                        new FeatureCheck(f.key(), null, CheckStatus.NOT_CONFIGURED, ScopeDiff.EMPTY, ScopeDiff.EMPTY));
                continue;
            }
            ClientFacts granted =
                    facts.getOrDefault(clientId, facts.getOrDefault(key(clientId), ClientFacts.notInstalled(clientId)));
            checks.add(compare(
                    f,
                    catalog.baseScopes(),
                    knownDelegated.get(key(clientId)),
                    knownApplication.get(key(clientId)),
                    clientId,
                    granted));
        }
        return checks;
    }

    /** One feature; {@code knownDelegated} and {@code knownApplication}: what any feature on the same app may ask for. */
    public static FeatureCheck compare(
            FeatureApp feature,
            List<String> baseScopes,
            Set<String> knownDelegated,
            Set<String> knownApplication,
            String clientId,
            ClientFacts facts) {
        if (!facts.installed()) {
            return new FeatureCheck(
                    feature.key(),
                    clientId,
                    CheckStatus.NOT_INSTALLED,
                    new ScopeDiff(List.of(), feature.required(), List.of()),
                    new ScopeDiff(List.of(), feature.application(), List.of()));
        }
        Set<String> asked = new HashSet<>(feature.required());
        asked.addAll(feature.optional());
        Set<String> allowedDelegated = new HashSet<>(knownDelegated == null ? Set.of() : knownDelegated);
        allowedDelegated.addAll(baseScopes);
        allowedDelegated.addAll(asked);
        ScopeDiff delegated = diff(feature.required(), asked, allowedDelegated, facts.delegated());
        Set<String> allowedApplication = new HashSet<>(knownApplication == null ? Set.of() : knownApplication);
        allowedApplication.addAll(feature.application());
        ScopeDiff application =
                diff(feature.application(), feature.application(), allowedApplication, facts.application());
        CheckStatus status = delegated.complete() && application.complete() ? CheckStatus.OK : CheckStatus.MISSING;
        return new FeatureCheck(feature.key(), clientId, status, delegated, application);
    }

    private static ScopeDiff diff(
            Collection<String> required,
            Collection<String> asked,
            Collection<String> allowed,
            Collection<String> granted) {
        Set<String> grantedLower = ScopeDiff.lower(granted);
        Set<String> askedLower = ScopeDiff.lower(asked);
        Set<String> allowedLower = ScopeDiff.lower(allowed);
        List<String> matching = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String scope : asked) {
            if (grantedLower.contains(scope.toLowerCase(Locale.ROOT))) {
                matching.add(scope);
            } else if (required.contains(scope)) {
                missing.add(scope);
            }
        }
        List<String> extra = new ArrayList<>();
        for (String scope : granted) {
            String lower = scope.toLowerCase(Locale.ROOT);
            if (!askedLower.contains(lower) && !allowedLower.contains(lower)) {
                extra.add(scope);
            }
        }
        return new ScopeDiff(matching, missing, extra);
    }

    static String key(String clientId) {
        return clientId.toLowerCase(Locale.ROOT);
    }
}
