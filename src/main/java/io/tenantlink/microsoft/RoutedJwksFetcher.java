package io.tenantlink.microsoft;

import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Fetches a tenant's keys from Microsoft's real keys URL, sent through {@link MicrosoftRoutes} so
 * the sandbox answers in sandbox mode.
 */
public final class RoutedJwksFetcher implements JwksFetcher {

    static final Pattern GUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    /** Microsoft's key sets are a few KB; refuse to buffer anything absurd. */
    private static final int MAX_BYTES = 512 * 1024;

    private final MicrosoftRoutes routing;
    private final Duration requestTimeout;
    private final HttpClient http;

    public RoutedJwksFetcher(MicrosoftRoutes routing, Duration connectTimeout, Duration requestTimeout) {
        this.routing = Objects.requireNonNull(routing, "routing");
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
        this.http = HttpClient.newBuilder()
                .connectTimeout(Objects.requireNonNull(connectTimeout, "connectTimeout"))
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    static URI keysUri(String tenantId) {
        // Only a GUID goes into the path: no path tricks, no "common" keys for a tenant's token.
        if (tenantId == null || !GUID.matcher(tenantId).matches()) {
            throw new IllegalArgumentException("tenant id must be a GUID");
        }
        return URI.create("https://" + MicrosoftRoutes.LOGIN_HOST + "/" + tenantId + "/discovery/v2.0/keys");
    }

    @Override
    public JWKSet fetch(String tenantId) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(routing.route(keysUri(tenantId)))
                .timeout(requestTimeout)
                .header("Accept", "application/json")
                .GET()
                .build();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching signing keys", e);
        }
        try (InputStream in = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException("signing keys answered HTTP " + response.statusCode());
            }
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw new IOException("signing keys document too large");
            }
            return JWKSet.parse(new String(bytes, StandardCharsets.UTF_8));
        } catch (ParseException e) {
            throw new IOException("signing keys document is not a JWK set");
        }
    }
}
