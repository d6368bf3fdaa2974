package io.tenantlink.microsoft;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.tenantlink.sandbox.SandboxMode;

/**
 * The portal's Microsoft app registration as configuration gives it: its client id (in sandbox mode
 * the sandbox's ChatOps app), its redirect URIs, and where browsers are sent to sign in. Only that
 * last address differs between Microsoft and the sandbox; the code's authority stays Microsoft's.
 */
@ApplicationScoped
public class MicrosoftApps {

    /** The ChatOps app registration of the sandbox directory. */
    public static final String SANDBOX_CHATOPS_CLIENT_ID = "7c2f0b3e-5a61-4f0e-9d8c-1b2a3c4d5e6f";
    /** The sandbox's "TenantLink consent management" app: reads and writes grants through Graph. */
    public static final String SANDBOX_MANAGEMENT_CLIENT_ID = "0b5e4f2c-9d3a-4e1b-8c7f-6a5d4c3b2a10";
    public static final String MICROSOFT_LOGIN = "https://login.microsoftonline.com";

    @Inject
    SandboxMode sandbox;

    @Inject
    MicrosoftClients clients;

    @Inject
    @ConfigProperty(name = "tenantlink.microsoft.client-id")
    Optional<String> clientId;

    @Inject
    @ConfigProperty(name = "tenantlink.microsoft.management-client-id")
    Optional<String> managementClientId;

    @Inject
    @ConfigProperty(name = "tenantlink.public-url", defaultValue = "http://localhost:8080/")
    String publicUrl;

    private final java.util.Map<String, IdTokenValidator> validators = new java.util.concurrent.ConcurrentHashMap<>();

    public String chatOpsClientId() {
        return clientId.filter(id -> !id.isBlank()).orElse(SANDBOX_CHATOPS_CLIENT_ID);
    }

    /**
     * The app registration that reads and writes consent in tenants (service principals, delegated
     * grants, app role assignments): the sandbox's in sandbox mode; outside it, only when configured.
     */
    public Optional<String> managementClientId() {
        Optional<String> configured = managementClientId.filter(id -> !id.isBlank());
        return configured.isPresent() || !sandbox.isActive() ? configured : Optional.of(SANDBOX_MANAGEMENT_CLIENT_ID);
    }

    /** Where the browser signs in: Microsoft, or the sandbox's stand-in for it. */
    public String browserLoginBase() {
        return sandbox.isActive() ? sandbox.loginBase() : MICROSOFT_LOGIN;
    }

    public String signInRedirectUri() {
        return portalUrl("microsoft/callback");
    }

    public String consentRedirectUri() {
        return portalUrl("microsoft/consent-callback");
    }

    public String portalUrl(String path) {
        return (publicUrl.endsWith("/") ? publicUrl : publicUrl + "/") + path;
    }

    /** The id_token validator of the ChatOps app. */
    public IdTokenValidator idTokenValidator() {
        return idTokenValidator(chatOpsClientId());
    }

    /** The id_token validator for one app registration (its client id is the expected audience). */
    public IdTokenValidator idTokenValidator(String clientId) {
        return validators.computeIfAbsent(clientId, id -> new IdTokenValidator(id,
                new RoutedJwksFetcher(clients.routing(), Duration.ofSeconds(5), Duration.ofSeconds(10)), Clock.systemUTC()));
    }
}
