package io.tenantlink.catalog;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The catalog of feature apps, read from the versioned data file {@code catalog/feature-apps.json}
 * (seed 001's table and seed 000's ChatOps permissions). Invalid data fails at start-up, not on a page.
 */
public final class FeatureCatalog {

    public static final String RESOURCE = "catalog/feature-apps.json";
    /**
     * The state of a copied approve-for-all link of a feature app: no secret (anyone may hold such a link), so its
     * return is recorded, never trusted; the feature's key follows.
     */
    public static final String LINK_STATE_PREFIX = "tenantlink-feature-";

    private static final Pattern KEY = Pattern.compile("^[a-z][a-z0-9-]{0,39}$");
    private static final Pattern SCOPE = Pattern.compile("^[A-Za-z][A-Za-z0-9._]{0,99}$");
    private static final Pattern GUID =
            Pattern.compile("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");

    private final String version;
    private final List<String> baseScopes;
    private final List<FeatureApp> features;

    public FeatureCatalog(String version, List<String> baseScopes, List<FeatureApp> features) {
        this.version = version;
        this.baseScopes = List.copyOf(baseScopes);
        this.features = List.copyOf(features);
    }

    public static FeatureCatalog builtIn() {
        try (InputStream in = FeatureCatalog.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the application");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + RESOURCE, e);
        }
    }

    public static FeatureCatalog parse(String json) {
        try {
            Map<String, Object> root = JSONObjectUtils.parse(json);
            String version = JSONObjectUtils.getString(root, "version");
            if (version == null || version.isBlank()) {
                throw new IllegalArgumentException("the catalog needs a version");
            }
            List<String> base = scopes(root, "baseScopes");
            List<FeatureApp> features = new ArrayList<>();
            Set<String> keys = new HashSet<>();
            for (Map<String, Object> f : JSONObjectUtils.getJSONObjectArray(root, "features")) {
                String key = JSONObjectUtils.getString(f, "key");
                if (key == null || !KEY.matcher(key).matches() || !keys.add(key)) {
                    throw new IllegalArgumentException("feature key missing, malformed or repeated: " + key);
                }
                String example = JSONObjectUtils.getString(f, "exampleClientId");
                if (example == null || !GUID.matcher(example).matches()) {
                    throw new IllegalArgumentException(key + ": exampleClientId must be a lower-case GUID");
                }
                String setting = JSONObjectUtils.getString(f, "clientIdSetting");
                if (setting == null || !setting.startsWith("tenantlink.")) {
                    throw new IllegalArgumentException(key + ": clientIdSetting must be a tenantlink.* setting");
                }
                FeatureApp app = new FeatureApp(
                        key, setting, example, scopes(f, "required"), scopes(f, "optional"), scopes(f, "application"));
                if (app.required().isEmpty()) {
                    throw new IllegalArgumentException(key + ": a feature requires at least one scope");
                }
                features.add(app);
            }
            return new FeatureCatalog(version, base, features);
        } catch (ParseException e) {
            throw new IllegalArgumentException("the catalog is not valid JSON: " + e.getMessage(), e);
        }
    }

    private static List<String> scopes(Map<String, Object> json, String name) throws ParseException {
        String[] values = JSONObjectUtils.getStringArray(json, name);
        List<String> scopes = values == null ? List.of() : List.of(values);
        for (String scope : scopes) {
            if (!SCOPE.matcher(scope).matches()) {
                throw new IllegalArgumentException(name + ": not a scope name: " + scope);
            }
        }
        if (new HashSet<>(scopes).size() != scopes.size()) {
            throw new IllegalArgumentException(name + ": repeated scope");
        }
        return scopes;
    }

    public String version() {
        return version;
    }

    public List<String> baseScopes() {
        return baseScopes;
    }

    /** Why a base scope (asked by every feature) is needed: {@code feature.base.scope.<scope>}. */
    public static String baseReasonKey(String scope) {
        return "feature.base.scope." + scope;
    }

    public List<FeatureApp> features() {
        return features;
    }

    public Optional<FeatureApp> feature(String key) {
        return features.stream().filter(f -> f.key().equals(key)).findFirst();
    }
}
