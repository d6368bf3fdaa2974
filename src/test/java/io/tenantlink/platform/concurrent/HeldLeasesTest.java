package io.tenantlink.platform.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What one instance gives up when it stops, on the real table (V30, in H2): every lease it holds, and every lease whose
 * release failed meanwhile (while Payara stops an application, its data source goes away before the leases' bean is
 * destroyed, so a job's own release fails then); nothing is taken after the stop.
 */
class HeldLeasesTest {

    static final Duration LENGTH = Duration.ofSeconds(60);

    JdbcDataSource h2;
    SwitchedDataSource pool;
    HeldLeases instance;

    @BeforeEach
    void table() throws Exception {
        h2 = V30Tables.inMemory("held");
        pool = new SwitchedDataSource(h2);
        instance = new HeldLeases(
                new JdbcLeases(pool, () -> Instant.parse("2026-12-07T10:00:00Z")), "a", LENGTH, h2::getConnection);
    }

    @Test
    void aReleaseThatFailedWhileStoppingIsGivenUpByTheStop() throws Exception {
        // Payara removed the data source; job 8's own release, as its worker ends, fails
        holdBothAndFailToRelease("grant-job:8", "grant-job:9");
        assertFalse(instance.holds("grant-job:8"), "the job no longer counts on it");
        assertEquals(List.of("grant-job:8 a", "grant-job:9 a"), rows(), "still written");

        Set<String> givenUp = instance.stop();

        assertEquals(Set.of("grant-job:8", "grant-job:9"), givenUp);
        assertEquals(List.of(), rows(), "nothing kept for the next instance to wait on");
    }

    @Test
    void aReleaseThatFailedIsRetriedAtTheNextRenewal() throws Exception {
        holdBothAndFailToRelease("grant-job:1", "grant-job:2");
        instance.renew(); // the database still away: kept owed
        pool.away = false;
        assertEquals(List.of("grant-job:1 a", "grant-job:2 a"), rows());

        instance.renew();

        assertEquals(List.of("grant-job:2 a"), rows(), "released; the held one renewed, not released");
        assertTrue(instance.holds("grant-job:2"));
        assertEquals(Set.of("grant-job:2"), instance.stop(), "given up once only");
    }

    @Test
    void anOwedLeaseTakenAgainIsHeldAndOneThatCouldNotBeTakenStaysOwed() throws Exception {
        holdBothAndFailToRelease("grant-job:1", "grant-job:2");
        instance.release("grant-job:2");
        assertFalse(instance.take("grant-job:2"), "the database still away");
        pool.away = false;
        assertTrue(instance.take("grant-job:1"), "its own lease, still written");
        assertTrue(instance.holds("grant-job:1"));

        assertEquals(Set.of("grant-job:1", "grant-job:2"), instance.stop());
        assertEquals(List.of(), rows());
    }

    @Test
    void noLeaseIsTakenOnceStoppingBegan() throws Exception {
        assertTrue(instance.take("grant-job:1"));
        assertEquals(Set.of("grant-job:1"), instance.stop());

        assertFalse(instance.take("grant-job:1"), "a look for orphaned jobs on the stopping instance");
        assertFalse(instance.take("directory-sync:4"));
        instance.release("grant-job:1"); // the worker's own release, after the stop: nothing left to do
        assertEquals(List.of(), rows());
    }

    @Test
    void anotherInstancesLeaseIsNeitherTakenNorGivenUp() throws Exception {
        HeldLeases other = new HeldLeases(
                new JdbcLeases(h2, () -> Instant.parse("2026-12-07T10:00:00Z")), "b", LENGTH, h2::getConnection);
        assertTrue(other.take("grant-job:3"));
        assertFalse(instance.take("grant-job:3"));
        assertFalse(instance.holds("grant-job:3"));

        assertEquals(Set.of(), instance.stop());
        assertEquals(List.of("grant-job:3 b"), rows());
    }

    /** Takes both leases, then the database goes away and the first one's release fails. */
    void holdBothAndFailToRelease(String released, String kept) {
        assertTrue(instance.take(released));
        assertTrue(instance.take(kept));
        pool.away = true;
        instance.release(released);
    }

    List<String> rows() throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = h2.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT name, owner FROM work_lease ORDER BY name")) {
            while (rs.next()) {
                rows.add(rs.getString(1) + " " + rs.getString(2));
            }
        }
        return rows;
    }

    /** The application's pool, which a test can take away. */
    static final class SwitchedDataSource implements DataSource {
        private final DataSource database;
        volatile boolean away;

        SwitchedDataSource(DataSource database) {
            this.database = database;
        }

        @Override
        public Connection getConnection() throws SQLException {
            if (away) {
                throw new SQLException("No local string defined");
            }
            return database.getConnection();
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {}

        @Override
        public void setLoginTimeout(int seconds) {}

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            return false;
        }
    }
}
