package io.tenantlink.platform.web;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.Locale;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The portal's configured public URL (tenantlink.public-url): the only origin absolute URLs and
 * Location headers are built from. The request's Host header is never trusted for them (a forged
 * Host must not choose where a redirect points), and a request that reached the portal under
 * another host name (127.0.0.1 instead of localhost) is sent to the public one before any flow
 * starts, because cookies, and with them every sign-in flow, are per host.
 */
public final class PublicOrigin {

    private static volatile URI origin;

    private PublicOrigin() {}

    /** scheme://host[:port] of the public URL, without a trailing slash. */
    public static URI origin() {
        URI known = origin;
        if (known == null) {
            String configured = ConfigProvider.getConfig()
                    .getOptionalValue("tenantlink.public-url", String.class)
                    .orElse("http://localhost:8080/");
            URI url = URI.create(configured.strip());
            known = URI.create(url.getScheme().toLowerCase(Locale.ROOT) + "://" + url.getRawAuthority());
            origin = known;
        }
        return known;
    }

    /** The public URL of a path on the portal ("/sites?x=1"), as a string. */
    public static String absolute(String pathAndQuery) {
        return origin() + (pathAndQuery.startsWith("/") ? pathAndQuery : "/" + pathAndQuery);
    }

    /** Paths that answer under any host: the health probes (called by orchestrators by address). */
    public static boolean anyHost(HttpServletRequest request) {
        String path = path(request);
        return path.equals("/health") || path.startsWith("/health/");
    }

    /**
     * Whether the request's host name is the public URL's. Only the name is compared: a reverse proxy that
     * terminates TLS passes the public host name on (RUNBOOK, "TLS") while the port it forwards to differs.
     */
    public static boolean hostMatches(HttpServletRequest request) {
        String host = request.getServerName();
        return host != null && host.equalsIgnoreCase(origin().getHost());
    }

    /** The same path and query on the public URL. */
    public static String samePlace(HttpServletRequest request) {
        String query = request.getQueryString();
        return absolute(request.getRequestURI() + (query == null ? "" : "?" + query));
    }

    /**
     * A Location value rebuilt on the public URL when it points into this portal: relative ones, and
     * absolute ones on the host the request named (which the container and JAX-RS take from the Host
     * header). Locations on other sites (Microsoft's sign-in) are kept as they are.
     */
    public static String location(HttpServletRequest request, String location) {
        if (location == null || location.isEmpty()) {
            return location;
        }
        URI target;
        try {
            target = URI.create(location);
        } catch (IllegalArgumentException e) {
            return location;
        }
        if (target.getScheme() == null && target.getRawAuthority() == null) {
            String path = target.getRawPath() == null || target.getRawPath().isEmpty()
                    ? request.getRequestURI()
                    : target.getRawPath().startsWith("/")
                            ? target.getRawPath()
                            : URI.create(request.getRequestURI())
                                    .resolve(target.getRawPath())
                                    .getRawPath();
            return absolute(path)
                    + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery())
                    + (target.getRawFragment() == null ? "" : "#" + target.getRawFragment());
        }
        String host = target.getHost();
        String requestHost = request.getServerName();
        boolean ours =
                host != null && (host.equalsIgnoreCase(requestHost) || host.equalsIgnoreCase(origin().getHost()));
        if (ours && samePort(request, target)) {
            String rest = target.getRawPath() == null || target.getRawPath().isEmpty() ? "/" : target.getRawPath();
            return absolute(rest)
                    + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery())
                    + (target.getRawFragment() == null ? "" : "#" + target.getRawFragment());
        }
        return location;
    }

    /** An absolute Location on the request's own host and port (or the public URL's), i.e. pointing at this server. */
    private static boolean samePort(HttpServletRequest request, URI target) {
        int port = target.getPort() != -1 ? target.getPort() : "https".equalsIgnoreCase(target.getScheme()) ? 443 : 80;
        URI pub = origin();
        int publicPort = pub.getPort() != -1 ? pub.getPort() : "https".equals(pub.getScheme()) ? 443 : 80;
        return port == request.getServerPort() || port == publicPort || port == request.getLocalPort();
    }

    static String path(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }
}
