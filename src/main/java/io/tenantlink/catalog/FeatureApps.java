package io.tenantlink.catalog;

import io.tenantlink.microsoft.MicrosoftApps;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * The catalog with its client ids resolved from the operator's settings (in sandbox mode too:
 * deploy/sandbox.properties sets the stand-in's ids). A feature without a configured client id is
 * "not configured" rather than pointing at somebody else's app.
 */
@ApplicationScoped
public class FeatureApps {

    private final FeatureCatalog catalog = FeatureCatalog.builtIn();

    @Inject
    Config config;

    @Inject
    MicrosoftApps microsoftApps;

    public FeatureCatalog catalog() {
        return catalog;
    }

    public Optional<String> clientId(FeatureApp feature) {
        if ("chatops".equals(feature.key())) {
            return Optional.of(microsoftApps.chatOpsClientId());
        }
        Optional<String> configured =
                config.getOptionalValue(feature.clientIdSetting(), String.class).filter(id -> !id.isBlank());
        if (configured.isPresent()) {
            return configured;
        }
        return Optional.empty();
    }
}
