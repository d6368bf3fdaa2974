package io.tenantlink.microsoft;

import com.microsoft.aad.msal4j.AuthorizationCodeParameters;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.microsoft.aad.msal4j.MsalServiceException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

/**
 * The browser legs of Microsoft sign-in and admin consent, and the redemption of what comes back.
 * The authorize URL is built here rather than by msal4j, whose builder forces
 * {@code response_mode=form_post}: that cross-site POST would arrive without the SameSite=Lax
 * session cookie the flow is bound to; {@code response_mode=query} comes back as a GET, which carries it.
 */
@ApplicationScoped
public class SignInFlow {

    /** What connecting a tenant asks at sign-in: who you are, your tenant, a refresh token. */
    public static final Set<String> CONNECT_SCOPES = Set.of("openid", "profile", "offline_access", "User.Read");
    /** A tenant admin proving who they are: no token is kept. */
    public static final Set<String> IDENTITY_SCOPES = Set.of("openid", "profile");

    public static final String GRAPH_DEFAULT = "https://graph.microsoft.com/.default";

    @Inject
    MicrosoftApps apps;

    @Inject
    MicrosoftClients clients;

    /** A validated sign-in, and the client that still holds its tokens in memory. */
    public record SignedIn(VerifiedIdentity identity, String accessToken, ConfidentialClientApplication client) {}

    /** The ChatOps app's sign-in. */
    public URI authorizeUrl(
            String authorityTenant, Set<String> scopes, String state, String nonce, String verifier, String loginHint) {
        return authorizeUrl(apps.chatOpsClientId(), authorityTenant, scopes, state, nonce, verifier, loginHint);
    }

    /** Sign-in to one app registration (incremental consent: ask for the scopes needed now). */
    public URI authorizeUrl(
            String clientId,
            String authorityTenant,
            Set<String> scopes,
            String state,
            String nonce,
            String verifier,
            String loginHint) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("client_id", clientId);
        q.put("response_type", "code");
        q.put("redirect_uri", apps.signInRedirectUri());
        q.put("response_mode", "query");
        q.put("scope", String.join(" ", scopes.stream().sorted().toList()));
        q.put("state", state);
        q.put("nonce", nonce);
        q.put("code_challenge", Pkce.challenge(verifier));
        q.put("code_challenge_method", "S256");
        q.put("prompt", "select_account");
        if (loginHint != null && !loginHint.isBlank()) {
            q.put("login_hint", loginHint);
        }
        return URI.create(apps.browserLoginBase() + "/" + authorityTenant + "/oauth2/v2.0/authorize?" + query(q));
    }

    /** The tenant's admin-consent endpoint for every permission the ChatOps app registration declares. */
    public URI adminConsentUrl(String tenantId, String state) {
        return adminConsentUrl(apps.chatOpsClientId(), tenantId, state, GRAPH_DEFAULT);
    }

    /**
     * The admin-consent endpoint of a tenant (or {@code organizations}) for one app registration and
     * an explicit, space-separated scope list (or {@code .default}).
     */
    public URI adminConsentUrl(String clientId, String tenant, String state, String scope) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("client_id", clientId);
        q.put("scope", scope);
        q.put("redirect_uri", apps.consentRedirectUri());
        q.put("state", state);
        return URI.create(apps.browserLoginBase() + "/" + tenant + "/v2.0/adminconsent?" + query(q));
    }

    /**
     * Redeems the code with its PKCE verifier and validates the id_token (signature, issuer,
     * audience, times, nonce, and the tenant when one was expected) before anything is trusted.
     */
    public SignedIn redeem(String code, String verifier, Set<String> scopes, String nonce, String expectedTenantOrNull)
            throws MicrosoftRefusal, IdTokenRejectedException, IOException, InterruptedException {
        return redeem(apps.chatOpsClientId(), code, verifier, scopes, nonce, expectedTenantOrNull);
    }

    public SignedIn redeem(
            String clientId,
            String code,
            String verifier,
            Set<String> scopes,
            String nonce,
            String expectedTenantOrNull)
            throws MicrosoftRefusal, IdTokenRejectedException, IOException, InterruptedException {
        ConfidentialClientApplication client =
                clients.signInClient(expectedTenantOrNull == null ? "organizations" : expectedTenantOrNull, clientId);
        Set<String> graphScopes = scopes.stream()
                .filter(s -> !Set.of("openid", "profile", "offline_access").contains(s))
                .collect(Collectors.toSet());
        IAuthenticationResult result;
        try {
            result = client.acquireToken(AuthorizationCodeParameters.builder(code, URI.create(apps.signInRedirectUri()))
                            .scopes(graphScopes.isEmpty() ? Set.of("openid", "profile") : graphScopes)
                            .codeVerifier(verifier)
                            .build())
                    .get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof MsalServiceException refused) {
                throw new MicrosoftRefusal(AadstsError.of(refused.errorCode(), refused.getMessage()));
            }
            throw new IOException("Microsoft did not answer the token request", e.getCause());
        }
        VerifiedIdentity identity =
                apps.idTokenValidator(clientId).validate(result.idToken(), nonce, expectedTenantOrNull);
        return new SignedIn(identity, result.accessToken(), client);
    }

    /** Keeps a validated sign-in's tokens (encrypted) for its tenant. */
    public void keep(SignedIn signedIn) {
        clients.keepSignIn(signedIn.identity().tenantId(), apps.chatOpsClientId(), signedIn.client());
    }

    /** The tenant's name and default verified domain, read with the signed-in user's token (User.Read). */
    public Optional<Organization> organization(String accessToken) {
        try {
            return clients.gateway(accessToken)
                    .organization()
                    .map(org -> new Organization(org.displayName(), org.defaultDomain()));
        } catch (IOException | GraphGateway.GraphRefusal | RuntimeException e) {
            // The name is display data: a connection works without it and shows the tenant id instead.
            return Optional.empty();
        }
    }

    public record Organization(String displayName, String defaultDomain) {}

    private static String query(Map<String, String> parameters) {
        return parameters.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
