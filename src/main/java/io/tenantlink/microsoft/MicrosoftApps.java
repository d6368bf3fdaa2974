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
    public static final String MICROSOFT_LOGIN = "https://login.microsoftonline.com";

    @Inject
    SandboxMode sandbox;

    @Inject
    MicrosoftClients clients;

    @Inject
    @ConfigProperty(name = "tenantlink.microsoft.client-id")
    Optional<String> clientId;

    @Inject
    @ConfigProperty(name = "tenantlink.public-url", defaultValue = "http://localhost:8080/")
    String publicUrl;

    private volatile IdTokenValidator validator;

    public String chatOpsClientId() {
        return clientId.filter(id -> !id.isBlank()).orElse(SANDBOX_CHATOPS_CLIENT_ID);
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

    public IdTokenValidator idTokenValidator() {
        if (validator == null) {
            synchronized (this) {
                if (validator == null) {
                    validator = new IdTokenValidator(chatOpsClientId(),
                            new RoutedJwksFetcher(clients.routing(), Duration.ofSeconds(5), Duration.ofSeconds(10)),
                            Clock.systemUTC());
                }
            }
        }
        return validator;
    }
}
