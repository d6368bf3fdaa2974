package io.tenantlink.platform.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The rate-limit window: counts from a key's first event for one window, then starts again; keys apart. Two counters
 * on one store (two instances on one grid) count together, and a compare-and-set lost to the other is counted again.
 */
class WindowCounterTest {

    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-06T10:00:30Z"));
    static final Duration MINUTE = Duration.ofMinutes(1);

    @Test
    void aWindowStartsWithTheFirstEventAndLastsItsLength() {
        WindowCounter counter = new WindowCounter(WindowCounter.local(), now::get);
        for (int i = 1; i <= 30; i++) {
            assertEquals(i, counter.increment("link-lookup:10.0.0.1", MINUTE));
        }
        assertEquals(1, counter.increment("link-lookup:10.0.0.2", MINUTE), "another address");
        now.set(now.get().plusSeconds(59));
        assertEquals(31, counter.increment("link-lookup:10.0.0.1", MINUTE), "59 s later: same window");
        now.set(now.get().plusSeconds(1));
        assertEquals(1, counter.increment("link-lookup:10.0.0.1", MINUTE), "a minute after the first: a new window");
    }

    @Test
    void twoInstancesOnOneStoreCountTogetherAndALostRaceIsCountedAgain() {
        WindowCounter.Store shared = WindowCounter.local();
        WindowCounter.Store racing = new WindowCounter.Store() {
            boolean raced;

            @Override
            public String get(String key) {
                return shared.get(key);
            }

            @Override
            public boolean putIfAbsent(String key, String value) {
                return shared.putIfAbsent(key, value);
            }

            @Override
            public boolean replace(String key, String oldValue, String newValue) {
                if (!raced) {
                    raced = true; // the other instance counts between this one's read and write
                    new WindowCounter(shared, now::get).increment(key, MINUTE);
                }
                return shared.replace(key, oldValue, newValue);
            }
        };
        WindowCounter a = new WindowCounter(shared, now::get);
        WindowCounter b = new WindowCounter(racing, now::get);
        assertEquals(1, a.increment("k", MINUTE));
        assertEquals(3, b.increment("k", MINUTE), "its own, after the other's");
        assertEquals(4, a.increment("k", MINUTE));
    }
}
