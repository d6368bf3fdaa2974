package io.tenantlink.catalog;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;

import io.tenantlink.microsoft.MicrosoftApps;
import io.tenantlink.sandbox.SandboxMode;

/**
 * The catalog with its client ids resolved: the operator's setting, or in sandbox mode the example
 * id (registered in the sandbox directory). Outside sandbox mode a feature without a configured
 * client id is "not configured" rather than pointing at somebody else's app.
 */
@ApplicationScoped
public class FeatureApps {

    private final FeatureCatalog catalog = FeatureCatalog.builtIn();

    @Inject
    Config config;

    @Inject
    SandboxMode sandbox;

    @Inject
    MicrosoftApps microsoftApps;

    public FeatureCatalog catalog() {
        return catalog;
    }

    public Optional<String> clientId(FeatureApp feature) {
        if ("chatops".equals(feature.key())) {
            return Optional.of(microsoftApps.chatOpsClientId());
        }
        Optional<String> configured = config.getOptionalValue(feature.clientIdSetting(), String.class).filter(id -> !id.isBlank());
        if (configured.isPresent()) {
            return configured;
        }
        return sandbox.isActive() ? Optional.of(feature.exampleClientId()) : Optional.empty();
    }
}
