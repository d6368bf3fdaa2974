package io.tenantlink.connection;

import io.tenantlink.catalog.FeatureApp;
import io.tenantlink.catalog.FeatureCatalog;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The permissions the ChatOps app needs, as the catalog ({@code catalog/feature-apps.json}, seed 000's table) lists them: name, type, and
 * (in the messages bundle, key {@code permission.<type>.<name>}) why it is needed. An approval link
 * is bound to this set by {@link #SET_ID}; a changed table gets a new id, and older links stop working.
 */
public final class ChatOpsPermissions {

    public static final String SET_ID = "chatops-2026-12b";

    /** The catalog entry of the ChatOps app. */
    public static final String FEATURE_KEY = "chatops";

    public enum Type {
        DELEGATED,
        APPLICATION
    }

    public record Entry(String name, Type type) {
        /** The messages-bundle key of its reason. */
        public String reasonKey() {
            return "permission." + type.name().toLowerCase(java.util.Locale.ROOT) + "." + name;
        }
    }

    /**
     * The sign-in scopes the ChatOps app asks for besides its Graph permissions: OpenID Connect, not Graph permissions,
     * granted with any sign-in; listed so that the admin sees everything the sign-in asks for.
     */
    private static final List<String> SIGN_IN_SCOPES = List.of("openid", "profile", "offline_access");

    /**
     * Derived from the catalog's "chatops" entry (one source for what the portal lists, asks for and checks): its
     * delegated scopes (required and optional), its application permissions, and the sign-in scopes; sorted by name.
     */
    public static final List<Entry> ALL = fromCatalog(FeatureCatalog.builtIn());

    static List<Entry> fromCatalog(FeatureCatalog catalog) {
        FeatureApp chatOps = catalog.feature(FEATURE_KEY)
                .orElseThrow(() -> new IllegalStateException("the catalog has no " + FEATURE_KEY + " entry"));
        Set<Entry> entries = new LinkedHashSet<>();
        SIGN_IN_SCOPES.forEach(s -> entries.add(new Entry(s, Type.DELEGATED)));
        chatOps.required().forEach(s -> entries.add(new Entry(s, Type.DELEGATED)));
        chatOps.optional().forEach(s -> entries.add(new Entry(s, Type.DELEGATED)));
        chatOps.application().forEach(s -> entries.add(new Entry(s, Type.APPLICATION)));
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparing((Entry e) -> e.name().toLowerCase(Locale.ROOT))
                .thenComparing(Entry::type));
        return List.copyOf(sorted);
    }

    /** OpenID Connect scopes: granted with any sign-in, not Microsoft Graph permissions. */
    private static final Set<String> OPENID_SCOPES = Set.of("openid", "profile", "offline_access", "email");

    private ChatOpsPermissions() {}

    /** Microsoft Graph application permissions (app roles) the tenant must grant. */
    public static Set<String> application() {
        return ALL.stream()
                .filter(e -> e.type() == Type.APPLICATION)
                .map(Entry::name)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Microsoft Graph delegated permissions the tenant must grant for all users. */
    public static Set<String> delegatedGraph() {
        return ALL.stream()
                .filter(e -> e.type() == Type.DELEGATED && !OPENID_SCOPES.contains(e.name()))
                .map(Entry::name)
                .collect(Collectors.toUnmodifiableSet());
    }
}
