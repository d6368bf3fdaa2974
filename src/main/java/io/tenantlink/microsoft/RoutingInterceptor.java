package io.tenantlink.microsoft;

import java.io.IOException;
import java.net.URI;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Sends the Graph SDK's requests for {@code https://graph.microsoft.com/...} where the configured routes say
 * (see {@link MicrosoftRoutes}), keeping method, headers and body. The SDK only attaches its bearer token to
 * hosts its {@code AllowedHostsValidator} allows, so the URL must still be Graph's when the SDK
 * looks at it: add this as the <em>last application</em> interceptor (after the SDK's own
 * handlers), never as a network interceptor (OkHttp forbids those from changing the host).
 */
public final class RoutingInterceptor implements Interceptor {

    private final MicrosoftRoutes routing;

    public RoutingInterceptor(MicrosoftRoutes routing) {
        this.routing = Objects.requireNonNull(routing, "routing");
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        if (!routing.active()) {
            return chain.proceed(request);
        }
        HttpUrl url = request.url();
        URI original = url.uri();
        URI routed = routing.route(original);
        if (routed == original) {
            return chain.proceed(request);
        }
        // HttpUrl.uri() may re-encode a few query characters; put back OkHttp's own encoded
        // query so the sandbox receives exactly the bytes Graph would have.
        HttpUrl target = HttpUrl.get(routed.toString())
                .newBuilder()
                .encodedQuery(url.encodedQuery())
                .build();
        // newBuilder keeps method, headers (Authorization included) and body.
        return chain.proceed(request.newBuilder().url(target).build());
    }
}
