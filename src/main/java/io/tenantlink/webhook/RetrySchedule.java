package io.tenantlink.webhook;

import java.time.Duration;

/**
 * When a failed delivery is tried again: after {@code base × 2^(attempts-1)}, at most {@code cap}; after
 * {@code maxAttempts} attempts it is given up (a site admin can still redeliver it). Kept in the database rather than in
 * a retry library's memory, so a restart loses no pending delivery.
 */
public record RetrySchedule(Duration base, Duration cap, int maxAttempts) {

    public RetrySchedule {
        if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0 || maxAttempts < 1) {
            throw new IllegalArgumentException("bad retry schedule");
        }
    }

    /** The wait after the given number of failed attempts (1 = the first failure). */
    public Duration delayAfter(int attempts) {
        int doublings = Math.min(Math.max(attempts - 1, 0), 30);
        Duration delay = base.multipliedBy(1L << doublings);
        return delay.compareTo(cap) > 0 ? cap : delay;
    }

    public boolean givesUpAfter(int attempts) {
        return attempts >= maxAttempts;
    }
}
