package io.tenantlink.sandbox;

import java.util.function.Supplier;

/**
 * Marks the work of a Graph {@code $batch} that shares one transaction: inside it, {@link ConsentStore} leaves new rows
 * to the commit instead of writing each one at once, and its existence checks also see the rows created earlier in the
 * same transaction (EclipseLink conforms query results to the unit of work). A duplicate that a concurrent batch wrote
 * meanwhile is refused by the database's unique keys at commit; the caller then rolls back and runs the batch's
 * requests one by one, each in its own transaction (GraphDispatcher). Per thread: the batch runs on the request's thread.
 */
public final class DeferredWrites {

    private static final ThreadLocal<Boolean> ACTIVE = new ThreadLocal<>();

    private DeferredWrites() {
    }

    /** Runs the work with writes deferred to the surrounding transaction's commit. */
    public static <T> T during(Supplier<T> work) {
        Boolean outer = ACTIVE.get();
        ACTIVE.set(Boolean.TRUE);
        try {
            return work.get();
        } finally {
            if (outer == null) {
                ACTIVE.remove();
            } else {
                ACTIVE.set(outer);
            }
        }
    }

    /** Whether the current thread runs inside {@link #during}. */
    public static boolean active() {
        return ACTIVE.get() != null;
    }
}
