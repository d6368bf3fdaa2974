package io.tenantlink.sandbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The stand-in's own settings (keys {@code sandbox.*}, environment {@code SANDBOX_*}). It knows nothing of the portal
 * but the address its directory's registered redirect URIs call "{portal}".
 */
@ApplicationScoped
public class SandboxSettings {

    @Inject
    @ConfigProperty(name = "sandbox.portal-url", defaultValue = "http://localhost:8080/")
    String portalUrl;

    /** The origin "{portal}" in registered redirect URIs stands for, e.g. http://localhost:8080. */
    public String portalOrigin() {
        return portalUrl.endsWith("/") ? portalUrl.substring(0, portalUrl.length() - 1) : portalUrl;
    }
}
