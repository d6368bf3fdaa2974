package io.tenantlink.sandbox;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Marks the work of a Graph {@code $batch} that shares one transaction. Inside it, {@link ConsentStore} writes new rows
 * at commit instead of one at a time, and creates the rows that have a unique key in the database (per-user grants,
 * app role assignments) optimistically: only a duplicate within the batch itself is answered at once (it remembers the
 * keys it created); a row that already exists, or that a concurrent batch wrote meanwhile, is refused by the
 * database at commit, and the caller then rolls back and runs the batch's requests one by one, each in its own
 * transaction with the full check (GraphDispatcher). Per thread: a batch runs on its request's thread.
 */
public final class DeferredWrites {

    private static final ThreadLocal<Set<String>> CREATED = new ThreadLocal<>();

    private DeferredWrites() {
    }

    /** Runs the work with writes deferred to the surrounding transaction's commit. */
    public static <T> T during(Supplier<T> work) {
        Set<String> outer = CREATED.get();
        CREATED.set(new HashSet<>());
        try {
            return work.get();
        } finally {
            if (outer == null) {
                CREATED.remove();
            } else {
                CREATED.set(outer);
            }
        }
    }

    /** Whether the current thread runs inside {@link #during}. */
    public static boolean active() {
        return CREATED.get() != null;
    }

    /** Inside {@link #during}: true the first time this key is created in the batch, false for a duplicate. */
    static boolean firstInBatch(String key) {
        return CREATED.get().add(key);
    }
}
