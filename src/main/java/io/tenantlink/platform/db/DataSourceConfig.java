package io.tenantlink.platform.db;

import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.ejb.Singleton;

/** The portal's one data source; every value comes from MicroProfile Config (TENANTLINK_DB_*). */
@DataSourceDefinition(
        name = DataSourceConfig.JNDI_NAME,
        className = "${MPCONFIG=tenantlink.db.datasource-class}",
        url = "${MPCONFIG=tenantlink.db.url}",
        user = "${MPCONFIG=tenantlink.db.user}",
        password = "${MPCONFIG=tenantlink.db.password}",
        minPoolSize = 1,
        maxPoolSize = 20,
        properties = {
            // Every connection handed out is checked with JDBC's isValid, a round trip to the server: after the
            // database comes back, no request gets a dead pooled connection (meta-data validation was answered from
            // the driver's cache and let them through). A failed check drops the whole pool.
            "fish.payara.is-connection-validation-required=true",
            "fish.payara.connection-validation-method=custom-validation",
            "fish.payara.validation-classname=org.glassfish.api.jdbc.validation.JDBC40ConnectionValidation",
            "fish.payara.fail-all-connections=true"
        })
@Singleton
public class DataSourceConfig {
    public static final String JNDI_NAME = "java:app/jdbc/tenantlink";
}
