package io.tenantlink.connection.web;

import io.tenantlink.platform.concurrent.SharedCounters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;

/**
 * Limits approval-link lookups per client address (a one-minute window from the address's first lookup), so link
 * tokens cannot be guessed at speed. The tokens carry 256 bits; this only keeps scanners polite. Counted in
 * {@link SharedCounters}: across the instances when they share a data grid.
 */
@ApplicationScoped
public class LinkLookupLimiter {

    static final int PER_MINUTE = 30;

    @Inject
    SharedCounters counters;

    public boolean allow(String clientAddress) {
        return counters.increment("link-lookup:" + clientAddress, Duration.ofMinutes(1)) <= PER_MINUTE;
    }
}
