package io.tenantlink.platform.concurrent;

/**
 * A periodic timer's interval from its two settings: hours (production), or seconds when set (tests). The first run
 * comes at most {@code firstRunCapMillis} after start with hours; with seconds, after one interval, so a test can also
 * keep the timer out of the way with a long one.
 */
public final class TimerInterval {

    private TimerInterval() {}

    public static long intervalMillis(long hours, long seconds) {
        return seconds > 0 ? seconds * 1000 : Math.max(1, hours) * 3_600_000;
    }

    public static long firstRunMillis(long hours, long seconds, long firstRunCapMillis) {
        long interval = intervalMillis(hours, seconds);
        return seconds > 0 ? interval : Math.min(interval, firstRunCapMillis);
    }
}
