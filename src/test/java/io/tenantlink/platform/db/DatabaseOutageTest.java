package io.tenantlink.platform.db;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLSyntaxErrorException;
import org.junit.jupiter.api.Test;

class DatabaseOutageTest {

    @Test
    void aConnectionFailureDeepInTheChainIsAnOutage() {
        var wrapped = new jakarta.persistence.PersistenceException(
                new RuntimeException("EclipseLink", new SQLNonTransientConnectionException("Socket fail to connect")));
        assertTrue(DatabaseOutage.isCause(wrapped));
        assertTrue(DatabaseOutage.isCause(new SQLException("Communications link failure", "08S01")));
        // MariaDB stopping under a running statement.
        assertTrue(DatabaseOutage.isCause(new SQLException("Connection was killed", "70100", 1927)));
        assertTrue(DatabaseOutage.isCause(
                new IllegalStateException(new jakarta.resource.ResourceException("Error in allocating a connection"))));
    }

    @Test
    void aFaultOfTheRequestOrTheCodeIsNot() {
        assertFalse(DatabaseOutage.isCause(new SQLSyntaxErrorException("bad SQL", "42000")));
        assertFalse(DatabaseOutage.isCause(new IllegalArgumentException("no")));
        assertFalse(DatabaseOutage.isCause(new SQLException("duplicate key", "23000")));
    }

    @Test
    void theFailedStartLineSaysWhatToCheck() {
        String refused = DatabaseMigrator.whatToCheck(new RuntimeException(
                new SQLException("Access denied for user 'tenantlink'@'127.0.0.1' (using password: YES)", "28000")));
        assertTrue(refused.startsWith("TenantLink will not start: it cannot connect to its database"), refused);
        assertTrue(refused.contains("TENANTLINK_DB_USER") && refused.contains("'tenantlink'@'localhost'"), refused);
        String migration =
                DatabaseMigrator.whatToCheck(new RuntimeException(new SQLSyntaxErrorException("bad", "42000")));
        assertTrue(migration.contains("could not be brought to the current schema"), migration);
    }
}
