package io.tenantlink.platform.concurrent;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;

/** A fresh in-memory H2 database holding migration V30's tables (ShedLock's and the work leases'), for unit tests. */
final class V30Tables {

    private V30Tables() {}

    static JdbcDataSource inMemory(String name) throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + name + "-" + UUID.randomUUID() + ";MODE=MariaDB;DB_CLOSE_DELAY=-1");
        String migration =
                Files.readString(Path.of("src/main/resources/db/migration/V30__cluster_locks_and_leases.sql"));
        try (Connection c = h2.getConnection();
                Statement s = c.createStatement()) {
            for (String statement : migration.replaceAll("(?m)^--.*$", "").split(";")) {
                if (!statement.isBlank()) {
                    s.execute(statement);
                }
            }
        }
        return h2;
    }
}
