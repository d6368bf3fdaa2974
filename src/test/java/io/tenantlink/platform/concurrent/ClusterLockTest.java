package io.tenantlink.platform.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import net.javacrumbs.shedlock.core.ClockProvider;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import net.javacrumbs.shedlock.provider.jdbc.JdbcLockProvider;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The timers' lock rules with ShedLock's JDBC provider on V30's table (H2) and a clock the test sets: two instances
 * whose timers fire every interval, out of phase, run the work once per interval between them; when one stops, the
 * other runs every interval alone.
 */
class ClusterLockTest {

    @AfterEach
    void realClock() {
        ClockProvider.setClock(java.time.Clock.systemUTC());
    }

    @Test
    void theLockIsHeldALittleLessThanTheInterval() {
        assertEquals(Duration.ofMillis(1800), ClusterLock.lockAtLeastFor(Duration.ofSeconds(2)));
        assertEquals(Duration.ofSeconds(295), ClusterLock.lockAtLeastFor(Duration.ofMinutes(5)));
        assertEquals(Duration.ofHours(6).minusSeconds(5), ClusterLock.lockAtLeastFor(Duration.ofHours(6)));
        assertEquals(Duration.ofMinutes(1), ClusterLock.lockAtMostFor(Duration.ofSeconds(10)));
        assertEquals(Duration.ofHours(6), ClusterLock.lockAtMostFor(Duration.ofHours(6)));
    }

    @Test
    void twoInstancesOutOfPhaseRunOncePerIntervalAndOneAloneRunsEveryInterval() throws Exception {
        JdbcDataSource h2 = V30Tables.inMemory("shedlock");
        // Two instances: each its own provider on the one table.
        LockProvider a = new JdbcLockProvider(h2, "shedlock");
        LockProvider b = new JdbcLockProvider(h2, "shedlock");
        Duration interval = Duration.ofSeconds(10);
        Instant start = Instant.parse("2026-12-06T10:00:00Z");
        List<String> runs = new ArrayList<>();
        // 20 intervals; a fires at 0 s, 10 s, ...; b 3.7 s later in each interval; b stops after interval 10.
        for (int i = 0; i < 20; i++) {
            Instant tickA = start.plus(interval.multipliedBy(i));
            tick(a, "a", tickA, interval, runs, i);
            if (i < 10) {
                tick(b, "b", tickA.plusMillis(3700), interval, runs, i);
            }
        }
        assertEquals(20, runs.size(), "one run per interval: " + runs);
        for (int i = 0; i < 20; i++) {
            assertTrue(runs.get(i).endsWith("@" + i), runs.toString());
        }

        // Phases that nearly meet (b early in each interval, a late): a run may fall early in one interval and late
        // in the one before, but two runs are never closer than the lock's least hold, and when a stops, b runs within
        // one interval (and its own tick's delay).
        runs.clear();
        List<Instant> times = new ArrayList<>();
        Instant later = start.plus(interval.multipliedBy(20));
        for (int i = 0; i < 10; i++) {
            Instant tickB = later.plus(interval.multipliedBy(i)).plusMillis(200);
            if (tick(b, "b", tickB, interval, runs, i)) {
                times.add(tickB);
            }
            if (i < 3 && tick(a, "a", tickB.plusMillis(9500), interval, runs, i)) {
                times.add(tickB.plusMillis(9500));
            }
        }
        for (int i = 1; i < times.size(); i++) {
            Duration gap = Duration.between(times.get(i - 1), times.get(i));
            assertTrue(gap.compareTo(ClusterLock.lockAtLeastFor(interval)) >= 0, "runs too close: " + runs);
            assertTrue(gap.compareTo(interval.plus(interval)) < 0, "a gap of two intervals: " + runs);
        }
        assertTrue(runs.size() >= 9 && runs.size() <= 11, "about one run per interval: " + runs);
        assertTrue(runs.get(runs.size() - 1).startsWith("b"), runs.toString());
    }

    static boolean tick(LockProvider p, String who, Instant at, Duration interval, List<String> runs, int i) {
        ClockProvider.setClock(java.time.Clock.fixed(at, ZoneOffset.UTC));
        java.util.Optional<SimpleLock> lock = p.lock(new LockConfiguration(
                at,
                "connection-housekeeping",
                ClusterLock.lockAtMostFor(interval),
                ClusterLock.lockAtLeastFor(interval)));
        lock.ifPresent(l -> {
            runs.add(who + "@" + i);
            l.unlock();
        });
        return lock.isPresent();
    }
}
