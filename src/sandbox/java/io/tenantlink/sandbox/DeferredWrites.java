package io.tenantlink.sandbox;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Marks the work of a Graph {@code $batch} that shares one transaction. Inside it, {@link ConsentStore} writes new rows
 * at commit instead of one at a time, and creates the rows that have a unique key in the database (per-user grants,
 * app role assignments) optimistically: only a duplicate within the batch itself is answered at once (it remembers the
 * keys it created); a row that already exists, or that a concurrent batch wrote meanwhile, is refused by the
 * database at commit, and the caller then rolls back and runs the batch's requests one by one, each in its own
 * transaction with the full check (GraphDispatcher). It also remembers the service principals the batch looked up (the
 * sandbox never deletes one inside a batch), as the twenty requests of a job's batch name the same two. Per thread: a
 * batch runs on its request's thread.
 */
public final class DeferredWrites {

    private static final ThreadLocal<Batch> CURRENT = new ThreadLocal<>();

    private record Batch(Set<String> created, Map<String, Optional<?>> lookups) {}

    private DeferredWrites() {}

    /** Runs the work with writes deferred to the surrounding transaction's commit. */
    public static <T> T during(Supplier<T> work) {
        Batch outer = CURRENT.get();
        CURRENT.set(new Batch(new HashSet<>(), new HashMap<>()));
        try {
            return work.get();
        } finally {
            if (outer == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(outer);
            }
        }
    }

    /** Whether the current thread runs inside {@link #during}. */
    public static boolean active() {
        return CURRENT.get() != null;
    }

    /** Inside {@link #during}: true the first time this key is created in the batch, false for a duplicate. */
    static boolean firstInBatch(String key) {
        return CURRENT.get().created().add(key);
    }

    /** Inside {@link #during}: what an earlier lookup of the batch found, else the lookup's answer (remembered if found). */
    @SuppressWarnings("unchecked")
    static <T> Optional<T> lookup(String key, Supplier<Optional<T>> lookup) {
        Map<String, Optional<?>> lookups = CURRENT.get().lookups();
        Optional<?> known = lookups.get(key);
        if (known == null) {
            known = lookup.get();
            if (known.isPresent()) {
                // Only what exists: a later request of the batch may create what was not there.
                lookups.put(key, known);
            }
        }
        return (Optional<T>) known;
    }
}
