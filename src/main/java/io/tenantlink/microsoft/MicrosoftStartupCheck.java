package io.tenantlink.microsoft;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/** Refuses to deploy the portal without a complete, explicit Microsoft configuration (see {@link MicrosoftSettings}). */
@ApplicationScoped
public class MicrosoftStartupCheck {

    private static final Logger LOG = Logger.getLogger(MicrosoftStartupCheck.class.getName());

    @Inject
    Config config;

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
        List<String> problems;
        try {
            problems = MicrosoftSettings.read(config).problems();
        } catch (IllegalStateException e) {
            problems = List.of(e.getMessage());
        }
        if (!problems.isEmpty()) {
            String message = "TenantLink will not start: its Microsoft configuration is incomplete. "
                    + String.join(" ", problems) + " See deploy/tenantlink.env.example.";
            LOG.severe(message);
            throw new IllegalStateException(message);
        }
    }
}
