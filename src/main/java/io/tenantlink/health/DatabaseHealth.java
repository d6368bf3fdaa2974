package io.tenantlink.health;

import io.tenantlink.platform.db.DataSourceConfig;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/** The database answers, and which product it is; both readiness and liveness depend on it. */
@ApplicationScoped
public class DatabaseHealth {

    @Resource(lookup = DataSourceConfig.JNDI_NAME)
    DataSource dataSource;

    @Readiness
    @ApplicationScoped
    public static class Ready implements HealthCheck {
        @jakarta.inject.Inject
        DatabaseHealth database;

        @Override
        public HealthCheckResponse call() {
            return database.check("database");
        }
    }

    @Liveness
    @ApplicationScoped
    public static class Live implements HealthCheck {
        @jakarta.inject.Inject
        DatabaseHealth database;

        /** The process is alive even while the database is away; restarting it would not bring the database back. */
        @Override
        public HealthCheckResponse call() {
            HealthCheckResponse db = database.check("database");
            return HealthCheckResponse.named("portal")
                    .up()
                    .withData("database", db.getStatus().name())
                    .withData(
                            "product",
                            db.getData()
                                    .map(d -> String.valueOf(d.getOrDefault("product", "")))
                                    .orElse(""))
                    .build();
        }
    }

    HealthCheckResponse check(String name) {
        try (Connection connection = dataSource.getConnection()) {
            boolean valid = connection.isValid(2);
            return HealthCheckResponse.named(name)
                    .status(valid)
                    .withData("product", connection.getMetaData().getDatabaseProductName())
                    .build();
        } catch (Exception e) {
            return HealthCheckResponse.named(name)
                    .down()
                    .withData("error", e.getClass().getSimpleName())
                    .build();
        }
    }
}
