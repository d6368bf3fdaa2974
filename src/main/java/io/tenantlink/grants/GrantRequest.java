package io.tenantlink.grants;

import io.tenantlink.catalog.FeatureApp;
import io.tenantlink.catalog.FeatureCatalog;
import io.tenantlink.platform.InvalidInputException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A checked request for a limited-user approval: a catalog feature, the delegated scopes to grant and the users.
 *
 * <p>Scopes: the feature's delegated scopes as the catalog gives them (base scopes, required, optional when asked),
 * OpenID scopes included. In Entra, openid, profile, email and offline_access are delegated permissions of
 * Microsoft Graph's service principal like any other; seed 001 grants them, and a Principal grant without them
 * would still leave the user facing a consent prompt at sign-in. So the grant to Microsoft Graph holds them too.
 * An explicitly chosen scope list may only hold scopes the catalog knows for this feature (or base scopes).
 */
public record GrantRequest(FeatureApp feature, Set<String> scopes, List<String> userIds, String groupId) {

    /** The portal's own ChatOps app: consented tenant-wide by the connection, never approved per user here. */
    static final String CHATOPS = "chatops";

    public GrantRequest(FeatureApp feature, Set<String> scopes, List<String> userIds) {
        this(feature, scopes, userIds, null);
    }

    /** The most users one job takes (a group of 100,000 members is still one job). */
    public static final int MAX_USERS = 100_000;

    /** A Microsoft Entra object id (lower-cased before the check). */
    static final java.util.regex.Pattern OBJECT_ID =
            java.util.regex.Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    /** How many malformed entries the refusal names. */
    static final int NAMED_INVALID = 5;

    public static GrantRequest of(
            FeatureCatalog catalog,
            String featureKey,
            boolean withOptional,
            List<String> explicitScopes,
            List<String> userIds) {
        return of(catalog, featureKey, withOptional, explicitScopes, userIds, null);
    }

    /** With a group id instead of users: its members are resolved (transitively) when the job has its token. */
    public static GrantRequest of(
            FeatureCatalog catalog,
            String featureKey,
            boolean withOptional,
            List<String> explicitScopes,
            List<String> userIds,
            String groupId) {
        FeatureApp feature = catalog.feature(featureKey == null ? "" : featureKey)
                .filter(f -> !f.required().isEmpty() || !f.optional().isEmpty())
                .filter(f -> !CHATOPS.equals(f.key()))
                .orElseThrow(() -> new InvalidInputException("grants.error.feature"));
        if (withOptional && feature.optional().isEmpty()) {
            // The page offers the box for every feature; a feature without optional scopes has nothing to add.
            throw new InvalidInputException("grants.error.noOptional", feature.key());
        }
        Set<String> scopes;
        if (explicitScopes == null || explicitScopes.isEmpty()) {
            scopes = feature.delegatedScopes(catalog.baseScopes(), withOptional);
        } else {
            scopes = new LinkedHashSet<>();
            for (String scope : explicitScopes) {
                String s = scope == null ? "" : scope.trim();
                if (s.isEmpty()) {
                    continue;
                }
                boolean known = catalog.baseScopes().contains(s)
                        || feature.required().contains(s)
                        || feature.optional().contains(s);
                if (!known) {
                    throw new InvalidInputException("grants.error.scope", s);
                }
                scopes.add(s);
            }
            scopes.addAll(catalog.baseScopes());
            scopes.addAll(feature.required()); // required scopes cannot be left out
        }
        List<String> users = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        if (userIds != null) {
            for (String raw : userIds) {
                String id = raw == null ? "" : raw.trim().toLowerCase(Locale.ROOT);
                if (!id.isEmpty() && seen.add(id)) {
                    users.add(id);
                }
            }
        }
        String group =
                groupId == null || groupId.isBlank() ? null : groupId.trim().toLowerCase(Locale.ROOT);
        if (group != null) {
            if (!users.isEmpty()) {
                throw new InvalidInputException("grants.error.usersOrGroup");
            }
            if (!OBJECT_ID.matcher(group).matches()) {
                throw new InvalidInputException("grants.error.groupId");
            }
            return new GrantRequest(feature, scopes, List.of(), group);
        }
        if (users.isEmpty()) {
            throw new InvalidInputException("grants.error.noUsers");
        }
        if (users.size() > MAX_USERS) {
            throw new InvalidInputException("grants.error.tooManyUsers", MAX_USERS, users.size());
        }
        List<String> invalid =
                users.stream().filter(u -> !OBJECT_ID.matcher(u).matches()).toList();
        if (!invalid.isEmpty()) {
            // A mail address or a name pasted instead of an object id: nothing starts until the list is right.
            String named = String.join(
                    ", ",
                    invalid.subList(0, Math.min(NAMED_INVALID, invalid.size())).stream()
                            .map(u -> u.length() > 60 ? u.substring(0, 60) + "…" : u)
                            .toList());
            throw new InvalidInputException("grants.error.userIds", invalid.size(), named);
        }
        return new GrantRequest(feature, scopes, List.copyOf(users), null);
    }

    public String scopeText() {
        return String.join(" ", scopes);
    }
}
