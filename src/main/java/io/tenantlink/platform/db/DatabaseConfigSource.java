package io.tenantlink.platform.db;

import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Derives the JDBC DataSource class from the database URL, so that an operator only sets
 * TENANTLINK_DB_URL (plus user and password) to move from the embedded database to MariaDB.
 * The annotation-based data source can only read plain config values, hence this source.
 */
public class DatabaseConfigSource implements ConfigSource {

    static final String DATASOURCE_CLASS = "tenantlink.db.datasource-class";

    @Override
    public Set<String> getPropertyNames() {
        return Set.of(DATASOURCE_CLASS);
    }

    @Override
    public String getValue(String propertyName) {
        if (!DATASOURCE_CLASS.equals(propertyName)) {
            return null;
        }
        return DatabaseKind.fromUrl(configuredUrl()).dataSourceClass();
    }

    private static String configuredUrl() {
        String url = System.getProperty("tenantlink.db.url");
        if (url == null || url.isBlank()) {
            url = System.getenv("TENANTLINK_DB_URL");
        }
        return url == null ? "" : url;
    }

    @Override
    public int getOrdinal() {
        return 90;
    }

    @Override
    public String getName() {
        return "tenantlink-database-kind";
    }

    @Override
    public Map<String, String> getProperties() {
        return Map.of(DATASOURCE_CLASS, getValue(DATASOURCE_CLASS));
    }
}
