package io.tenantlink.grants;

import io.tenantlink.microsoft.GraphClient;
import io.tenantlink.microsoft.GraphResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** What the engine needs from Microsoft Graph: single requests and JSON batches (at most 20 each). Tests fake it. */
public interface GrantGraph {

    GraphResponse send(String method, String relativeUrl, Map<String, Object> body) throws IOException;

    List<GraphClient.BatchResult> batch(List<GraphClient.BatchRequest> requests) throws IOException;

    static GrantGraph of(GraphClient client) {
        return new GrantGraph() {
            @Override
            public GraphResponse send(String method, String relativeUrl, Map<String, Object> body) throws IOException {
                return client.send(method, relativeUrl, body);
            }

            @Override
            public List<GraphClient.BatchResult> batch(List<GraphClient.BatchRequest> requests) throws IOException {
                return client.batch(requests);
            }
        };
    }
}
