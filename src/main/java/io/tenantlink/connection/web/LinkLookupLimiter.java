package io.tenantlink.connection.web;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Limits approval-link lookups per client address (a fixed one-minute window), so link tokens
 * cannot be guessed at speed. The tokens carry 256 bits; this only keeps scanners polite.
 */
@ApplicationScoped
public class LinkLookupLimiter {

    static final int PER_MINUTE = 30;
    private static final int MAX_TRACKED = 10_000;

    private record Window(Instant start, int count) {}

    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    public boolean allow(String clientAddress) {
        Instant now = Instant.now();
        if (windows.size() > MAX_TRACKED) {
            windows.entrySet()
                    .removeIf(e -> Duration.between(e.getValue().start(), now).toMinutes() >= 1);
        }
        Window window = windows.compute(
                clientAddress,
                (key, w) -> w == null || Duration.between(w.start(), now).toMinutes() >= 1
                        ? new Window(now, 1)
                        : new Window(w.start(), w.count() + 1));
        return window.count() <= PER_MINUTE;
    }
}
