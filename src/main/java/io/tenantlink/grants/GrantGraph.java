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

    /** Forms a batch of at most {@link GraphGateway#MAX_BATCH} requests now, to send later: off the path of those in flight. */
    default GraphGateway.PreparedBatch prepareBatch(List<? extends GraphRequest<?>> requests) {
        return GraphGateway.PreparedBatch.of(requests);
    }

    /** Sends a batch formed earlier; as {@link #batch}. */
    default <T> List<GraphAnswer<T>> sendBatch(GraphGateway.PreparedBatch batch) throws IOException {
        @SuppressWarnings("unchecked")
        List<GraphRequest<? extends T>> requests = (List<GraphRequest<? extends T>>) (List<?>) batch.requests();
        return batch(requests);
    }

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

            @Override
            public GraphGateway.PreparedBatch prepareBatch(List<? extends GraphRequest<?>> requests) {
                return gateway.prepareBatch(requests);
            }

            @Override
            public <T> List<GraphAnswer<T>> sendBatch(GraphGateway.PreparedBatch batch) throws IOException {
                return gateway.sendBatch(batch);
            }
        };
    }
}
