package io.tenantlink.it;

import static io.tenantlink.it.SandboxBrowser.CHATOPS;
import static io.tenantlink.it.SandboxBrowser.CONTOSO;
import static io.tenantlink.it.SandboxBrowser.FABRIKAM;
import static io.tenantlink.it.SandboxBrowser.REDIRECT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.aad.msal4j.AuthorizationCodeParameters;
import com.microsoft.aad.msal4j.ClientCredentialParameters;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.microsoft.aad.msal4j.MsalServiceException;
import com.microsoft.aad.msal4j.RefreshTokenParameters;
import com.nimbusds.jwt.SignedJWT;
import io.tenantlink.microsoft.AadstsError;
import io.tenantlink.microsoft.IdTokenRejectedException;
import io.tenantlink.microsoft.IdTokenValidator;
import io.tenantlink.microsoft.MicrosoftRoutes;
import io.tenantlink.microsoft.RoutedJwksFetcher;
import io.tenantlink.microsoft.TestRoutes;
import io.tenantlink.microsoft.VerifiedIdentity;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.htmlunit.Page;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The portal's Microsoft access layer (msal4j with the routed transport, our id_token validation)
 * against the running sandbox: the same code and the same Microsoft addresses as in production.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class MicrosoftAccessIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return PortalDeployment.sharedPortal();
    }

    @ArquillianResource
    URL base;

    private SandboxBrowser browser;
    private MicrosoftRoutes routing;

    @BeforeEach
    void setUp() {
        browser = new SandboxBrowser(base);
        routing = TestRoutes.standIn(URI.create(browser.origin()));
    }

    @AfterEach
    void tearDown() {
        browser.close();
    }

    private ConfidentialClientApplication msal(String tenant) throws Exception {
        return browser.chatOps(tenant, null);
    }

    private IdTokenValidator validator() {
        return new IdTokenValidator(
                CHATOPS,
                new RoutedJwksFetcher(routing, Duration.ofSeconds(5), Duration.ofSeconds(10)),
                Clock.systemUTC());
    }

    private IAuthenticationResult signInWithMsal(String username, String nonce) throws Exception {
        return signInWithMsal(msal("organizations"), username, nonce);
    }

    private IAuthenticationResult signInWithMsal(ConfidentialClientApplication app, String username, String nonce)
            throws Exception {
        String verifier = UUID.randomUUID() + "-" + UUID.randomUUID();
        String code = SandboxBrowser.query(browser.authorize(
                        "organizations", username, "openid profile offline_access User.Read", verifier, nonce, "s"))
                .get("code");
        return app.acquireToken(AuthorizationCodeParameters.builder(code, URI.create(REDIRECT))
                        .scopes(Set.of("User.Read"))
                        .codeVerifier(verifier)
                        .build())
                .get();
    }

    @Test
    void msalRedeemsTheCodeAndOurValidatorAcceptsTheIdTokenOnlyWithItsNonce() throws Exception {
        String nonce = UUID.randomUUID().toString();
        IAuthenticationResult result = signInWithMsal("megan.admin@contoso.example", nonce);
        assertEquals(CONTOSO, result.account().homeAccountId().split("\\.")[1], "msal4j read client_info");

        VerifiedIdentity identity = validator().validate(result.idToken(), nonce, null);
        assertEquals(CONTOSO, identity.tenantId());
        assertEquals("megan.admin@contoso.example", identity.preferredUsername());
        assertTrue(identity.wids().contains("62e90394-69f5-4237-9190-012177145e10"), "Global Administrator in wids");

        IdTokenRejectedException wrongNonce = assertThrows(
                IdTokenRejectedException.class, () -> validator().validate(result.idToken(), "another-nonce", null));
        assertEquals(IdTokenRejectedException.Reason.BAD_NONCE, wrongNonce.reason());
        IdTokenRejectedException wrongTenant = assertThrows(
                IdTokenRejectedException.class, () -> validator().validate(result.idToken(), nonce, FABRIKAM));
        assertEquals(IdTokenRejectedException.Reason.BAD_TENANT, wrongTenant.reason());
        IdTokenRejectedException wrongAudience = assertThrows(
                IdTokenRejectedException.class,
                () -> new IdTokenValidator(
                                UUID.randomUUID().toString(),
                                new RoutedJwksFetcher(routing, Duration.ofSeconds(5), Duration.ofSeconds(10)),
                                Clock.systemUTC())
                        .validate(result.idToken(), nonce, null));
        assertEquals(IdTokenRejectedException.Reason.BAD_AUDIENCE, wrongAudience.reason());
        IdTokenRejectedException expired = assertThrows(
                IdTokenRejectedException.class,
                () -> new IdTokenValidator(
                                CHATOPS,
                                new RoutedJwksFetcher(routing, Duration.ofSeconds(5), Duration.ofSeconds(10)),
                                Clock.offset(Clock.systemUTC(), Duration.ofHours(2)))
                        .validate(result.idToken(), nonce, null));
        assertEquals(IdTokenRejectedException.Reason.EXPIRED, expired.reason());
    }

    @Test
    void aKeyRotationIsFollowedByFetchingTheKeysAgain() throws Exception {
        IdTokenValidator validator = validator();
        String firstNonce = UUID.randomUUID().toString();
        IAuthenticationResult before = signInWithMsal("lee@contoso.example", firstNonce);
        validator.validate(before.idToken(), firstNonce, CONTOSO);

        HttpResponse<String> rotated = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(browser.origin() + "/sandbox/control/keys/rotate"))
                                .header("X-Sandbox-Control", "1")
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(200, rotated.statusCode(), rotated.body());

        String secondNonce = UUID.randomUUID().toString();
        IAuthenticationResult after = signInWithMsal(null, secondNonce);
        assertNotEquals(
                SignedJWT.parse(before.idToken()).getHeader().getKeyID(),
                SignedJWT.parse(after.idToken()).getHeader().getKeyID());
        assertEquals(
                "lee@contoso.example",
                validator.validate(after.idToken(), secondNonce, CONTOSO).preferredUsername(),
                "the validator's cached keys lacked the new kid; it fetched them again");

        HttpResponse<String> withoutHeader = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(browser.origin() + "/sandbox/control/keys/rotate"))
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(403, withoutHeader.statusCode(), "a cross-site form cannot drive the sandbox");
    }

    @Test
    void refreshRotatesAndARevokedGrantSaysSignInAgain() throws Exception {
        ConfidentialClientApplication app = msal(CONTOSO);
        signInWithMsal(app, "adele@contoso.example", "n1");
        String refreshToken = refreshTokenIn(app);
        app.acquireToken(RefreshTokenParameters.builder(Set.of("User.Read"), refreshToken)
                        .build())
                .get();
        String rotated = refreshTokenIn(app);
        assertNotEquals(refreshToken, rotated, "a new refresh token each time");

        String adele = "b1e2c3d4-0003-4a5b-8c6d-7e8f9a0b1c03";
        HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(browser.origin() + "/sandbox/control/tenants/" + CONTOSO
                                        + "/users/" + adele + "/revoke-sessions"))
                                .header("X-Sandbox-Control", "1")
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        ExecutionException failed = assertThrows(
                ExecutionException.class,
                () -> app.acquireToken(RefreshTokenParameters.builder(Set.of("User.Read"), rotated)
                                .build())
                        .get());
        MsalServiceException msal = (MsalServiceException) failed.getCause();
        AadstsError error = AadstsError.of(msal.errorCode(), msal.getMessage());
        assertEquals(50173, error.code());
        assertTrue(error.needsSignInAgain());
    }

    @Test
    void clientCredentialsWorkOnlyAfterTheTenantAdminConsented() throws Exception {
        ClientCredentialParameters graphDefault = ClientCredentialParameters.builder(
                        Set.of("https://graph.microsoft.com/.default"))
                .build();
        ExecutionException before = assertThrows(
                ExecutionException.class,
                () -> msal(FABRIKAM).acquireToken(graphDefault).get());
        MsalServiceException notConsented = (MsalServiceException) before.getCause();
        assertEquals(
                700016,
                AadstsError.of(notConsented.errorCode(), notConsented.getMessage())
                        .code());

        Page accepted = browser.consentAsAdmin(FABRIKAM, "admin@fabrikam.example");
        assertEquals(
                "True",
                SandboxBrowser.query(accepted.getWebResponse().getResponseHeaderValue("Location"))
                        .get("admin_consent"));

        IAuthenticationResult token = msal(FABRIKAM).acquireToken(graphDefault).get();
        assertTrue(SignedJWT.parse(token.accessToken())
                .getJWTClaimsSet()
                .getStringListClaim("roles")
                .contains("ChatMember.ReadWrite.All"));
    }

    /** msal4j keeps refresh tokens in its cache; the serialized cache is what the portal will store, encrypted. */
    @SuppressWarnings("unchecked")
    private static String refreshTokenIn(ConfidentialClientApplication app) throws Exception {
        var cache =
                com.nimbusds.jose.util.JSONObjectUtils.parse(app.tokenCache().serialize());
        var refreshTokens = (java.util.Map<String, Object>) cache.get("RefreshToken");
        assertEquals(1, refreshTokens.size(), "one refresh token per account and app: a rotation replaces it");
        return (String) ((java.util.Map<String, Object>)
                        refreshTokens.values().iterator().next())
                .get("secret");
    }
}
