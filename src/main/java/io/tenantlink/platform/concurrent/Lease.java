package io.tenantlink.platform.concurrent;

import java.time.Duration;
import java.time.Instant;

/**
 * Who owns a piece of background work, and until when ({@link WorkLeases}). The rules, which the database statements
 * of {@link JdbcLeases} follow: a lease is live until {@code until}; an instance may take it when it is not live or
 * already its own; only its owner renews or releases it.
 */
public record Lease(String owner, Instant until) {

    public boolean live(Instant now) {
        return now.isBefore(until);
    }

    public boolean takeableBy(String instance, Instant now) {
        return !live(now) || owner.equals(instance);
    }

    /**
     * The latest moment another instance takes the work over when its owner dies right after renewing: the lease runs
     * out {@code length} after the renewal, and the other instances look every {@code checkEvery}.
     */
    public static Duration takeoverBound(Duration length, Duration checkEvery) {
        return length.plus(checkEvery);
    }
}
