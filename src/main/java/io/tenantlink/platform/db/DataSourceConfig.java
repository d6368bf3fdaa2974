package io.tenantlink.platform.db;

import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.ejb.Singleton;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/** The portal's one data source; every value comes from MicroProfile Config (TENANTLINK_DB_*). */
@DataSourceDefinition(
        name = DataSourceConfig.JNDI_NAME,
        className = "${MPCONFIG=tenantlink.db.datasource-class}",
        url = "${MPCONFIG=" + DataSourceConfig.URL + "}",
        user = "${MPCONFIG=" + DataSourceConfig.USER + "}",
        password = "${MPCONFIG=" + DataSourceConfig.PASSWORD + "}",
        minPoolSize = 1,
        maxPoolSize = 20,
        properties = {
            // A connection handed out is checked with JDBC's isValid, a round trip to the server: after the
            // database comes back, no request gets a dead pooled connection (meta-data validation was answered from
            // the driver's cache and let them through). A failed check drops the whole pool.
            "fish.payara.is-connection-validation-required=true",
            "fish.payara.connection-validation-method=custom-validation",
            "fish.payara.validation-classname=org.glassfish.api.jdbc.validation.JDBC40ConnectionValidation",
            "fish.payara.fail-all-connections=true",
            // ...once a second at most: a page takes a connection for each of its six to ten transactions, and a check
            // each time was a round trip (1 % of the portal's CPU, 0.3 to 0.5 ms of MariaDB's per page, issue 16); a
            // database that went away for longer than that is still noticed at the next checkout.
            "fish.payara.validate-atmost-once-period-in-seconds=1"
        })
@Singleton
public class DataSourceConfig {
    public static final String JNDI_NAME = "java:app/jdbc/tenantlink";

    static final String URL = "tenantlink.db.url";
    static final String USER = "tenantlink.db.user";
    static final String PASSWORD = "tenantlink.db.password";

    /**
     * Connections of their own to the same database, outside the pool: for work at shutdown, when Payara has already
     * removed the application's data source (an EJB's {@code @PreDestroy} finds it gone: "No local string defined").
     * Call it at start: the settings and the driver are looked up now, because at shutdown MicroProfile Config may fail
     * (its cluster-wide source asks Hazelcast, stopped by then: HazelcastInstanceNotActiveException) and the
     * application's class loader loads nothing new.
     */
    public static UnpooledConnections unpooledConnections() {
        Config config = ConfigProvider.getConfig();
        String url = config.getValue(URL, String.class);
        Properties login = new Properties();
        login.setProperty("user", config.getValue(USER, String.class));
        config.getOptionalValue(PASSWORD, String.class).ifPresent(p -> login.setProperty("password", p));
        Driver driver;
        try {
            driver = DriverManager.getDriver(url);
        } catch (SQLException notYetRegistered) {
            // Looked up again when needed, which may fail at shutdown: said now, when the log still reaches someone.
            Logger.getLogger(DataSourceConfig.class.getName())
                    .warning(
                            "No JDBC driver is registered yet for the database URL (tenantlink.db.url): work at shutdown"
                                    + " will look it up then and may fail to give up its leases");
            driver = null;
        }
        return new UnpooledConnections(driver, url, login);
    }

    /** Opens connections with settings read once; its text shows no password. */
    public static final class UnpooledConnections {
        private final Driver driver;
        private final String url;
        private final Properties login;

        private UnpooledConnections(Driver driver, String url, Properties login) {
            this.driver = driver;
            this.url = url;
            this.login = login;
        }

        public Connection open() throws SQLException {
            // The driver itself, not DriverManager: DriverManager checks the driver against the caller's class
            // loader, which refuses at shutdown.
            Connection c = driver != null ? driver.connect(url, login) : DriverManager.getConnection(url, login);
            if (c == null) {
                throw new SQLException("The database driver does not accept the database URL (tenantlink.db.url)");
            }
            return c;
        }

        @Override
        public String toString() {
            return "connections outside the pool to " + url;
        }
    }
}
