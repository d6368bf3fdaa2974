package io.tenantlink.microsoft;

import com.microsoft.graph.core.requests.BaseGraphRequestAdapter;
import com.microsoft.graph.core.requests.GraphClientFactory;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.RequestOption;
import com.microsoft.kiota.authentication.AccessTokenProvider;
import com.microsoft.kiota.authentication.AllowedHostsValidator;
import com.microsoft.kiota.authentication.BaseBearerTokenAuthenticationProvider;
import com.microsoft.kiota.http.KiotaClientFactory;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;

/**
 * The Microsoft Graph Java SDK's client, wired as the portal needs it: our token (from msal4j), the SDK's own handlers
 * (retry on 429/503/504 with Retry-After, redirects), timeouts instead of its 100 s defaults, sockets with Nagle's
 * algorithm off ({@link NoDelaySocketFactory}: a {@code $batch} of twenty writes went out in two TCP writes, the second
 * held about 40 ms by the server's delayed acknowledgement), and in sandbox mode the routing interceptor as the very
 * last one, so the SDK still sees graph.microsoft.com (it drops the Authorization header for hosts it does not allow).
 */
public final class GraphSdk {

    public static final String GRAPH_HOST = "graph.microsoft.com";

    private GraphSdk() {}

    public static GraphServiceClient client(
            MicrosoftRoutes routing, Supplier<String> accessToken, Duration connect, Duration read) {
        return client(routing, accessToken, connect, read, GraphGateway.Budget.standard());
    }

    /**
     * {@code budget}: how long one call may take with the SDK's retries (OkHttp's call timeout, with one more connect and
     * read on top for the last attempt); {@code extra}: interceptors after the routing (tests count requests there, as
     * they go on the wire).
     */
    public static GraphServiceClient client(
            MicrosoftRoutes routing,
            Supplier<String> accessToken,
            Duration connect,
            Duration read,
            GraphGateway.Budget budget,
            Interceptor... extra) {
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
        // The SDK's default handlers (as GraphClientFactory.create(RequestOption[]) builds them; that overload set also
        // names Azure Identity's TokenCredential, which the portal leaves out of its WAR).
        OkHttpClient.Builder http = KiotaClientFactory.create(GraphClientFactory.createDefaultGraphInterceptors(
                        new RequestOption[] {budget.retryOption(null)}))
                .connectTimeout(connect)
                .readTimeout(read)
                .writeTimeout(read)
                .callTimeout(budget.total().plus(connect).plus(read))
                .socketFactory(new NoDelaySocketFactory());
        if (routing.active()) {
            http.addInterceptor(new RoutingInterceptor(routing));
        }
        for (Interceptor interceptor : extra) {
            http.addInterceptor(interceptor);
        }
        // The overload with the cloud named: the two-argument one competes with a TokenCredential overload, which javac
        // can only rule out with Azure Identity's classes at hand.
        return new GraphServiceClient(authentication, http.build(), BaseGraphRequestAdapter.Clouds.GLOBAL_CLOUD);
    }
}
