package io.tenantlink.microsoft;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The portal's Microsoft app registrations as configuration gives them (the same keys in Entra and sandbox mode): the
 * ChatOps app's client id, the optional management app's, the redirect URIs, and where browsers are sent to sign in
 * (Microsoft's login address as routed; the code's authority stays Microsoft's).
 */
@ApplicationScoped
public class MicrosoftApps {

    public static final String MICROSOFT_LOGIN = "https://login.microsoftonline.com";

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

    @Inject
    @ConfigProperty(name = "tenantlink.microsoft.publisher-tenant")
    Optional<String> publisherTenant;

    private final java.util.Map<String, IdTokenValidator> validators = new java.util.concurrent.ConcurrentHashMap<>();

    public String chatOpsClientId() {
        return clientId.filter(id -> !id.isBlank())
                .orElseThrow(() -> new IllegalStateException("TENANTLINK_MICROSOFT_CLIENT_ID is not set"));
    }

    /** The app registration that reads and writes consent in tenants (service principals, delegated grants, app role assignments), when configured. */
    public Optional<String> managementClientId() {
        return managementClientId.filter(id -> !id.isBlank());
    }

    /**
     * The tenant where the portal's app registrations live ({@code TENANTLINK_MICROSOFT_PUBLISHER_TENANT}: its id or
     * a verified domain), when configured: lifecycle warnings read the apps' secrets and certificates there.
     */
    public Optional<String> publisherTenant() {
        return publisherTenant.map(String::strip).filter(t -> !t.isEmpty());
    }

    /** Where the browser signs in: Microsoft's login address, as routed. */
    public String browserLoginBase() {
        return clients.routing().loginBase();
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
        return validators.computeIfAbsent(
                clientId,
                id -> new IdTokenValidator(
                        id,
                        new RoutedJwksFetcher(clients.routing(), Duration.ofSeconds(5), Duration.ofSeconds(10)),
                        Clock.systemUTC()));
    }
}
