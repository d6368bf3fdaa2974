package io.tenantlink.platform.db;

import io.tenantlink.platform.StartupFailure;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/** Applies the versioned migrations under db/migration before anything else touches the database. */
@Startup
@Singleton
// The Microsoft configuration is checked first: a deployment that would refuse to run touches no database.
@DependsOn("MicrosoftStartupCheck")
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class DatabaseMigrator {

    private static final Logger LOG = Logger.getLogger(DatabaseMigrator.class.getName());

    @Resource(lookup = DataSourceConfig.JNDI_NAME)
    private DataSource dataSource;

    @PostConstruct
    void migrate() {
        MigrateResult result;
        try {
            result = Flyway.configure(DatabaseMigrator.class.getClassLoader())
                    .dataSource(dataSource)
                    .locations("classpath:db/migration")
                    .javaMigrations(new V23_1__IncidentChatCreatorOptional())
                    .failOnMissingLocations(true)
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            StartupFailure.exit(whatToCheck(e));
            throw e;
        }
        LOG.info(() -> "Database schema at version " + result.targetSchemaVersion + " (" + result.migrationsExecuted
                + " migrations applied now)");
    }

    /** The one line a failed start prints: what failed, and what to check. */
    static String whatToCheck(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String reason = root.getClass().getSimpleName() + ": "
                + String.valueOf(root.getMessage()).strip();
        if (DatabaseOutage.isCause(failure) || DatabaseOutage.isRefusedSignIn(failure)) {
            return "TenantLink will not start: it cannot connect to its database (" + reason + "). Check"
                    + " TENANTLINK_DB_URL, TENANTLINK_DB_USER and TENANTLINK_DB_PASSWORD, that the database server"
                    + " runs, and that the user may connect from this host: MariaDB with skip-name-resolve refuses"
                    + " 'tenantlink'@'localhost' over 127.0.0.1 (deploy/RUNBOOK.md, section 2).";
        }
        return "TenantLink will not start: its database could not be brought to the current schema (" + reason
                + "). See deploy/RUNBOOK.md, section 9 (Upgrades).";
    }
}
