package io.tenantlink.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.URL;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.htmlunit.Page;
import org.htmlunit.html.HtmlPage;
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
 * The Microsoft sandbox's identity platform over real HTTP, as a client and a browser meet it:
 * discovery and keys, sign-in and consent, the token endpoint's grants and their failures, admin consent.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SandboxIdentityIT {

    static final String CHATOPS = SandboxBrowser.CHATOPS;
    static final String CHATOPS_SECRET = SandboxBrowser.CHATOPS_SECRET;
    static final String CONTOSO = SandboxBrowser.CONTOSO;
    static final String FABRIKAM = SandboxBrowser.FABRIKAM;
    static final String REDIRECT = SandboxBrowser.REDIRECT;
    /** The directory's To Do app: registered like ChatOps, but without groupMembershipClaims (Microsoft's default). */
    static final String TODO = "32d752a1-8945-4600-97c9-73ed32c3627a";

    static final String TODO_SECRET = "sandbox-todo-secret";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return PortalDeployment.sharedPortal();
    }

    @ArquillianResource
    URL base;

    private String login;
    private SandboxBrowser browser;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void sandboxSite() {
        // The sandbox is another site than the portal, as Microsoft is.
        browser = new SandboxBrowser(base);
        login = browser.login();
    }

    @AfterEach
    void close() {
        browser.close();
    }

    @Test
    void discoveryAndKeysLookLikeMicrosofts() throws Exception {
        Map<String, Object> organizations = json(get(login + "/organizations/v2.0/.well-known/openid-configuration"));
        assertEquals("https://login.microsoftonline.com/{tenantid}/v2.0", organizations.get("issuer"));
        assertEquals(
                "https://login.microsoftonline.com/organizations/oauth2/v2.0/token",
                organizations.get("token_endpoint"));
        Map<String, Object> contoso = json(get(login + "/" + CONTOSO + "/v2.0/.well-known/openid-configuration"));
        assertEquals("https://login.microsoftonline.com/" + CONTOSO + "/v2.0", contoso.get("issuer"));
        Map<String, Object> byDomain = json(get(login + "/contoso.example/v2.0/.well-known/openid-configuration"));
        assertEquals(contoso.get("issuer"), byDomain.get("issuer"));

        HttpResponse<String> unknown = get(login + "/nosuchtenant.example/v2.0/.well-known/openid-configuration");
        assertEquals(400, unknown.statusCode());
        assertMicrosoftError(unknown, "invalid_request", 90002);

        JWKSet keys =
                JWKSet.parse(get(login + "/" + CONTOSO + "/discovery/v2.0/keys").body());
        assertFalse(keys.getKeys().isEmpty());
        assertNotNull(keys.getKeys().get(0).getKeyID());
        assertEquals("RS256", keys.getKeys().get(0).getAlgorithm().getName());
        assertFalse(keys.getKeys().get(0).isPrivate(), "only public keys are published");
    }

    @Test
    void authorizationCodeWithPkceSignsInConsentsAndRedeemsOnce() throws Exception {
        String verifier = UUID.randomUUID() + "-" + UUID.randomUUID();
        String nonce = UUID.randomUUID().toString();
        String location = signInAndConsent(
                "organizations",
                "lee@contoso.example",
                "openid profile offline_access User.Read",
                verifier,
                nonce,
                "query");
        Map<String, String> answer = query(location);
        assertTrue(location.startsWith(REDIRECT + "?"), location);
        assertEquals("state-1", answer.get("state"));
        String code = answer.get("code");

        HttpResponse<String> wrongVerifier =
                token("organizations", codeGrant(code, REDIRECT, verifier + "x", CHATOPS, CHATOPS_SECRET));
        assertMicrosoftError(wrongVerifier, "invalid_grant", 501481);

        // The failed attempt spent the code, as Microsoft's single-use codes are.
        location = signInAndConsent(
                "organizations", null, "openid profile offline_access User.Read", verifier, nonce, "query");
        code = query(location).get("code");
        HttpResponse<String> ok = token(
                "organizations",
                codeGrant(
                        code,
                        REDIRECT,
                        verifier,
                        CHATOPS,
                        CHATOPS_SECRET,
                        "client_info",
                        "1",
                        "scope",
                        "openid profile offline_access User.Read"));
        assertEquals(200, ok.statusCode(), ok.body());
        Map<String, Object> tokens = json(ok);
        assertEquals("Bearer", tokens.get("token_type"));
        // Graph's scopes listed in their short form, as Microsoft lists them (and msal4j's cache compares them).
        assertTrue(List.of(((String) tokens.get("scope")).split(" ")).contains("User.Read"), tokens.toString());
        assertFalse(((String) tokens.get("scope")).contains("https://graph.microsoft.com/"), tokens.toString());
        assertNotNull(tokens.get("refresh_token"));
        String clientInfo =
                new String(Base64.getUrlDecoder().decode((String) tokens.get("client_info")), StandardCharsets.UTF_8);
        assertTrue(clientInfo.contains("\"utid\":\"" + CONTOSO + "\""), clientInfo);

        SignedJWT idToken = SignedJWT.parse((String) tokens.get("id_token"));
        assertEquals(
                "https://login.microsoftonline.com/" + CONTOSO + "/v2.0",
                idToken.getJWTClaimsSet().getIssuer());
        assertEquals(CHATOPS, idToken.getJWTClaimsSet().getAudience().get(0));
        assertEquals(nonce, idToken.getJWTClaimsSet().getStringClaim("nonce"));
        assertEquals(CONTOSO, idToken.getJWTClaimsSet().getStringClaim("tid"));
        assertEquals("lee@contoso.example", idToken.getJWTClaimsSet().getStringClaim("preferred_username"));
        assertEquals("2.0", idToken.getJWTClaimsSet().getStringClaim("ver"));
        assertEquals("RS256", idToken.getHeader().getAlgorithm().getName());
        JWKSet keys =
                JWKSet.parse(get(login + "/" + CONTOSO + "/discovery/v2.0/keys").body());
        assertTrue(
                idToken.verify(new com.nimbusds.jose.crypto.RSASSAVerifier(
                        keys.getKeyByKeyId(idToken.getHeader().getKeyID()).toRSAKey())),
                "signed with a published key");

        SignedJWT access = SignedJWT.parse((String) tokens.get("access_token"));
        assertEquals("User.Read", access.getJWTClaimsSet().getStringClaim("scp"));

        HttpResponse<String> again =
                token("organizations", codeGrant(code, REDIRECT, verifier, CHATOPS, CHATOPS_SECRET));
        assertMicrosoftError(again, "invalid_grant", 54005);
    }

    @Test
    void theTokenEndpointRefusesWhatMicrosoftRefuses() throws Exception {
        String verifier = UUID.randomUUID() + "." + UUID.randomUUID();
        String code = query(signInAndConsent(
                        "organizations",
                        "lee@contoso.example",
                        "openid offline_access User.Read",
                        verifier,
                        "n",
                        "query"))
                .get("code");
        assertMicrosoftError(
                token("organizations", codeGrant(code, REDIRECT + "/other", verifier, CHATOPS, CHATOPS_SECRET)),
                "invalid_grant",
                50011);
        // A code is its client's: another app's credentials get a plain invalid grant (700005 means another tenant).
        String forChatOps = query(signInAndConsent(
                        "organizations", null, "openid offline_access User.Read", verifier, "n", "query"))
                .get("code");
        assertMicrosoftError(
                token("organizations", codeGrant(forChatOps, REDIRECT, verifier, TODO, TODO_SECRET)),
                "invalid_grant",
                70000);
        // A code bound to a challenge needs the verifier: the missing parameter is named (900144).
        String noVerifier = query(signInAndConsent(
                        "organizations", null, "openid offline_access User.Read", verifier, "n", "query"))
                .get("code");
        assertMicrosoftError(
                token(
                        "organizations",
                        Map.of(
                                "grant_type",
                                "authorization_code",
                                "code",
                                noVerifier,
                                "redirect_uri",
                                REDIRECT,
                                "client_id",
                                CHATOPS,
                                "client_secret",
                                CHATOPS_SECRET)),
                "invalid_request",
                900144);
        HttpResponse<String> badSecret = token(
                "organizations",
                Map.of(
                        "grant_type",
                        "authorization_code",
                        "code",
                        "x",
                        "redirect_uri",
                        REDIRECT,
                        "client_id",
                        CHATOPS,
                        "client_secret",
                        "wrong"));
        assertEquals(401, badSecret.statusCode());
        assertMicrosoftError(badSecret, "invalid_client", 7000215);
        assertMicrosoftError(
                token(
                        "organizations",
                        Map.of(
                                "grant_type",
                                "authorization_code",
                                "code",
                                "x",
                                "client_id",
                                UUID.randomUUID().toString(),
                                "client_secret",
                                "x")),
                "unauthorized_client",
                700016);
        assertMicrosoftError(
                token(
                        "organizations",
                        Map.of("grant_type", "password", "client_id", CHATOPS, "client_secret", CHATOPS_SECRET)),
                "unsupported_grant_type",
                70003);
        String expiring = query(signInAndConsent(
                        "organizations", null, "openid offline_access User.Read", verifier, "n", "query"))
                .get("code");
        HttpResponse<String> expired = http.send(
                HttpRequest.newBuilder(URI.create(browser.origin() + "/sandbox/control/codes/expire"))
                        .header("X-Sandbox-Control", "1")
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("code=" + enc(expiring)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(expired.body().contains("\"expired\":true"), expired.body());
        assertMicrosoftError(
                token("organizations", codeGrant(expiring, REDIRECT, verifier, CHATOPS, CHATOPS_SECRET)),
                "invalid_grant",
                70008);
        assertMicrosoftError(
                token(
                        "organizations",
                        Map.of(
                                "grant_type",
                                "authorization_code",
                                "code",
                                "never-issued",
                                "redirect_uri",
                                REDIRECT,
                                "client_id",
                                CHATOPS,
                                "client_secret",
                                CHATOPS_SECRET)),
                "invalid_grant",
                9002313);
    }

    @Test
    void refreshTokensRotateAndAnOldOneIsRefused() throws Exception {
        String verifier = UUID.randomUUID() + "~" + UUID.randomUUID();
        String code = query(signInAndConsent(
                        "organizations",
                        "lee@contoso.example",
                        "openid offline_access User.Read",
                        verifier,
                        "n",
                        "query"))
                .get("code");
        Map<String, Object> first =
                json(token("organizations", codeGrant(code, REDIRECT, verifier, CHATOPS, CHATOPS_SECRET)));
        String refresh = (String) first.get("refresh_token");
        HttpResponse<String> refreshed = token(
                CONTOSO,
                Map.of(
                        "grant_type",
                        "refresh_token",
                        "refresh_token",
                        refresh,
                        "client_id",
                        CHATOPS,
                        "client_secret",
                        CHATOPS_SECRET,
                        "scope",
                        "User.Read offline_access"));
        assertEquals(200, refreshed.statusCode(), refreshed.body());
        String rotated = (String) json(refreshed).get("refresh_token");
        assertNotNull(rotated);
        assertNotEquals(refresh, rotated);
        assertMicrosoftError(
                token(
                        CONTOSO,
                        Map.of(
                                "grant_type",
                                "refresh_token",
                                "refresh_token",
                                refresh,
                                "client_id",
                                CHATOPS,
                                "client_secret",
                                CHATOPS_SECRET)),
                "invalid_grant",
                70000);
        assertMicrosoftError(
                token(
                        FABRIKAM,
                        Map.of(
                                "grant_type",
                                "refresh_token",
                                "refresh_token",
                                rotated,
                                "client_id",
                                CHATOPS,
                                "client_secret",
                                CHATOPS_SECRET)),
                "invalid_grant",
                700005);
    }

    @Test
    void clientCredentialsFailUntilAnAdminConsentsThenCarryTheApplicationPermissions() throws Exception {
        Map<String, String> appOnly = Map.of(
                "grant_type",
                "client_credentials",
                "client_id",
                CHATOPS,
                "client_secret",
                CHATOPS_SECRET,
                "scope",
                "https://graph.microsoft.com/.default");
        assertMicrosoftError(token(FABRIKAM, appOnly), "unauthorized_client", 700016);
        assertMicrosoftError(
                token(
                        FABRIKAM,
                        Map.of(
                                "grant_type",
                                "client_credentials",
                                "client_id",
                                CHATOPS,
                                "client_secret",
                                CHATOPS_SECRET,
                                "scope",
                                "User.Read")),
                "invalid_scope",
                1002012);

        // A Teams administrator cannot grant tenant-wide consent.
        Page refused = browser.open(login + "/" + FABRIKAM + "/v2.0/adminconsent?client_id=" + CHATOPS
                + "&redirect_uri=" + enc(REDIRECT) + "&state=s1&scope=" + enc("https://graph.microsoft.com/.default"));
        HtmlPage afterTeamsAdmin = submitSignIn((HtmlPage) refused, "teamsadmin@fabrikam.example");
        assertTrue(afterTeamsAdmin.asNormalizedText().contains("AADSTS90094"), afterTeamsAdmin.asNormalizedText());
        browser.signOut();

        HtmlPage signIn = (HtmlPage) browser.open(login + "/" + FABRIKAM + "/v2.0/adminconsent?client_id=" + CHATOPS
                + "&redirect_uri=" + enc(REDIRECT) + "&state=s2&scope=" + enc("https://graph.microsoft.com/.default"));
        HtmlPage consent = submitSignIn(signIn, "admin@fabrikam.example");
        assertTrue(
                consent.getElementById("application-permissions")
                        .asNormalizedText()
                        .contains("Chat.Create"),
                consent.asNormalizedText());
        assertTrue(
                consent.getElementById("delegated-permissions")
                        .asNormalizedText()
                        .contains("OnlineMeetings.ReadWrite"),
                consent.asNormalizedText());
        Page cancelled = press(consent, "cancel");
        Map<String, String> cancel = query(cancelled.getWebResponse().getResponseHeaderValue("Location"));
        assertEquals("access_denied", cancel.get("error"));
        assertEquals(
                "True", cancel.get("admin_consent"), "Microsoft's documented admin-consent error response carries it");
        assertTrue(cancel.get("error_description").startsWith("AADSTS65004:"), cancel.toString());
        assertEquals("cancel", cancel.get("error_subcode"));
        assertEquals("s2", cancel.get("state"));
        assertMicrosoftError(token(FABRIKAM, appOnly), "unauthorized_client", 700016);

        HtmlPage again = (HtmlPage) browser.open(login + "/" + FABRIKAM + "/v2.0/adminconsent?client_id=" + CHATOPS
                + "&redirect_uri=" + enc(REDIRECT) + "&state=s3&scope=" + enc("https://graph.microsoft.com/.default"));
        Page accepted = press(again, "accept");
        Map<String, String> done = query(accepted.getWebResponse().getResponseHeaderValue("Location"));
        assertEquals("True", done.get("admin_consent"));
        assertEquals(FABRIKAM, done.get("tenant"));
        assertEquals("s3", done.get("state"));

        HttpResponse<String> app = token(FABRIKAM, appOnly);
        assertEquals(200, app.statusCode(), app.body());
        SignedJWT token = SignedJWT.parse((String) json(app).get("access_token"));
        assertTrue(token.getJWTClaimsSet().getStringListClaim("roles").contains("Chat.Create"));
        assertEquals(FABRIKAM, token.getJWTClaimsSet().getStringClaim("tid"));
        // Contoso's admin consented to nothing: either the app has no service principal there yet (700016),
        // or one exists from a user's own consent and its app-only token carries no application permission.
        HttpResponse<String> contoso = token(CONTOSO, appOnly);
        if (contoso.statusCode() == 200) {
            assertEquals(
                    null,
                    SignedJWT.parse((String) json(contoso).get("access_token"))
                            .getJWTClaimsSet()
                            .getClaim("roles"));
        } else {
            assertMicrosoftError(contoso, "unauthorized_client", 700016);
        }
    }

    @Test
    void formPostModeAnswersWithASelfSubmittingForm() throws Exception {
        String verifier = UUID.randomUUID() + "_" + UUID.randomUUID();
        // Sign in once (query mode), then ask again in form_post mode: the answer is a form, not a redirect.
        browser.authorize("organizations", "lee@contoso.example", "openid User.Read", verifier, "n", "fp-1");
        HtmlPage form = (HtmlPage) browser.open(login + "/organizations/oauth2/v2.0/authorize?client_id=" + CHATOPS
                + "&response_type=code&redirect_uri=" + enc(REDIRECT) + "&scope=" + enc("openid User.Read")
                + "&state=fp-2&nonce=n&code_challenge=" + SandboxBrowser.s256(verifier)
                + "&code_challenge_method=S256&response_mode=form_post");
        assertEquals(200, form.getWebResponse().getStatusCode());
        assertEquals("no-referrer", form.getWebResponse().getResponseHeaderValue("Referrer-Policy"));
        org.htmlunit.html.HtmlForm post = form.getHtmlElementById("form-post");
        assertEquals("post", post.getMethodAttribute());
        assertEquals(REDIRECT, post.getActionAttribute());
        assertEquals("fp-2", post.getInputByName("state").getValue());
        String code = post.getInputByName("code").getValue();
        HttpResponse<String> redeemed =
                token("organizations", codeGrant(code, REDIRECT, verifier, CHATOPS, CHATOPS_SECRET));
        assertEquals(200, redeemed.statusCode(), redeemed.body());
    }

    @Test
    void adminConsentRefusesTheCommonTenantAndUnregisteredRedirects() throws Exception {
        HtmlPage common = (HtmlPage) browser.open(
                login + "/common/v2.0/adminconsent?client_id=" + CHATOPS + "&redirect_uri=" + enc(REDIRECT));
        assertTrue(common.asNormalizedText().contains("AADSTS90130"), common.asNormalizedText());
        HtmlPage redirect = (HtmlPage) browser.open(login + "/organizations/v2.0/adminconsent?client_id=" + CHATOPS
                + "&redirect_uri=" + enc("https://evil.example/callback"));
        assertTrue(redirect.asNormalizedText().contains("AADSTS50011"));
        assertEquals(400, redirect.getWebResponse().getStatusCode());
    }

    // --- Microsoft fidelity (docs/sandbox-fidelity.md) ---------------------------------------------------------

    /** v2-oauth2-auth-code-flow: prompt=none never shows a page; prompt=consent always shows the consent page. */
    @Test
    void promptNoneAnswersWithoutAPageAndPromptConsentAlwaysAsks() throws Exception {
        String verifier = UUID.randomUUID() + "-" + UUID.randomUUID();
        Page silent =
                browser.open(authorizeUrl(CHATOPS, "openid User.Read", verifier, "S256", "prompt=none&state=pn-1"));
        Map<String, String> loginRequired = query(location(silent));
        assertEquals("login_required", loginRequired.get("error"));
        assertTrue(loginRequired.get("error_description").startsWith("AADSTS50058:"), loginRequired.toString());
        assertEquals("pn-1", loginRequired.get("state"));

        browser.authorize("organizations", "lee@contoso.example", "openid User.Read", verifier, "n", "pn-2");
        Map<String, String> again = query(location(
                browser.open(authorizeUrl(CHATOPS, "openid User.Read", verifier, "S256", "prompt=none&state=pn-3"))));
        assertNotNull(again.get("code"), "signed in and consented: a code without a page");
        Map<String, String> consentRequired = query(location(
                browser.open(authorizeUrl(CHATOPS, "openid People.Read", verifier, "S256", "prompt=none&state=pn-4"))));
        assertEquals("consent_required", consentRequired.get("error"));
        assertTrue(consentRequired.get("error_description").startsWith("AADSTS65001:"), consentRequired.toString());

        HtmlPage asked = (HtmlPage)
                browser.open(authorizeUrl(CHATOPS, "openid User.Read", verifier, "S256", "prompt=consent&state=pn-5"));
        assertNotNull(
                asked.getElementById("delegated-permissions"),
                "consented before, asked again: " + asked.asNormalizedText());
        assertTrue(
                asked.getElementById("delegated-permissions").asNormalizedText().contains("User.Read"));
        assertNotNull(query(location(press(asked, "accept"))).get("code"));
    }

    /** v2-oauth2-auth-code-flow: response_mode=fragment puts the answer, errors included, in the fragment. */
    @Test
    void fragmentModeAnswersInTheFragment() throws Exception {
        String verifier = UUID.randomUUID() + "_" + UUID.randomUUID();
        browser.authorize("organizations", "lee@contoso.example", "openid User.Read", verifier, "n", "fr-1");
        String location = location(browser.open(
                authorizeUrl(CHATOPS, "openid User.Read", verifier, "S256", "response_mode=fragment&state=fr-2")));
        assertTrue(location.startsWith(REDIRECT + "#code="), location);
        Map<String, String> answer = fragment(location);
        assertEquals("fr-2", answer.get("state"));
        assertEquals(
                200,
                token("organizations", codeGrant(answer.get("code"), REDIRECT, verifier, CHATOPS, CHATOPS_SECRET))
                        .statusCode());
        String error = location(browser.open(
                authorizeUrl(CHATOPS, "openid Made.Up.Scope", verifier, "S256", "response_mode=fragment&state=fr-3")));
        assertTrue(error.startsWith(REDIRECT + "#error=invalid_scope"), error);
        assertEquals("fr-3", fragment(error).get("state"));
    }

    /** v2-oauth2-auth-code-flow: code_challenge_method S256 or plain; without a method the challenge is plain. */
    @Test
    void pkceAcceptsPlainAndAMissingMethodAsPlain() throws Exception {
        String verifier = UUID.randomUUID() + "." + UUID.randomUUID();
        browser.authorize("organizations", "lee@contoso.example", "openid User.Read", verifier, "n", "pk-1");
        for (String method : new String[] {"plain", null}) {
            String code = query(location(
                            browser.open(authorizeUrl(CHATOPS, "openid User.Read", verifier, method, "state=pk-2"))))
                    .get("code");
            assertNotNull(code, String.valueOf(method));
            HttpResponse<String> redeemed =
                    token("organizations", codeGrant(code, REDIRECT, verifier, CHATOPS, CHATOPS_SECRET));
            assertEquals(200, redeemed.statusCode(), method + ": " + redeemed.body());
            String other = query(location(
                            browser.open(authorizeUrl(CHATOPS, "openid User.Read", verifier, method, "state=pk-3"))))
                    .get("code");
            assertMicrosoftError(
                    token(
                            "organizations",
                            codeGrant(other, REDIRECT, SandboxBrowser.s256(verifier), CHATOPS, CHATOPS_SECRET)),
                    "invalid_grant",
                    501481);
        }
        Map<String, String> unknown = query(
                location(browser.open(authorizeUrl(CHATOPS, "openid User.Read", verifier, "S512", "state=pk-4"))));
        assertEquals("invalid_request", unknown.get("error"));
    }

    /**
     * permissions-consent-overview (dynamic consent): a Microsoft Graph permission the app registration does not list is
     * asked for and, once accepted, granted; a scope Graph does not publish is invalid_scope; an unknown resource too.
     */
    @Test
    void dynamicConsentAsksForUnlistedGraphPermissions() throws Exception {
        String verifier = UUID.randomUUID() + "~" + UUID.randomUUID();
        browser.authorize("organizations", "lee@contoso.example", "openid User.Read", verifier, "n", "dc-1");
        HtmlPage asked =
                (HtmlPage) browser.open(authorizeUrl(CHATOPS, "openid Tasks.Read", verifier, "S256", "state=dc-2"));
        assertNotNull(asked.getElementById("delegated-permissions"), asked.asNormalizedText());
        assertTrue(
                asked.getElementById("delegated-permissions").asNormalizedText().contains("Tasks.Read"));
        String code = query(location(press(asked, "accept"))).get("code");
        HttpResponse<String> redeemed = token(
                "organizations", codeGrant(code, REDIRECT, verifier, CHATOPS, CHATOPS_SECRET, "scope", "Tasks.Read"));
        assertEquals(200, redeemed.statusCode(), redeemed.body());
        assertTrue(List.of(((String) json(redeemed).get("scope")).split(" ")).contains("Tasks.Read"), redeemed.body());

        Map<String, String> made = query(
                location(browser.open(authorizeUrl(CHATOPS, "openid Made.Up.Scope", verifier, "S256", "state=dc-3"))));
        assertEquals("invalid_scope", made.get("error"));
        assertTrue(made.get("error_description").startsWith("AADSTS70011:"), made.toString());
        Map<String, String> resource = query(location(browser.open(
                authorizeUrl(CHATOPS, "openid https://contoso.example/api/read", verifier, "S256", "state=dc-4"))));
        assertEquals("invalid_resource", resource.get("error"));
        assertTrue(resource.get("error_description").startsWith("AADSTS500011:"), resource.toString());
    }

    /** access-token-claims-reference: wids only for an app registration whose groupMembershipClaims asks for directory roles. */
    @Test
    void widsOnlyForAnAppRegistrationThatAsksForDirectoryRoles() throws Exception {
        String verifier = UUID.randomUUID() + "-" + UUID.randomUUID();
        String chatOps = query(browser.authorize(
                        "organizations",
                        "megan.admin@contoso.example",
                        "openid profile User.Read",
                        verifier,
                        "n",
                        "w-1"))
                .get("code");
        SignedJWT withRoles = SignedJWT.parse(
                (String) json(token("organizations", codeGrant(chatOps, REDIRECT, verifier, CHATOPS, CHATOPS_SECRET)))
                        .get("id_token"));
        assertTrue(withRoles
                .getJWTClaimsSet()
                .getStringListClaim("wids")
                .contains("62e90394-69f5-4237-9190-012177145e10"));

        Page todoPage = browser.open(authorizeUrl(TODO, "openid profile User.Read", verifier, "S256", "state=w-2"));
        if (todoPage instanceof HtmlPage html && html.getElementById("delegated-permissions") != null) {
            todoPage = press(html, "accept");
        }
        String todo = query(location(todoPage)).get("code");
        HttpResponse<String> redeemed = token("organizations", codeGrant(todo, REDIRECT, verifier, TODO, TODO_SECRET));
        assertEquals(200, redeemed.statusCode(), redeemed.body());
        SignedJWT without = SignedJWT.parse((String) json(redeemed).get("id_token"));
        assertEquals("megan.admin@contoso.example", without.getJWTClaimsSet().getStringClaim("preferred_username"));
        assertEquals(null, without.getJWTClaimsSet().getClaim("wids"), "Microsoft's default registration: no wids");
    }

    /** SECURITY.md 23 (DNS rebinding): the control API refuses a request whose Host is not its own loopback name. */
    @Test
    void theControlApiRefusesAReboundHostName() throws Exception {
        String verifier = UUID.randomUUID() + "-" + UUID.randomUUID();
        String code = query(browser.authorize(
                        "organizations",
                        "lee@contoso.example",
                        "openid offline_access User.Read",
                        verifier,
                        "n",
                        "h-1"))
                .get("code");
        String refresh =
                (String) json(token("organizations", codeGrant(code, REDIRECT, verifier, CHATOPS, CHATOPS_SECRET)))
                        .get("refresh_token");
        int port = URI.create(browser.origin()).getPort();
        for (String path : new String[] {"/sandbox/control/reset", "/sandbox/graph-control/faults"}) {
            String status = raw("POST", path, "rebound.example:" + port, port);
            assertTrue(status.startsWith("HTTP/1.1 421"), path + ": " + status);
        }
        assertTrue(raw("GET", "/sandbox/graph-control/faults", "localhost.rebound.example:" + port, port)
                .startsWith("HTTP/1.1 421"));
        // Nothing was reset: the refresh token issued before still works.
        HttpResponse<String> refreshed = token(
                CONTOSO,
                Map.of(
                        "grant_type",
                        "refresh_token",
                        "refresh_token",
                        refresh,
                        "client_id",
                        CHATOPS,
                        "client_secret",
                        CHATOPS_SECRET,
                        "scope",
                        "User.Read offline_access"));
        assertEquals(200, refreshed.statusCode(), refreshed.body());
        assertTrue(raw("GET", "/sandbox/graph-control/faults", "127.0.0.1:" + port, port)
                .startsWith("HTTP/1.1 200"));
        assertTrue(raw("GET", "/sandbox/graph-control/faults", "localhost:" + port, port)
                .startsWith("HTTP/1.1 200"));
    }

    /** One raw HTTP/1.1 request with the control header and this Host; the status line of the answer. */
    private static String raw(String method, String path, String host, int port) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            String request = method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\nX-Sandbox-Control: 1\r\n"
                    + "Content-Length: 0\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            return answer.lines().findFirst().orElse("");
        }
    }

    private String authorizeUrl(String clientId, String scope, String verifier, String method, String extra)
            throws Exception {
        String challenge = method == null || method.equals("plain") ? verifier : SandboxBrowser.s256(verifier);
        return login + "/organizations/oauth2/v2.0/authorize?client_id=" + clientId
                + "&response_type=code&redirect_uri=" + enc(REDIRECT)
                + "&scope=" + enc(scope) + "&nonce=n&code_challenge=" + enc(challenge)
                + (method == null ? "" : "&code_challenge_method=" + method) + "&" + extra;
    }

    private static String location(Page page) {
        assertEquals(
                303,
                page.getWebResponse().getStatusCode(),
                page.getWebResponse().getContentAsString());
        return page.getWebResponse().getResponseHeaderValue("Location");
    }

    private static Map<String, String> fragment(String location) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : location.substring(location.indexOf('#') + 1).split("&")) {
            int eq = pair.indexOf('=');
            values.put(
                    URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return values;
    }

    /** The token request of an authorization-code grant, as a confidential client sends it, plus extra parameters. */
    private static Map<String, String> codeGrant(
            String code, String redirectUri, String verifier, String clientId, String secret, String... extra) {
        Map<String, String> form = new java.util.LinkedHashMap<>(Map.of(
                "grant_type", "authorization_code",
                "code", code,
                "redirect_uri", redirectUri,
                "code_verifier", verifier,
                "client_id", clientId,
                "client_secret", secret));
        for (int i = 0; i + 1 < extra.length; i += 2) {
            form.put(extra[i], extra[i + 1]);
        }
        return form;
    }

    // --- helpers --------------------------------------------------------------------------------------------

    private String signInAndConsent(
            String tenant, String username, String scope, String verifier, String nonce, String mode) throws Exception {
        return browser.authorize(tenant, username, scope, verifier, nonce, "state-1");
    }

    private HtmlPage submitSignIn(HtmlPage page, String username) throws Exception {
        Page next = browser.signIn(page, username);
        if (next instanceof HtmlPage html) {
            return html;
        }
        throw new AssertionError(
                "expected a page, got status " + next.getWebResponse().getStatusCode() + " to "
                        + next.getWebResponse().getResponseHeaderValue("Location"));
    }

    private Page press(HtmlPage page, String decision) throws Exception {
        return browser.press(page, decision);
    }

    private HttpResponse<String> token(String tenant, Map<String, String> form) throws Exception {
        StringBuilder body = new StringBuilder();
        form.forEach((k, v) -> body.append(body.length() == 0 ? "" : "&")
                .append(enc(k))
                .append('=')
                .append(enc(v)));
        return http.send(
                HttpRequest.newBuilder(URI.create(login + "/" + tenant + "/oauth2/v2.0/token"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, Object> json(HttpResponse<String> response) throws Exception {
        return JSONObjectUtils.parse(response.body());
    }

    private static void assertMicrosoftError(HttpResponse<String> response, String error, int code) throws Exception {
        Map<String, Object> body = json(response);
        assertEquals(error, body.get("error"), response.body());
        assertTrue(((String) body.get("error_description")).startsWith("AADSTS" + code + ":"), response.body());
        assertEquals(((Number) ((java.util.List<?>) body.get("error_codes")).get(0)).intValue(), code);
        assertNotNull(body.get("trace_id"));
        assertNotNull(body.get("correlation_id"));
        assertNotNull(body.get("timestamp"));
    }

    private static Map<String, String> query(String location) {
        return SandboxBrowser.query(location);
    }

    private static String enc(String value) {
        return SandboxBrowser.enc(value);
    }
}
