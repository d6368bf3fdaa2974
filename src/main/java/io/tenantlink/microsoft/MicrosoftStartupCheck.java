package io.tenantlink.microsoft;

import io.tenantlink.platform.StartupFailure;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.util.List;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/**
 * Refuses to deploy the portal without a complete, explicit Microsoft configuration (see {@link MicrosoftSettings}),
 * before anything else starts: the database migrator, and through it every other start-up bean, depends on it.
 */
@Startup
@Singleton
public class MicrosoftStartupCheck {

    private static final Logger LOG = Logger.getLogger(MicrosoftStartupCheck.class.getName());

    @Inject
    Config config;

    @PostConstruct
    void check() {
        List<String> problems;
        try {
            problems = MicrosoftSettings.read(config).problems();
        } catch (IllegalStateException e) {
            problems = List.of(e.getMessage().replaceFirst("^TenantLink will not start: ", ""));
        }
        if (!problems.isEmpty()) {
            String message = "TenantLink will not start: its Microsoft configuration is incomplete. "
                    + String.join(" ", problems) + " See deploy/tenantlink.env.example.";
            StartupFailure.exit(message);
            throw new IllegalStateException(message);
        }
    }
}
