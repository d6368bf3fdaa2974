package io.tenantlink.microsoft;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/** Routes for tests: Microsoft's two hosts served under {@code /sandbox/login} and {@code /sandbox/graph} of one origin. */
public final class TestRoutes {

    private TestRoutes() {}

    public static MicrosoftRoutes standIn(URI origin) {
        String base = origin.toString().endsWith("/")
                ? origin.toString().substring(0, origin.toString().length() - 1)
                : origin.toString();
        Map<String, URI> routes = new LinkedHashMap<>();
        routes.put(MicrosoftRoutes.LOGIN_HOST, URI.create(base + "/sandbox/login"));
        routes.put(MicrosoftRoutes.GRAPH_HOST, URI.create(base + "/sandbox/graph"));
        return MicrosoftRoutes.of(routes);
    }
}
