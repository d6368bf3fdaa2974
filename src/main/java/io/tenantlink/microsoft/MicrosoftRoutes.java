package io.tenantlink.microsoft;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Where a request for Microsoft actually goes: a table from Microsoft's hosts to the base URIs that serve them
 * ({@code tenantlink.microsoft.routes}). The code always builds Microsoft's real URLs (msal4j refuses {@code http://}
 * authorities and drops the port of an {@code https://host:port} one, and the Graph SDK only sends its token to hosts it
 * knows), and only the transport target changes: with the route {@code login.microsoftonline.com=http://127.0.0.1:8080/sandbox/login},
 * {@code https://login.microsoftonline.com/x} goes to {@code http://127.0.0.1:8080/sandbox/login/x}. With no routes
 * ({@link #none()}, production) every URI passes unchanged.
 */
public final class MicrosoftRoutes {

    public static final String LOGIN_HOST = "login.microsoftonline.com";
    public static final String GRAPH_HOST = "graph.microsoft.com";

    private static final MicrosoftRoutes NONE = new MicrosoftRoutes(Map.of());

    /** Lower-case host to base URI without a trailing slash. */
    private final Map<String, String> routes;

    private MicrosoftRoutes(Map<String, String> routes) {
        this.routes = Map.copyOf(routes);
    }

    /** Production: Microsoft is reached at its own addresses. */
    public static MicrosoftRoutes none() {
        return NONE;
    }

    /**
     * Parses {@code host=baseUri} entries separated by commas, semicolons or white space, e.g.
     * {@code login.microsoftonline.com=http://127.0.0.1:8080/sandbox/login, graph.microsoft.com=http://127.0.0.1:8080/sandbox/graph}.
     * Only Microsoft's two hosts may be routed; a blank table means {@link #none()}.
     *
     * @throws IllegalArgumentException naming the entry that is not understood
     */
    public static MicrosoftRoutes parse(String table) {
        if (table == null || table.isBlank()) {
            return NONE;
        }
        Map<String, String> routes = new LinkedHashMap<>();
        for (String entry : table.strip().split("[,;\\s]+")) {
            int equals = entry.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("Not a route (host=baseUri): " + entry);
            }
            String host = entry.substring(0, equals).strip().toLowerCase(Locale.ROOT);
            if (!host.equals(LOGIN_HOST) && !host.equals(GRAPH_HOST)) {
                throw new IllegalArgumentException(
                        "Only " + LOGIN_HOST + " and " + GRAPH_HOST + " can be routed, not " + host);
            }
            routes.put(host, base(entry.substring(equals + 1).strip()));
        }
        return new MicrosoftRoutes(routes);
    }

    /** One route per host, as {@link #parse} would read them. */
    public static MicrosoftRoutes of(Map<String, URI> routes) {
        Map<String, String> checked = new LinkedHashMap<>();
        routes.forEach((host, base) -> checked.put(host.toLowerCase(Locale.ROOT), base(base.toString())));
        return parse(String.join(
                ",",
                checked.entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .toList()));
    }

    private static String base(String text) {
        URI base;
        try {
            base = URI.create(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Not a URI: " + text, e);
        }
        String scheme = base.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            throw new IllegalArgumentException("A route must be an http or https URI: " + text);
        }
        if (base.getHost() == null) {
            throw new IllegalArgumentException("A route must name a host: " + text);
        }
        if (base.getRawQuery() != null || base.getRawFragment() != null || base.getRawUserInfo() != null) {
            throw new IllegalArgumentException("A route is scheme://host[:port][/path] only: " + text);
        }
        String path = base.getRawPath() == null ? "" : base.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return scheme.toLowerCase(Locale.ROOT) + "://" + base.getRawAuthority() + path;
    }

    public boolean active() {
        return !routes.isEmpty();
    }

    /** Where browsers sign in: Microsoft's login address as routed (no trailing slash). */
    public String loginBase() {
        return routes.getOrDefault(LOGIN_HOST, "https://" + LOGIN_HOST);
    }

    /**
     * The URI to actually connect to for {@code microsoftUri}. Path and raw query are kept byte for byte (so
     * {@code $top}, {@code %20} and friends survive); the fragment is dropped as an HTTP client would. Hosts without a
     * route are returned unchanged.
     *
     * @throws IllegalArgumentException for a routed Microsoft host reached by anything but plain {@code https} on port
     *         443: better to fail than let such a request slip through to the real Microsoft
     */
    public URI route(URI microsoftUri) {
        Objects.requireNonNull(microsoftUri, "microsoftUri");
        String host = microsoftUri.getHost();
        String base = host == null ? null : routes.get(host.toLowerCase(Locale.ROOT));
        if (base == null) {
            return microsoftUri;
        }
        boolean standard = "https".equalsIgnoreCase(microsoftUri.getScheme())
                && (microsoftUri.getPort() == -1 || microsoftUri.getPort() == 443)
                && microsoftUri.getRawUserInfo() == null;
        if (!standard) {
            throw new IllegalArgumentException("refusing to route a Microsoft URI that is not plain https");
        }
        String path = microsoftUri.getRawPath();
        StringBuilder routed = new StringBuilder(base);
        routed.append(path == null || path.isEmpty() ? "/" : path);
        if (microsoftUri.getRawQuery() != null) {
            routed.append('?').append(microsoftUri.getRawQuery());
        }
        return URI.create(routed.toString());
    }

    @Override
    public String toString() {
        return "MicrosoftRoutes" + routes;
    }
}
