package io.tenantlink.platform.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The lease rules on background work, on the real table (V30's statements, in H2) with a clock the test moves: two
 * instances never both hold a lease; the owner keeps it by renewing; once it stops renewing, another instance takes
 * it over when the lease runs out, not before; a lease taken over cannot be renewed or released by its old owner.
 */
class LeaseTest {

    static final Duration LENGTH = Duration.ofSeconds(60);
    static final String JOB = "grant-job:7";

    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-06T10:00:00Z"));
    JdbcLeases leases;

    @BeforeEach
    void table() throws Exception {
        JdbcDataSource h2 = V30Tables.inMemory("lease");
        leases = new JdbcLeases(h2, now::get);
    }

    void later(Duration d) {
        now.set(now.get().plus(d));
    }

    @Test
    void oneOwnerAtATimeAndTheOwnerMayTakeItAgain() throws Exception {
        assertTrue(leases.take(JOB, "a", LENGTH));
        assertFalse(leases.take(JOB, "b", LENGTH), "b while a's lease is live");
        assertTrue(leases.take(JOB, "a", LENGTH), "a again (its own)");
        assertEquals("a", leases.current(JOB).orElseThrow().owner());
        assertTrue(leases.take("grant-job:8", "b", LENGTH), "another job's lease is another lease");
    }

    @Test
    void renewingKeepsTheWorkAndStoppingLetsAnotherInstanceTakeItOverWhenTheLeaseRunsOut() throws Exception {
        assertTrue(leases.take(JOB, "a", LENGTH));
        for (int i = 0; i < 10; i++) {
            later(LENGTH.dividedBy(3));
            assertTrue(leases.renew(JOB, "a", LENGTH));
            assertFalse(leases.take(JOB, "b", LENGTH), "b while a renews, after " + (i + 1) + " renewals");
        }
        // a dies right after its last renewal
        later(LENGTH.minusMillis(1));
        assertFalse(leases.take(JOB, "b", LENGTH), "1 ms before the lease runs out");
        later(Duration.ofMillis(1));
        assertTrue(leases.take(JOB, "b", LENGTH), "when it runs out");
        assertEquals("b", leases.current(JOB).orElseThrow().owner());

        // a comes back (a long pause, the database away): it lost the work and learns so
        assertFalse(leases.renew(JOB, "a", LENGTH));
        leases.release(JOB, "a");
        assertEquals("b", leases.current(JOB).orElseThrow().owner(), "a cannot release b's lease");
        assertFalse(leases.take(JOB, "a", LENGTH));
    }

    @Test
    void aReleasedLeaseIsFreeAtOnce() throws Exception {
        assertTrue(leases.take(JOB, "a", LENGTH));
        leases.release(JOB, "a");
        assertTrue(leases.current(JOB).isEmpty());
        assertTrue(leases.take(JOB, "b", LENGTH));
    }

    @Test
    void theRulesAsARecord() {
        Instant t = now.get();
        Lease lease = new Lease("a", t.plus(LENGTH));
        assertTrue(lease.live(t));
        assertFalse(lease.takeableBy("b", t));
        assertTrue(lease.takeableBy("a", t));
        assertFalse(lease.live(t.plus(LENGTH)));
        assertTrue(lease.takeableBy("b", t.plus(LENGTH)));
        assertEquals(Duration.ofSeconds(80), Lease.takeoverBound(LENGTH, LENGTH.dividedBy(3)));
    }
}
