package io.tenantlink.platform.concurrent;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * The {@code work_lease} table (V30), one row per leased piece of work, each statement on its own (auto-commit): a
 * conditional UPDATE or an INSERT that the primary key lets only one instance make, so two instances never both take
 * a lease. Times come from {@code clock} (the instances' clocks: keep them in step, docs/cluster.md).
 */
public final class JdbcLeases {

    private final DataSource dataSource;
    private final Supplier<Instant> clock;

    public JdbcLeases(DataSource dataSource, Supplier<Instant> clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** Takes the lease for {@code length} when it is free, past, or already this owner's ({@link Lease#takeableBy}). */
    public boolean take(String name, String owner, Duration length) throws SQLException {
        Instant now = clock.get();
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE work_lease SET owner = ?, lease_until = ? WHERE name = ? AND (lease_until <= ? OR owner = ?)")) {
                update.setString(1, owner);
                update.setTimestamp(2, Timestamp.from(now.plus(length)), utc());
                update.setString(3, name);
                update.setTimestamp(4, Timestamp.from(now), utc());
                update.setString(5, owner);
                if (update.executeUpdate() == 1) {
                    return true;
                }
            }
            try (PreparedStatement insert =
                    c.prepareStatement("INSERT INTO work_lease (name, owner, lease_until) VALUES (?, ?, ?)")) {
                insert.setString(1, name);
                insert.setString(2, owner);
                insert.setTimestamp(3, Timestamp.from(now.plus(length)), utc());
                return insert.executeUpdate() == 1;
            } catch (SQLIntegrityConstraintViolationException taken) {
                return false; // another instance holds it (or took it just now)
            } catch (SQLException e) {
                if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
                    return false;
                }
                throw e;
            }
        }
    }

    /** Extends the owner's lease; false when it is no longer the owner's (another instance took it over). */
    public boolean renew(String name, String owner, Duration length) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement update =
                        c.prepareStatement("UPDATE work_lease SET lease_until = ? WHERE name = ? AND owner = ?")) {
            update.setTimestamp(1, Timestamp.from(clock.get().plus(length)), utc());
            update.setString(2, name);
            update.setString(3, owner);
            return update.executeUpdate() == 1;
        }
    }

    /** Gives the lease up (only the owner's: a lease another instance took over stays). */
    public void release(String name, String owner) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            release(c, name, owner);
        }
    }

    /** As {@link #release(String, String)}, on a connection of the caller's. */
    public static void release(Connection c, String name, String owner) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM work_lease WHERE name = ? AND owner = ?")) {
            delete.setString(1, name);
            delete.setString(2, owner);
            delete.executeUpdate();
        }
    }

    public Optional<Lease> current(String name) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select =
                        c.prepareStatement("SELECT owner, lease_until FROM work_lease WHERE name = ?")) {
            select.setString(1, name);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next()
                        ? Optional.of(new Lease(
                                rs.getString(1), rs.getTimestamp(2, utc()).toInstant()))
                        : Optional.empty();
            }
        }
    }

    /** Stored as UTC whatever the instances' time zones (as the portal's entities store instants). */
    private static java.util.Calendar utc() {
        return java.util.Calendar.getInstance(java.util.TimeZone.getTimeZone("UTC"));
    }

    public Instant now() {
        return clock.get();
    }
}
