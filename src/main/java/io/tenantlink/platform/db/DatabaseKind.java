package io.tenantlink.platform.db;

/** The databases TenantLink runs on; anything that is not MariaDB is the embedded H2 default. */
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
        if (jdbcUrl != null && jdbcUrl.startsWith("jdbc:mariadb:")) {
            return MARIADB;
        }
        return H2;
    }
}
