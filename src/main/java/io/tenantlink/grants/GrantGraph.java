package io.tenantlink.grants;

import io.tenantlink.microsoft.GraphAnswer;
import io.tenantlink.microsoft.GraphGateway;
import io.tenantlink.microsoft.GraphRequest;
import java.io.IOException;
import java.util.List;

/**
 * What the limited-user approval needs of Microsoft Graph: typed requests sent alone, or as JSON batches (at most
 * {@link GraphGateway#MAX_BATCH} each, answers in the order of the requests). The portal's is the {@link GraphGateway};
 * tests fake it.
 */
public interface GrantGraph {

    /** One request; Graph's statuses are in the answer, no answer at all is an IOException. */
    <T> GraphAnswer<T> send(GraphRequest<T> request) throws IOException;

    /**
     * Requests as JSON batches; a batch Graph refused as a whole is {@link GraphGateway.BatchRefused}, one that got no
     * answer an IOException.
     */
    <T> List<GraphAnswer<T>> batch(List<? extends GraphRequest<? extends T>> requests) throws IOException;

    static GrantGraph of(GraphGateway gateway) {
        return new GrantGraph() {
            @Override
            public <T> GraphAnswer<T> send(GraphRequest<T> request) throws IOException {
                return gateway.send(request);
            }

            @Override
            public <T> List<GraphAnswer<T>> batch(List<? extends GraphRequest<? extends T>> requests)
                    throws IOException {
                return gateway.batch(requests);
            }
        };
    }
}
