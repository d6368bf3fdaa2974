package io.tenantlink.webhook;

import io.tenantlink.platform.InvalidInputException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Where a site's events go: an absolute {@code https://} URL, or {@code http://} to this machine's loopback address (a
 * service desk beside the portal, and the tests). No credentials in the URL, no fragment, at most 2,000 characters.
 */
public final class WebhookUrl {

    public static final int MAX_LENGTH = 2000;

    private WebhookUrl() {}

    public static URI check(String input) {
        String text = input == null ? "" : input.strip();
        if (text.isEmpty() || text.length() > MAX_LENGTH) {
            throw new InvalidInputException("webhook.error.url");
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new InvalidInputException("webhook.error.url");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || uri.getHost() == null || uri.getHost().isBlank()) {
            throw new InvalidInputException("webhook.error.url");
        }
        if (uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            throw new InvalidInputException("webhook.error.urlParts");
        }
        if (scheme.equals("https")) {
            return uri;
        }
        if (scheme.equals("http") && isLoopback(uri.getHost())) {
            return uri;
        }
        throw new InvalidInputException("webhook.error.scheme");
    }

    /** A literal loopback address or "localhost" (names are not resolved: no DNS lookup for a form field). */
    static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.equals("localhost")) {
            return true;
        }
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (!h.matches("[0-9.]+|[0-9a-f:]+")) {
            return false;
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }
}
