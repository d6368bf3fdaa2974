package io.tenantlink.sandbox;

import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;

/** The stand-in's own database for tests without a server: H2, migrated by the stand-in's migrations (sandbox/db). */
public final class SandboxTestDatabase {

    private SandboxTestDatabase() {}

    /** A new, empty in-memory database, kept while the JVM runs. */
    public static DataSource fresh() {
        return at("jdbc:h2:mem:sandbox-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    }

    /** The database at this JDBC URL (e.g. a file: opening it again is what a restart does), migrated. */
    public static DataSource at(String url) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(url);
        ds.setUser("sandbox");
        ds.setPassword("sandbox");
        Flyway.configure(SandboxTestDatabase.class.getClassLoader())
                .dataSource(ds)
                .locations("classpath:sandbox/db")
                .failOnMissingLocations(true)
                .load()
                .migrate();
        return ds;
    }
}
