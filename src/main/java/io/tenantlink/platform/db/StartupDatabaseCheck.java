package io.tenantlink.platform.db;

import io.tenantlink.platform.StartupFailure;
import java.sql.Connection;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.eclipse.persistence.sessions.JNDIConnector;
import org.eclipse.persistence.sessions.SessionEvent;
import org.eclipse.persistence.sessions.SessionEventAdapter;

/**
 * The first thing of the portal to reach the database is EclipseLink, when the server prepares the deployment, before
 * any of the portal's own code runs. Just before it logs in (persistence.xml names this listener), the database is
 * asked once for a connection: if it gives none, the start fails with one line saying what to check, and the process
 * ends ({@link StartupFailure}) instead of staying up with nothing deployed.
 */
public class StartupDatabaseCheck extends SessionEventAdapter {

    private static final AtomicBoolean CHECKED = new AtomicBoolean();

    @Override
    public void preLogin(SessionEvent event) {
        if (!CHECKED.compareAndSet(false, true)
                || !(event.getSession().getDatasourceLogin()
                        instanceof org.eclipse.persistence.sessions.DatabaseLogin login)
                || !(login.getConnector() instanceof JNDIConnector connector)) {
            return;
        }
        DataSource dataSource = connector.getDataSource();
        if (dataSource == null) {
            return;
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.isValid(5);
        } catch (Exception e) {
            StartupFailure.exit(DatabaseMigrator.whatToCheck(e));
        }
    }
}
