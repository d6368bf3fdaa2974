package io.tenantlink.microsoft;

import com.microsoft.aad.msal4j.HttpRequest;
import com.microsoft.aad.msal4j.HttpResponse;
import com.microsoft.aad.msal4j.IHttpClient;
import com.microsoft.aad.msal4j.IHttpResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * msal4j's transport, so msal4j can keep Microsoft's real authority while sandbox mode sends the
 * bytes to the sandbox (see {@link MicrosoftRoutes}). Also gives msal4j timeouts of our choosing.
 * Give it to {@code ConfidentialClientApplication.builder(...).httpClient(...)}.
 */
public final class RoutedMsalHttpClient implements IHttpClient {

    /** Headers java.net.http sets itself and refuses from callers. */
    private static final Set<String> RESTRICTED_HEADERS =
            Set.of("connection", "content-length", "expect", "host", "upgrade");

    private final MicrosoftRoutes routing;
    private final Duration requestTimeout;
    private final HttpClient http;

    public RoutedMsalHttpClient(MicrosoftRoutes routing, Duration connectTimeout, Duration requestTimeout) {
        this.routing = Objects.requireNonNull(routing, "routing");
        this.requestTimeout = positive(requestTimeout, "requestTimeout");
        this.http = HttpClient.newBuilder()
                .connectTimeout(positive(connectTimeout, "connectTimeout"))
                // HTTP/1.1 as msal4j's own client speaks; avoids an h2c upgrade attempt on the sandbox.
                .version(HttpClient.Version.HTTP_1_1)
                // msal4j handles redirects itself (and a redirect would bypass the routing).
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public IHttpResponse send(HttpRequest request) throws Exception {
        URI target = routing.route(request.url().toURI());
        java.net.http.HttpRequest.Builder builder =
                java.net.http.HttpRequest.newBuilder(target).timeout(requestTimeout);
        Map<String, String> headers = request.headers();
        if (headers != null) {
            headers.forEach((name, value) -> {
                if (name != null && value != null && !RESTRICTED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                    builder.header(name, value);
                }
            });
        }
        builder.method(request.httpMethod().methodName, body(request.body()));

        java.net.http.HttpResponse<String> response =
                http.send(builder.build(), BodyHandlers.ofString(StandardCharsets.UTF_8));
        return toMsal(response);
    }

    private static BodyPublisher body(String body) {
        return body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body, StandardCharsets.UTF_8);
    }

    private static IHttpResponse toMsal(java.net.http.HttpResponse<String> response) {
        CaseInsensitiveHttpResponse msal = new CaseInsensitiveHttpResponse();
        msal.statusCode(response.statusCode());
        msal.body(response.body());
        msal.addHeaders(response.headers().map());
        return msal;
    }

    private static Duration positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
        return d;
    }

    /**
     * msal4j looks headers up by exact spelling ("Content-Type", "Retry-After", "Location") in a
     * plain map, while java.net.http hands them over as the server spelled them (lower case over
     * HTTP/2). Header names are case-insensitive in HTTP, so answer lookups that way.
     */
    static final class CaseInsensitiveHttpResponse extends HttpResponse {
        private final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

        @Override
        public void addHeaders(Map<String, List<String>> responseHeaders) {
            super.addHeaders(responseHeaders);
            responseHeaders.forEach((name, values) -> {
                if (name != null && values != null && !values.isEmpty()) {
                    headers.put(name, List.copyOf(values));
                }
            });
        }

        @Override
        public Map<String, List<String>> headers() {
            return Collections.unmodifiableMap(headers);
        }
    }
}
