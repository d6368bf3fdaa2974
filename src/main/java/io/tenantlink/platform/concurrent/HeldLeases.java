package io.tenantlink.platform.concurrent;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The leases one instance holds ({@link WorkLeases} is its EJB shell): taken, renewed, released, and all given up when
 * the instance stops. A lease is either held, or owed a release that failed (the database away, or Payara removing the
 * data source while the instance stops), until a later try or the stop gives it up; none is forgotten while still
 * written in the table.
 */
final class HeldLeases {

    private static final Logger LOG = Logger.getLogger(HeldLeases.class.getName());

    /** A connection for the stop, when the pool may be gone already. */
    @FunctionalInterface
    interface ConnectionSource {
        Connection open() throws SQLException;
    }

    private final JdbcLeases leases;
    private final String owner;
    private final Duration length;
    private final ConnectionSource forStop;
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    private final Set<String> owedRelease = ConcurrentHashMap.newKeySet();
    // Takes and releases share the read side; stop() takes the write side, so that none is half-way when it gives the
    // leases up, and none starts after: a lease written after the give-up would be kept until it ran out.
    private final ReadWriteLock stopLock = new ReentrantReadWriteLock();
    private volatile boolean stopping;

    /**
     * {@code forStop} is made here, not at the stop: by then Payara's class loader of the application loads no class
     * it has not loaded before (a lambda's interface made at the stop failed with NoClassDefFoundError).
     */
    HeldLeases(JdbcLeases leases, String owner, Duration length, ConnectionSource forStop) {
        this.leases = leases;
        this.owner = owner;
        this.length = length;
        this.forStop = forStop;
    }

    /** False when another instance holds it, this one does already, or this one is stopping. */
    boolean take(String name) {
        Lock taking = stopLock.readLock();
        taking.lock();
        try {
            if (stopping || !held.add(name)) {
                return false;
            }
            try {
                if (leases.take(name, owner, length)) {
                    owedRelease.remove(name); // held again: released when the work ends
                    return true;
                }
            } catch (SQLException e) {
                LOG.log(Level.WARNING, "Cannot take the lease " + name, e);
            }
            held.remove(name);
            return false;
        } finally {
            taking.unlock();
        }
    }

    boolean holds(String name) {
        return held.contains(name);
    }

    /** Gives the lease up; when the database does not answer, it is owed and given up at the next try or the stop. */
    void release(String name) {
        Lock releasing = stopLock.readLock();
        releasing.lock();
        try {
            if (!held.remove(name)) {
                return; // given up by the stop already, or taken over by another instance
            }
            if (!delete(name)) {
                owedRelease.add(name);
            }
        } finally {
            releasing.unlock();
        }
    }

    /** Renews every lease held (one that another instance took over is dropped) and retries the owed releases. */
    void renew() {
        for (String name : held) {
            try {
                if (!leases.renew(name, owner, length)) {
                    held.remove(name);
                    LOG.warning(() -> "The lease " + name + " was taken over by another instance; this one stops");
                }
            } catch (SQLException e) {
                // The database is away: the lease may run out meanwhile, and the next renewal says so.
                LOG.log(Level.WARNING, "Cannot renew the lease " + name, e);
            }
        }
        for (String name : owedRelease) {
            Lock releasing = stopLock.readLock();
            releasing.lock();
            try {
                if (owedRelease.contains(name) && delete(name)) {
                    owedRelease.remove(name);
                }
            } finally {
                releasing.unlock();
            }
        }
    }

    /**
     * Stops: no lease is taken from now on, and every lease held or owed is given up on a connection of {@code
     * forStop}; the names given up (empty when there were none, or the database did not answer: they then run out by
     * themselves).
     */
    Set<String> stop() {
        Set<String> givenUp = new HashSet<>();
        Lock stop = stopLock.writeLock();
        stop.lock();
        try {
            stopping = true;
            givenUp.addAll(held);
            givenUp.addAll(owedRelease);
            held.clear();
            owedRelease.clear();
        } finally {
            stop.unlock();
        }
        if (givenUp.isEmpty()) {
            return Set.of();
        }
        try (Connection c = forStop.open()) {
            for (String name : givenUp) {
                JdbcLeases.release(c, name, owner);
            }
            return Set.copyOf(givenUp);
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.WARNING, "Cannot give up the leases " + givenUp + " (they run out by themselves)", e);
            return Set.of();
        }
    }

    private boolean delete(String name) {
        try {
            leases.release(name, owner);
            return true;
        } catch (SQLException | RuntimeException e) {
            // A RuntimeException too: while the instance stops, Payara's removed data source fails that way.
            LOG.log(
                    Level.WARNING,
                    "Cannot release the lease " + name + " now (given up at the next try or the stop)",
                    e);
            return false;
        }
    }
}
