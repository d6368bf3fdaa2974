package io.tenantlink.sandbox;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The stand-in's own embedded database (H2 under {@code sandbox.data-dir}), migrated by its own Flyway migrations
 * ({@code sandbox/db}) before anything else uses it. It shares nothing with the portal's database.
 */
@DataSourceDefinition(
        name = SandboxDatabase.JNDI_NAME,
        className = "org.h2.jdbcx.JdbcDataSource",
        url = "${MPCONFIG=sandbox.db.url}",
        user = "sandbox",
        password = "sandbox",
        minPoolSize = 1,
        maxPoolSize = 20)
@Startup
@Singleton
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SandboxDatabase {

    public static final String JNDI_NAME = "java:app/jdbc/sandbox";
    private static final Logger LOG = Logger.getLogger(SandboxDatabase.class.getName());

    @Resource(lookup = JNDI_NAME)
    private DataSource dataSource;

    @jakarta.inject.Inject
    io.tenantlink.sandbox.directory.DirectoryUsers users;

    @PostConstruct
    void migrate() {
        var result = Flyway.configure(SandboxDatabase.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:sandbox/db")
                .failOnMissingLocations(true)
                .load()
                .migrate();
        LOG.info(() -> "Microsoft sandbox database at version " + result.targetSchemaVersion);
        // The directory's users: seeded from the file on the first start, the database's (control API changes) after.
        users.prepareAll();
    }
}
