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

    /** Checks of {@link #answersSteadily()}, and the pause between two. */
    static final int STEADY_CHECKS = 3;

    static final long STEADY_PAUSE_MILLIS = 200;

    /**
     * Whether the database answers now and still a moment later. A database that shuts down stops taking new
     * connections first and ends the open ones one by one: a pooled connection it has not ended yet passes one check
     * while the failure being explained was already the shutdown's (seen once in DatabaseOutageIT: a 500 where a 503
     * belonged). Asked only for failures no cause chain explains, so the half second it may take is rare.
     */
    public boolean answersSteadily() {
        for (int check = 1; check <= STEADY_CHECKS; check++) {
            if (!answers()) {
                return false;
            }
            if (check < STEADY_CHECKS) {
                try {
                    Thread.sleep(STEADY_PAUSE_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return true;
                }
            }
        }
        return true;
    }

    /** Whether this failure, met on a request, means the database is away: by its cause chain, or by asking. */
    public boolean isOutage(Throwable failure) {
        return DatabaseOutage.isCause(failure) || !answersSteadily();
    }
}
