package io.tenantlink.platform.db;

/** The databases TenantLink runs on; anything that is not MariaDB/MySQL is the embedded H2 default. */
public enum DatabaseKind {
    H2("org.h2.jdbcx.JdbcDataSource"),
    MARIADB("org.mariadb.jdbc.MariaDbDataSource");

    private final String dataSourceClass;

    DatabaseKind(String dataSourceClass) {
        this.dataSourceClass = dataSourceClass;
    }

    public String dataSourceClass() {
        return dataSourceClass;
    }

    public static DatabaseKind fromUrl(String jdbcUrl) {
        if (jdbcUrl != null && (jdbcUrl.startsWith("jdbc:mariadb:") || jdbcUrl.startsWith("jdbc:mysql:"))) {
            return MARIADB;
        }
        return H2;
    }
}
