package io.tenantlink.sandbox;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Whether TenantLink talks to its own Microsoft sandbox (no Microsoft app registration configured)
 * and where that sandbox lives. The sandbox is served on another site than the portal (127.0.0.1
 * rather than localhost) so that browsers apply cross-site cookie rules as they do with Microsoft.
 */
@ApplicationScoped
@Named("sandboxMode")
public class SandboxMode {

    @Inject
    @ConfigProperty(name = "tenantlink.microsoft.client-id")
    Optional<String> microsoftClientId;

    @Inject
    @ConfigProperty(name = "tenantlink.sandbox.origin", defaultValue = "http://127.0.0.1:8080")
    String origin;

    @Inject
    @ConfigProperty(name = "tenantlink.public-url", defaultValue = "http://localhost:8080/")
    String publicUrl;

    public boolean isActive() {
        return microsoftClientId.filter(id -> !id.isBlank()).isEmpty();
    }

    /** e.g. http://127.0.0.1:8080: identity platform under /sandbox/login, Graph under /sandbox/graph. */
    public String origin() {
        return strip(origin);
    }

    /** The portal's own origin, which "{portal}" in registered redirect URIs stands for. */
    public String portalOrigin() {
        return strip(publicUrl);
    }

    public String loginBase() {
        return origin() + "/sandbox/login";
    }

    private static String strip(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
