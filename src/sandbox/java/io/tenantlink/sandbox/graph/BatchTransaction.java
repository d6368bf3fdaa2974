package io.tenantlink.sandbox.graph;

import io.tenantlink.sandbox.DeferredWrites;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.function.Supplier;

/**
 * The one transaction a Graph {@code $batch}'s directory requests share. Graph runs a batch's requests on its own side
 * and the sandbox's latency setting models that cost; twenty database transactions per batch (a commit, a persistence
 * context and a connection each) would instead make the stand-in the slowest part of any measurement. The sandbox's
 * checks stay per request ({@link io.tenantlink.sandbox.ConsentStore} joins this transaction): each request still sees
 * the writes of those before it (two creates of the same grant in one batch: the second is 409).
 */
@ApplicationScoped
public class BatchTransaction {

    /**
     * Runs the work in a new transaction, its new rows written at commit ({@link DeferredWrites}); a runtime exception,
     * or a commit the database refuses, rolls all of it back and is thrown.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public <T> T inOne(Supplier<T> work) {
        return DeferredWrites.during(work);
    }
}
