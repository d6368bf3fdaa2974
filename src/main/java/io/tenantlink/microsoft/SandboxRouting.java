package io.tenantlink.microsoft;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * Where a request for Microsoft actually goes. The code always builds Microsoft's real URLs
 * (msal4j refuses {@code http://} authorities and drops the port of an {@code https://host:port}
 * one, and the Graph SDK only sends its token to hosts it knows), so sandbox mode swaps the
 * transport target instead: {@code https://login.microsoftonline.com/...} goes to
 * {@code {origin}/sandbox/login/...} and {@code https://graph.microsoft.com/...} to
 * {@code {origin}/sandbox/graph/...}. In production ({@link #none()}) every URI passes unchanged.
 */
public final class SandboxRouting {

    static final String LOGIN_HOST = "login.microsoftonline.com";
    static final String GRAPH_HOST = "graph.microsoft.com";
    static final String LOGIN_PREFIX = "/sandbox/login";
    static final String GRAPH_PREFIX = "/sandbox/graph";

    private static final SandboxRouting NONE = new SandboxRouting();

    private final URI origin;

    private SandboxRouting() {
        this.origin = null;
    }

    /**
     * @param sandboxOrigin scheme, host and optional port of the sandbox, e.g.
     *        {@code http://127.0.0.1:8080}; a path other than "/" is refused so the sandbox paths
     *        stay where the sandbox serves them
     */
    public SandboxRouting(URI sandboxOrigin) {
        Objects.requireNonNull(sandboxOrigin, "sandboxOrigin");
        String scheme = sandboxOrigin.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            throw new IllegalArgumentException("sandbox origin must be an http or https URI");
        }
        if (sandboxOrigin.getHost() == null) {
            throw new IllegalArgumentException("sandbox origin must name a host");
        }
        String path = sandboxOrigin.getRawPath();
        if ((path != null && !path.isEmpty() && !path.equals("/"))
                || sandboxOrigin.getRawQuery() != null || sandboxOrigin.getRawFragment() != null
                || sandboxOrigin.getRawUserInfo() != null) {
            throw new IllegalArgumentException("sandbox origin must be scheme://host[:port] only");
        }
        this.origin = URI.create(scheme.toLowerCase(Locale.ROOT) + "://" + sandboxOrigin.getRawAuthority());
    }

    /** Production: Microsoft is reached at its own addresses. */
    public static SandboxRouting none() {
        return NONE;
    }

    public boolean active() {
        return origin != null;
    }

    /** The sandbox origin, or null in production. */
    public URI origin() {
        return origin;
    }

    /**
     * The URI to actually connect to for {@code microsoftUri}. Path and raw query are kept byte
     * for byte (so {@code $top}, {@code %20} and friends survive); the fragment is dropped as an
     * HTTP client would. Hosts other than Microsoft's two are returned unchanged.
     *
     * @throws IllegalArgumentException in sandbox mode, for a Microsoft host reached by anything
     *         but plain {@code https} on port 443: better to fail than let a sandbox request slip
     *         through to the real Microsoft
     */
    public URI route(URI microsoftUri) {
        Objects.requireNonNull(microsoftUri, "microsoftUri");
        if (origin == null) {
            return microsoftUri;
        }
        String host = microsoftUri.getHost();
        String prefix;
        if (LOGIN_HOST.equalsIgnoreCase(host)) {
            prefix = LOGIN_PREFIX;
        } else if (GRAPH_HOST.equalsIgnoreCase(host)) {
            prefix = GRAPH_PREFIX;
        } else {
            return microsoftUri;
        }
        boolean standard = "https".equalsIgnoreCase(microsoftUri.getScheme())
                && (microsoftUri.getPort() == -1 || microsoftUri.getPort() == 443)
                && microsoftUri.getRawUserInfo() == null;
        if (!standard) {
            throw new IllegalArgumentException("refusing to route a Microsoft URI that is not plain https");
        }
        String path = microsoftUri.getRawPath();
        StringBuilder routed = new StringBuilder(origin.toString()).append(prefix);
        routed.append(path == null || path.isEmpty() ? "/" : path);
        if (microsoftUri.getRawQuery() != null) {
            routed.append('?').append(microsoftUri.getRawQuery());
        }
        return URI.create(routed.toString());
    }

    @Override
    public String toString() {
        return origin == null ? "SandboxRouting[none]" : "SandboxRouting[" + origin + "]";
    }
}
