package io.tenantlink.platform.db;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Whether a failure means the database cannot be reached (down, restarting, or no connection to be had from the pool),
 * as opposed to a fault of the request or of the code: such a failure is answered 503 "temporarily unavailable", not
 * 500. JDBC says so by exception type or by SQLSTATE class 08 (connection exception); MariaDB, when it shuts down under
 * a running statement, by SQLSTATE 70100 (its error 1927, "Connection was killed"); the container's pool by a
 * {@code jakarta.resource.ResourceException} ("Error in allocating a connection").
 */
public final class DatabaseOutage {

    /** MariaDB's ER_CONNECTION_KILLED: the server ended the connection, e.g. while shutting down. */
    private static final String SHUTDOWN_KILLED_CONNECTION = "70100";

    private DatabaseOutage() {}

    public static boolean isCause(Throwable failure) {
        return anyInChain(
                failure,
                t -> t instanceof SQLTransientConnectionException
                        || t instanceof SQLNonTransientConnectionException
                        || t instanceof SQLRecoverableException
                        || t instanceof ConnectException
                        || t instanceof jakarta.resource.ResourceException
                        || sqlState(t, "08")
                        || sqlState(t, SHUTDOWN_KILLED_CONNECTION));
    }

    /** SQLSTATE class 28 in the chain: the server refused the user or its password (MariaDB: "Access denied"). */
    public static boolean isRefusedSignIn(Throwable failure) {
        return anyInChain(failure, t -> sqlState(t, "28"));
    }

    /** SQLSTATE class 23 in the chain: the database refused a write for a constraint (a unique key taken, say). */
    public static boolean isConstraintViolation(Throwable failure) {
        return anyInChain(failure, t -> sqlState(t, "23"));
    }

    private static boolean sqlState(Throwable t, String sqlClass) {
        return t instanceof SQLException sql
                && sql.getSQLState() != null
                && sql.getSQLState().startsWith(sqlClass);
    }

    private static boolean anyInChain(Throwable failure, java.util.function.Predicate<Throwable> test) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t); t = next(t)) {
            if (test.test(t)) {
                return true;
            }
        }
        return false;
    }

    private static Throwable next(Throwable t) {
        if (t.getCause() != null) {
            return t.getCause();
        }
        return t instanceof SQLException sql ? sql.getNextException() : null;
    }
}
