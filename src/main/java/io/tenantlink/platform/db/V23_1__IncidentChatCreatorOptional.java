package io.tenantlink.platform.db;

import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * A chat an automation rule creates with application permissions has no creating person: incident_chat's
 * creator_identity_id becomes optional. Java, because MariaDB and H2 spell a column's nullability differently
 * ({@code MODIFY} against {@code ALTER COLUMN … SET NULL}); registered in {@link DatabaseMigrator}.
 */
public class V23_1__IncidentChatCreatorOptional extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        String product =
                context.getConnection().getMetaData().getDatabaseProductName().toLowerCase();
        String sql = product.contains("h2")
                ? "ALTER TABLE incident_chat ALTER COLUMN creator_identity_id SET NULL"
                : "ALTER TABLE incident_chat MODIFY creator_identity_id BIGINT NULL";
        try (Statement statement = context.getConnection().createStatement()) {
            statement.execute(sql);
        }
    }
}
