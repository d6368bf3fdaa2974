package io.tenantlink.platform.db;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import javax.sql.DataSource;

/**
 * Asks the database itself whether it answers right now. An error page consults it when a failure's cause chain does
 * not say "connection" (a transaction manager or a library may wrap the driver's exception without its cause): a
 * failure met while the database is away is an outage (503, "try again"), not a fault of the code (500).
 */
@ApplicationScoped
public class DatabaseReachability {

    /** Seconds a validation may take before the database counts as away. */
    private static final int VALIDATION_SECONDS = 2;

    @Resource(lookup = DataSourceConfig.JNDI_NAME)
    DataSource dataSource;

    public boolean answers() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(VALIDATION_SECONDS);
        } catch (Exception away) {
            return false;
        }
    }

    /** Whether this failure, met on a request, means the database is away: by its cause chain, or by asking. */
    public boolean isOutage(Throwable failure) {
        return DatabaseOutage.isCause(failure) || !answers();
    }
}
