package io.tenantlink.account;

import java.time.Duration;

/**
 * How long sign-in stays blocked after a number of failed attempts in a row: nothing for the first few,
 * then a delay that doubles with each further failure, then a temporary lock. Per account name and per
 * client address, each with its own thresholds (an office behind one address fails more often than a person).
 */
public record SignInThrottlePolicy(
        int delayAfterFailures,
        Duration delay,
        Duration maxDelay,
        int lockAfterFailures,
        Duration lock,
        int addressDelayAfterFailures,
        int addressLockAfterFailures,
        Duration forgetAfter) {

    public static final SignInThrottlePolicy DEFAULTS = new SignInThrottlePolicy(
            3, Duration.ofSeconds(1), Duration.ofSeconds(60), 10, Duration.ofMinutes(15), 20, 100, Duration.ofHours(1));

    public SignInThrottlePolicy {
        if (delayAfterFailures < 1
                || lockAfterFailures < 1
                || addressDelayAfterFailures < 1
                || addressLockAfterFailures < 1
                || delay.isNegative()
                || maxDelay.isNegative()
                || lock.isNegative()
                || forgetAfter.isNegative()) {
            throw new IllegalArgumentException("sign-in throttling thresholds must be positive");
        }
    }

    /** Which counter a key belongs to. */
    public enum Kind {
        ACCOUNT,
        ADDRESS
    }

    /** How long to refuse every sign-in after this many failures in a row (zero: not blocked). */
    public Duration blockAfter(Kind kind, int failures) {
        int delayAfter = kind == Kind.ACCOUNT ? delayAfterFailures : addressDelayAfterFailures;
        int lockAfter = kind == Kind.ACCOUNT ? lockAfterFailures : addressLockAfterFailures;
        if (failures >= lockAfter) {
            return lock;
        }
        if (failures < delayAfter) {
            return Duration.ZERO;
        }
        int doublings = Math.min(failures - delayAfter, 30);
        Duration grown = delay.multipliedBy(1L << doublings);
        return grown.compareTo(maxDelay) > 0 ? maxDelay : grown;
    }

    /** Whether this failure started the temporary lock (rather than a delay). */
    public boolean locks(Kind kind, int failures) {
        return failures >= (kind == Kind.ACCOUNT ? lockAfterFailures : addressLockAfterFailures);
    }
}
