package io.tenantlink.microsoft;

import com.microsoft.graph.core.requests.GraphClientFactory;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.authentication.AccessTokenProvider;
import com.microsoft.kiota.authentication.AllowedHostsValidator;
import com.microsoft.kiota.authentication.BaseBearerTokenAuthenticationProvider;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import okhttp3.OkHttpClient;

/**
 * The Microsoft Graph Java SDK's client, wired as the portal needs it: our token (from msal4j), the
 * SDK's own handlers (retry on 429 with Retry-After, redirects), timeouts instead of its 100 s
 * defaults, and in sandbox mode the routing interceptor as the very last one, so the SDK still sees
 * graph.microsoft.com (it drops the Authorization header for hosts it does not allow).
 */
public final class GraphSdk {

    public static final String GRAPH_HOST = "graph.microsoft.com";

    private GraphSdk() {}

    public static GraphServiceClient client(
            MicrosoftRoutes routing, Supplier<String> accessToken, Duration connect, Duration read) {
        Objects.requireNonNull(accessToken, "accessToken");
        AccessTokenProvider tokens = new AccessTokenProvider() {
            private final AllowedHostsValidator hosts = new AllowedHostsValidator(GRAPH_HOST);

            @Override
            public String getAuthorizationToken(URI uri, Map<String, Object> context) {
                return hosts.isUrlHostValid(uri) ? accessToken.get() : "";
            }

            @Override
            public AllowedHostsValidator getAllowedHostsValidator() {
                return hosts;
            }
        };
        BaseBearerTokenAuthenticationProvider authentication = new BaseBearerTokenAuthenticationProvider(tokens);
        OkHttpClient.Builder http = GraphClientFactory.create()
                .connectTimeout(connect)
                .readTimeout(read)
                .writeTimeout(read)
                .callTimeout(read.multipliedBy(3));
        if (routing.active()) {
            http.addInterceptor(new RoutingInterceptor(routing));
        }
        return new GraphServiceClient(authentication, http.build());
    }
}
