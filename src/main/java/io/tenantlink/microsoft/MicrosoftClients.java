package io.tenantlink.microsoft;

import com.microsoft.aad.msal4j.ClientCredentialFactory;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.IClientCredential;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * msal4j clients, one per (tenant, application), each with its encrypted, database-backed token
 * cache. The authority is always Microsoft's; only the transport follows the configured routes ({@link MicrosoftRoutes}).
 * Credentials come from configuration: a client secret, or a PKCS#12 certificate (Microsoft's recommendation).
 */
@ApplicationScoped
public class MicrosoftClients {

    public static final String AUTHORITY = "https://login.microsoftonline.com/";
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);

    @Inject
    TokenKeys tokenKeys;

    @Inject
    TokenCacheStore tokenCacheStore;

    @Inject
    @ConfigProperty(name = "tenantlink.microsoft.client-secret")
    Optional<String> clientSecret;

    @Inject
    @ConfigProperty(name = "tenantlink.microsoft.management-client-id")
    Optional<String> managementClientId;

    @Inject
    @ConfigProperty(name = "tenantlink.microsoft.management-client-secret")
    Optional<String> managementClientSecret;

    @Inject
    @ConfigProperty(name = "tenantlink.microsoft.client-certificate")
    Optional<String> clientCertificate;

    @Inject
    @ConfigProperty(name = "tenantlink.microsoft.client-certificate-password")
    Optional<String> clientCertificatePassword;

    @Inject
    @ConfigProperty(name = "tenantlink.microsoft.management-client-certificate")
    Optional<String> managementClientCertificate;

    @Inject
    @ConfigProperty(name = "tenantlink.microsoft.management-client-certificate-password")
    Optional<String> managementClientCertificatePassword;

    @Inject
    @ConfigProperty(name = "tenantlink.microsoft.routes")
    Optional<String> routes;

    /** How long one Graph request may go unanswered (tests shorten it to meet hung requests quickly). */
    @Inject
    @ConfigProperty(name = "tenantlink.microsoft.graph-timeout-seconds", defaultValue = "20")
    int graphTimeoutSeconds = 20;

    /** Credentials per app id: a certificate is read and parsed once. */
    private final Map<String, IClientCredential> credentials = new ConcurrentHashMap<>();

    private volatile MicrosoftRoutes routing;

    /** The transport routing: as TENANTLINK_MICROSOFT_ROUTES says (a stand-in), or straight to Microsoft. */
    public MicrosoftRoutes routing() {
        MicrosoftRoutes known = routing;
        if (known == null) {
            known = routes.map(MicrosoftRoutes::parse).orElse(MicrosoftRoutes.none());
            routing = known;
        }
        return known;
    }

    /**
     * The typed Graph gateway (Graph SDK) calling with this token: Graph-sized timeouts (the SDK's default of 100 s is
     * far too long), the standard retry budget, and the routing.
     */
    public GraphGateway gateway(String accessToken) {
        return GraphGateway.create(
                routing(),
                () -> accessToken,
                CONNECT_TIMEOUT,
                Duration.ofSeconds(Math.max(1, graphTimeoutSeconds)),
                GraphGateway.Budget.standard());
    }

    public ConfidentialClientApplication client(String tenantId, String appId) {
        // A new client each time: msal4j's deserialize adds the stored entries to those it holds in memory and never
        // drops one, so a long-lived client would keep tokens the database no longer has (forgotten on disconnect, by
        // another instance, or dropped as unreadable). The stored row is the one truth; building a client is cheap.
        return build(tenantId, appId);
    }

    public EncryptedTokenCache tokenCache(String tenantId, String appId) {
        return new EncryptedTokenCache(tenantId, appId, tokenKeys.cipher(), tokenCacheStore);
    }

    /** Forgets a (tenant, application)'s tokens: on disconnect, or when Microsoft refused a refresh. */
    public void forget(String tenantId, String appId) {
        tokenCache(tenantId, appId).clear();
    }

    /**
     * A client for one sign-in whose tenant is not known before the code is redeemed
     * ({@code organizations}): its cache lives in memory until {@link #keepSignIn} files it under the
     * tenant the validated id_token names.
     */
    public ConfidentialClientApplication signInClient(String authorityTenant, String appId) {
        return builder(authorityTenant, appId).build();
    }

    /** Files the tokens of a validated sign-in in the (tenant, application) cache, beside any other account's. */
    public void keepSignIn(String tenantId, String appId, ConfidentialClientApplication signInClient) {
        tokenCache(tenantId, appId).merge(signInClient.tokenCache().serialize());
    }

    /** Forgets one account's tokens of a (tenant, application), leaving other accounts' in place. */
    public void forgetAccount(String tenantId, String appId, String homeAccountId) throws InterruptedException {
        try {
            removeAccount(client(tenantId, appId), homeAccountId);
        } catch (java.util.concurrent.ExecutionException | RuntimeException e) {
            if (TokenCacheIntegrityException.in(e).isPresent()) {
                // Unreadable, so already deleted: nothing of this account is left to forget.
                return;
            }
            throw new IllegalStateException(
                    "The token cache could not be read",
                    e instanceof java.util.concurrent.ExecutionException ? e.getCause() : e);
        }
    }

    /** Removes one account's tokens from a client's cache (msal4j writes the others back as they were). */
    static void removeAccount(ConfidentialClientApplication client, String homeAccountId)
            throws InterruptedException, java.util.concurrent.ExecutionException {
        for (var account : client.getAccounts().get()) {
            if (account.homeAccountId().equalsIgnoreCase(homeAccountId)) {
                client.removeAccount(account).get();
            }
        }
    }

    private ConfidentialClientApplication build(String tenantId, String appId) {
        return builder(tenantId, appId)
                .setTokenCacheAccessAspect(tokenCache(tenantId, appId))
                .build();
    }

    private ConfidentialClientApplication.Builder builder(String tenantId, String appId) {
        try {
            return ConfidentialClientApplication.builder(appId, credentials.computeIfAbsent(appId, this::credentialOf))
                    .authority(AUTHORITY + tenantId + "/")
                    .httpClient(new RoutedMsalHttpClient(routing(), CONNECT_TIMEOUT, REQUEST_TIMEOUT));
        } catch (java.net.MalformedURLException e) {
            throw new IllegalArgumentException("Not a tenant id: " + tenantId, e);
        }
    }

    /** The management app's credential when appId is the management app, the ChatOps app's otherwise. */
    private IClientCredential credentialOf(String appId) {
        if (managementClientId.filter(appId::equalsIgnoreCase).isPresent()) {
            return credential(
                    managementClientCertificate,
                    managementClientCertificatePassword,
                    managementClientSecret,
                    "TENANTLINK_MICROSOFT_MANAGEMENT_CLIENT_SECRET or TENANTLINK_MICROSOFT_MANAGEMENT_CLIENT_CERTIFICATE");
        }
        return credential(
                clientCertificate,
                clientCertificatePassword,
                clientSecret,
                "TENANTLINK_MICROSOFT_CLIENT_SECRET or TENANTLINK_MICROSOFT_CLIENT_CERTIFICATE");
    }

    static IClientCredential credential(
            Optional<String> certificateFile,
            Optional<String> certificatePassword,
            Optional<String> secret,
            String settings) {
        Optional<String> certificate = certificateFile.filter(c -> !c.isBlank());
        if (certificate.isPresent()) {
            try (InputStream pkcs12 = Files.newInputStream(Path.of(certificate.get()))) {
                return ClientCredentialFactory.createFromCertificate(pkcs12, certificatePassword.orElse(""));
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalStateException(
                        "The client certificate " + certificate.get()
                                + " cannot be read as PKCS#12 with the configured password: "
                                + e.getClass().getSimpleName(),
                        e);
            }
        }
        return ClientCredentialFactory.createFromSecret(secret.filter(s -> !s.isBlank())
                .orElseThrow(() -> new IllegalStateException(settings + " is not set")));
    }
}
