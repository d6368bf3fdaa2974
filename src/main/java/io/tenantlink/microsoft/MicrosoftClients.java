package io.tenantlink.microsoft;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.microsoft.aad.msal4j.ClientCredentialFactory;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;

import io.tenantlink.sandbox.SandboxMode;
import io.tenantlink.sandbox.directory.SandboxDirectory;

/**
 * msal4j clients, one per (tenant, application), each with its encrypted, database-backed token
 * cache. The authority is always Microsoft's; in sandbox mode only the transport goes elsewhere.
 */
@ApplicationScoped
public class MicrosoftClients {

    public static final String AUTHORITY = "https://login.microsoftonline.com/";
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);

    @Inject
    SandboxMode sandbox;

    @Inject
    SandboxDirectory sandboxDirectory;

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

    /** How long one Graph request may go unanswered (tests shorten it to meet hung requests quickly). */
    @Inject
    @ConfigProperty(name = "tenantlink.microsoft.graph-timeout-seconds", defaultValue = "20")
    int graphTimeoutSeconds = 20;

    private final Map<String, ConfidentialClientApplication> clients = new ConcurrentHashMap<>();

    /** The transport routing: to the sandbox in sandbox mode, straight to Microsoft otherwise. */
    public SandboxRouting routing() {
        return sandbox.isActive() ? new SandboxRouting(URI.create(sandbox.origin())) : SandboxRouting.none();
    }

    /** A Graph client with sane timeouts, the routing and a retry budget, calling with this token. */
    public GraphClient graph(String accessToken) {
        return new GraphClient(GraphClient.httpClient(routing(), CONNECT_TIMEOUT, Duration.ofSeconds(Math.max(1, graphTimeoutSeconds))),
                () -> accessToken,
                GraphClient.Budget.standard());
    }

    public ConfidentialClientApplication client(String tenantId, String appId) {
        return clients.computeIfAbsent(tenantId + "|" + appId, key -> build(tenantId, appId));
    }

    public EncryptedTokenCache tokenCache(String tenantId, String appId) {
        return new EncryptedTokenCache(tenantId, appId, tokenKeys.cipher(), tokenCacheStore);
    }

    /** The sandbox forgot every token it issued: so do we (sandbox mode only; nothing fires it otherwise). */
    void forgetAll(@jakarta.enterprise.event.Observes io.tenantlink.sandbox.SandboxReset reset) {
        clients.clear();
        tokenCacheStore.deleteAll();
    }

    /** Forgets a (tenant, application)'s tokens: on disconnect, or when Microsoft refused a refresh. */
    public void forget(String tenantId, String appId) {
        tokenCache(tenantId, appId).clear();
        clients.remove(tenantId + "|" + appId);
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
        clients.remove(tenantId + "|" + appId);
    }

    /** Forgets one account's tokens of a (tenant, application), leaving other accounts' in place. */
    public void forgetAccount(String tenantId, String appId, String homeAccountId) throws InterruptedException {
        ConfidentialClientApplication client = client(tenantId, appId);
        try {
            for (var account : client.getAccounts().get()) {
                if (account.homeAccountId().equalsIgnoreCase(homeAccountId)) {
                    client.removeAccount(account).get();
                }
            }
        } catch (java.util.concurrent.ExecutionException | RuntimeException e) {
            if (TokenCacheIntegrityException.in(e).isPresent()) {
                // Unreadable, so already deleted: nothing of this account is left to forget.
                clients.remove(tenantId + "|" + appId);
                return;
            }
            throw new IllegalStateException("The token cache could not be read", e instanceof java.util.concurrent.ExecutionException ? e.getCause() : e);
        }
    }

    private ConfidentialClientApplication build(String tenantId, String appId) {
        return builder(tenantId, appId).setTokenCacheAccessAspect(tokenCache(tenantId, appId)).build();
    }

    private ConfidentialClientApplication.Builder builder(String tenantId, String appId) {
        try {
            return ConfidentialClientApplication.builder(appId, ClientCredentialFactory.createFromSecret(secretOf(appId)))
                    .authority(AUTHORITY + tenantId + "/")
                    .httpClient(new RoutedMsalHttpClient(routing(), CONNECT_TIMEOUT, REQUEST_TIMEOUT));
        } catch (java.net.MalformedURLException e) {
            throw new IllegalArgumentException("Not a tenant id: " + tenantId, e);
        }
    }

    /** Sandbox apps are registered in the sandbox directory; real ones need TENANTLINK_MICROSOFT_CLIENT_SECRET. */
    private String secretOf(String appId) {
        if (sandbox.isActive()) {
            return sandboxDirectory.application(appId).map(a -> a.clientSecret)
                    .orElseThrow(() -> new IllegalArgumentException("No sandbox app registration " + appId));
        }
        if (managementClientId.filter(appId::equalsIgnoreCase).isPresent()) {
            return managementClientSecret.filter(s -> !s.isBlank()).orElseThrow(() -> new IllegalStateException(
                    "TENANTLINK_MICROSOFT_MANAGEMENT_CLIENT_SECRET is not set"));
        }
        return clientSecret.filter(s -> !s.isBlank()).orElseThrow(() -> new IllegalStateException(
                "TENANTLINK_MICROSOFT_CLIENT_SECRET is not set"));
    }
}
