package io.tenantlink.platform.concurrent;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * Counts events per key in a fixed window that starts with the key's first event (as a rate limit counts), on a store
 * that offers compare-and-set: a map of this instance, or JCache on Payara's data grid, shared by every instance
 * ({@link SharedCounters}). A value is "window start in epoch milliseconds:count", plain text the grid stores as is.
 */
public final class WindowCounter {

    /** The three operations the counter needs; JCache's {@code Cache} and a {@code ConcurrentMap} both have them. */
    public interface Store {
        String get(String key);

        boolean putIfAbsent(String key, String value);

        boolean replace(String key, String oldValue, String newValue);
    }

    private final Store store;
    private final Supplier<Instant> clock;

    public WindowCounter(Store store, Supplier<Instant> clock) {
        this.store = store;
        this.clock = clock;
    }

    /** One more event for {@code key}; the events counted in its current window, this one included. */
    public int increment(String key, Duration window) {
        while (true) {
            long now = clock.get().toEpochMilli();
            String old = store.get(key);
            long start = now;
            int count = 0;
            if (old != null) {
                int colon = old.indexOf(':');
                long oldStart = Long.parseLong(old.substring(0, colon));
                if (now - oldStart < window.toMillis()) {
                    start = oldStart;
                    count = Integer.parseInt(old.substring(colon + 1));
                }
            }
            String next = start + ":" + (count + 1);
            if (old == null ? store.putIfAbsent(key, next) : store.replace(key, old, next)) {
                return count + 1;
            }
            // another request (on this or another instance) counted meanwhile: again, with its count
        }
    }

    /** A store in this instance's memory (a single instance, or no data grid). */
    public static Store local() {
        ConcurrentMap<String, String> map = new ConcurrentHashMap<>();
        return new Store() {
            @Override
            public String get(String key) {
                return map.get(key);
            }

            @Override
            public boolean putIfAbsent(String key, String value) {
                if (map.size() > 10_000) {
                    map.clear(); // a flood of addresses: forget the windows rather than grow
                }
                return map.putIfAbsent(key, value) == null;
            }

            @Override
            public boolean replace(String key, String oldValue, String newValue) {
                return map.replace(key, oldValue, newValue);
            }
        };
    }
}
