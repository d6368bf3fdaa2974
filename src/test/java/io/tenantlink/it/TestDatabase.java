package io.tenantlink.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The database of the current failsafe execution (embedded H2 or MariaDB), as the tests see it:
 * emptied before each deployment so every test class starts from a fresh first start, and
 * reachable directly for checks (and for the tampering test).
 */
public final class TestDatabase {

    public static final String BOOTSTRAP_PASSWORD = System.getProperty("tenantlink.it.bootstrap.password");

    private TestDatabase() {}

    public static String kind() {
        return System.getProperty("tenantlink.test.db", "h2");
    }

    public static String url() {
        return System.getProperty("tenantlink.it.db.url");
    }

    /** The Microsoft stand-in's own database (its H2 file under target/it/sandbox, opened beside the running stand-in). */
    public static Connection connectSandbox() throws SQLException {
        return DriverManager.getConnection(System.getProperty("tenantlink.it.sandbox.db.url"), "sandbox", "sandbox");
    }

    /** Deletes every Microsoft token the running portal keeps (with a sandbox reset: a fresh Microsoft). */
    public static void forgetMicrosoftTokens() {
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM microsoft_token_cache");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot empty the portal's token cache", e);
        }
    }

    /** Drops everything the previous test class left, before the portal starts on it. */
    public static void reset() {
        try {
            if (kind().equals("mariadb")) {
                String url = url();
                String server = url.substring(0, url.lastIndexOf('/') + 1);
                String database = url.substring(url.lastIndexOf('/') + 1).replaceAll("[?;].*", "");
                // As the server's administrator: a fresh database and the portal's own account on it.
                try (Connection c = DriverManager.getConnection(server, adminUser(), adminPassword());
                        Statement s = c.createStatement()) {
                    s.execute("DROP DATABASE IF EXISTS `" + database + "`");
                    s.execute("CREATE DATABASE `" + database + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
                    s.execute("CREATE USER IF NOT EXISTS '" + user() + "'@'127.0.0.1' IDENTIFIED BY '" + password()
                            + "'");
                    s.execute("CREATE USER IF NOT EXISTS '" + user() + "'@'localhost' IDENTIFIED BY '" + password()
                            + "'");
                    s.execute("ALTER USER '" + user() + "'@'127.0.0.1' IDENTIFIED BY '" + password() + "'");
                    s.execute("ALTER USER '" + user() + "'@'localhost' IDENTIFIED BY '" + password() + "'");
                    s.execute("GRANT ALL PRIVILEGES ON `" + database + "`.* TO '" + user() + "'@'127.0.0.1'");
                    s.execute("GRANT ALL PRIVILEGES ON `" + database + "`.* TO '" + user() + "'@'localhost'");
                }
            } else {
                String file = url().substring("jdbc:h2:file:".length()).replaceAll(";.*", "");
                Path dir = Path.of(file).getParent();
                // Only once the previous portal's process has exited (SharedPortalContainer): an H2 still closing
                // deletes its lock file under the walk, and would write the files being deleted.
                TestFiles.deleteTree(dir);
                Files.createDirectories(dir);
            }
        } catch (SQLException | IOException | java.io.UncheckedIOException e) {
            throw new IllegalStateException("Cannot reset the test database " + kind(), e);
        }
    }

    public static Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), user(), password());
    }

    public static String user() {
        return System.getProperty("tenantlink.it.db.user");
    }

    private static String adminUser() {
        return System.getProperty("tenantlink.test.mariadb.user", "root");
    }

    private static String adminPassword() {
        String password = System.getProperty("tenantlink.test.mariadb.password");
        return password == null ? "" : password;
    }

    public static String password() {
        String password = System.getProperty("tenantlink.it.db.password");
        return password == null ? "" : password;
    }
}
