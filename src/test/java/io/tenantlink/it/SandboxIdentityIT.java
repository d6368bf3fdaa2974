package io.tenantlink.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;

import org.htmlunit.Page;
import org.htmlunit.WebClient;
import org.htmlunit.html.HtmlForm;
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

    @Deployment(testable = false)
    static WebArchive deployment() {
        return PortalDeployment.sharedPortal();
    }

    @ArquillianResource
    URL base;

    private String login;
    private SandboxBrowser browser;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

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
        assertEquals("https://login.microsoftonline.com/organizations/oauth2/v2.0/token", organizations.get("token_endpoint"));
        Map<String, Object> contoso = json(get(login + "/" + CONTOSO + "/v2.0/.well-known/openid-configuration"));
        assertEquals("https://login.microsoftonline.com/" + CONTOSO + "/v2.0", contoso.get("issuer"));
        Map<String, Object> byDomain = json(get(login + "/contoso.example/v2.0/.well-known/openid-configuration"));
        assertEquals(contoso.get("issuer"), byDomain.get("issuer"));

        HttpResponse<String> unknown = get(login + "/nosuchtenant.example/v2.0/.well-known/openid-configuration");
        assertEquals(400, unknown.statusCode());
        assertMicrosoftError(unknown, "invalid_request", 90002);

        JWKSet keys = JWKSet.parse(get(login + "/" + CONTOSO + "/discovery/v2.0/keys").body());
        assertFalse(keys.getKeys().isEmpty());
        assertNotNull(keys.getKeys().get(0).getKeyID());
        assertEquals("RS256", keys.getKeys().get(0).getAlgorithm().getName());
        assertFalse(keys.getKeys().get(0).isPrivate(), "only public keys are published");
    }

    @Test
    void authorizationCodeWithPkceSignsInConsentsAndRedeemsOnce() throws Exception {
        String verifier = UUID.randomUUID() + "-" + UUID.randomUUID();
        String nonce = UUID.randomUUID().toString();
        String location = signInAndConsent("organizations", "lee@contoso.example", "openid profile offline_access User.Read",
                verifier, nonce, "query");
        Map<String, String> answer = query(location);
        assertTrue(location.startsWith(REDIRECT + "?"), location);
        assertEquals("state-1", answer.get("state"));
        String code = answer.get("code");

        HttpResponse<String> wrongVerifier = token("organizations", Map.of("grant_type", "authorization_code", "code", code,
                "redirect_uri", REDIRECT, "code_verifier", verifier + "x", "client_id", CHATOPS, "client_secret", CHATOPS_SECRET));
        assertMicrosoftError(wrongVerifier, "invalid_grant", 501481);

        // The failed attempt spent the code, as Microsoft's single-use codes are.
        location = signInAndConsent("organizations", null, "openid profile offline_access User.Read", verifier, nonce, "query");
        code = query(location).get("code");
        HttpResponse<String> ok = token("organizations", Map.of("grant_type", "authorization_code", "code", code,
                "redirect_uri", REDIRECT, "code_verifier", verifier, "client_id", CHATOPS, "client_secret", CHATOPS_SECRET,
                "client_info", "1", "scope", "openid profile offline_access User.Read"));
        assertEquals(200, ok.statusCode(), ok.body());
        Map<String, Object> tokens = json(ok);
        assertEquals("Bearer", tokens.get("token_type"));
        assertTrue(((String) tokens.get("scope")).contains("https://graph.microsoft.com/User.Read"), tokens.toString());
        assertNotNull(tokens.get("refresh_token"));
        String clientInfo = new String(Base64.getUrlDecoder().decode((String) tokens.get("client_info")), StandardCharsets.UTF_8);
        assertTrue(clientInfo.contains("\"utid\":\"" + CONTOSO + "\""), clientInfo);

        SignedJWT idToken = SignedJWT.parse((String) tokens.get("id_token"));
        assertEquals("https://login.microsoftonline.com/" + CONTOSO + "/v2.0", idToken.getJWTClaimsSet().getIssuer());
        assertEquals(CHATOPS, idToken.getJWTClaimsSet().getAudience().get(0));
        assertEquals(nonce, idToken.getJWTClaimsSet().getStringClaim("nonce"));
        assertEquals(CONTOSO, idToken.getJWTClaimsSet().getStringClaim("tid"));
        assertEquals("lee@contoso.example", idToken.getJWTClaimsSet().getStringClaim("preferred_username"));
        assertEquals("2.0", idToken.getJWTClaimsSet().getStringClaim("ver"));
        assertEquals("RS256", idToken.getHeader().getAlgorithm().getName());
        JWKSet keys = JWKSet.parse(get(login + "/" + CONTOSO + "/discovery/v2.0/keys").body());
        assertTrue(idToken.verify(new com.nimbusds.jose.crypto.RSASSAVerifier(
                keys.getKeyByKeyId(idToken.getHeader().getKeyID()).toRSAKey())), "signed with a published key");

        SignedJWT access = SignedJWT.parse((String) tokens.get("access_token"));
        assertEquals("User.Read", access.getJWTClaimsSet().getStringClaim("scp"));

        HttpResponse<String> again = token("organizations", Map.of("grant_type", "authorization_code", "code", code,
                "redirect_uri", REDIRECT, "code_verifier", verifier, "client_id", CHATOPS, "client_secret", CHATOPS_SECRET));
        assertMicrosoftError(again, "invalid_grant", 54005);
    }

    @Test
    void theTokenEndpointRefusesWhatMicrosoftRefuses() throws Exception {
        String verifier = UUID.randomUUID() + "." + UUID.randomUUID();
        String code = query(signInAndConsent("organizations", "lee@contoso.example", "openid offline_access User.Read",
                verifier, "n", "query")).get("code");
        assertMicrosoftError(token("organizations", Map.of("grant_type", "authorization_code", "code", code,
                "redirect_uri", REDIRECT + "/other", "code_verifier", verifier, "client_id", CHATOPS, "client_secret", CHATOPS_SECRET)),
                "invalid_grant", 500117);
        HttpResponse<String> badSecret = token("organizations", Map.of("grant_type", "authorization_code", "code", "x",
                "redirect_uri", REDIRECT, "client_id", CHATOPS, "client_secret", "wrong"));
        assertEquals(401, badSecret.statusCode());
        assertMicrosoftError(badSecret, "invalid_client", 7000215);
        assertMicrosoftError(token("organizations", Map.of("grant_type", "authorization_code", "code", "x",
                "client_id", UUID.randomUUID().toString(), "client_secret", "x")), "unauthorized_client", 700016);
        assertMicrosoftError(token("organizations", Map.of("grant_type", "password", "client_id", CHATOPS,
                "client_secret", CHATOPS_SECRET)), "unsupported_grant_type", 70003);
        String expiring = query(signInAndConsent("organizations", null, "openid offline_access User.Read", verifier, "n", "query")).get("code");
        HttpResponse<String> expired = http.send(HttpRequest.newBuilder(URI.create(browser.origin() + "/sandbox/control/codes/expire"))
                .header("X-Sandbox-Control", "1").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("code=" + enc(expiring))).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(expired.body().contains("\"expired\":true"), expired.body());
        assertMicrosoftError(token("organizations", Map.of("grant_type", "authorization_code", "code", expiring,
                "redirect_uri", REDIRECT, "code_verifier", verifier, "client_id", CHATOPS, "client_secret", CHATOPS_SECRET)),
                "invalid_grant", 70008);
        assertMicrosoftError(token("organizations", Map.of("grant_type", "authorization_code", "code", "never-issued",
                "redirect_uri", REDIRECT, "client_id", CHATOPS, "client_secret", CHATOPS_SECRET)), "invalid_grant", 9002313);
    }

    @Test
    void refreshTokensRotateAndAnOldOneIsRefused() throws Exception {
        String verifier = UUID.randomUUID() + "~" + UUID.randomUUID();
        String code = query(signInAndConsent("organizations", "lee@contoso.example", "openid offline_access User.Read",
                verifier, "n", "query")).get("code");
        Map<String, Object> first = json(token("organizations", Map.of("grant_type", "authorization_code", "code", code,
                "redirect_uri", REDIRECT, "code_verifier", verifier, "client_id", CHATOPS, "client_secret", CHATOPS_SECRET)));
        String refresh = (String) first.get("refresh_token");
        HttpResponse<String> refreshed = token(CONTOSO, Map.of("grant_type", "refresh_token", "refresh_token", refresh,
                "client_id", CHATOPS, "client_secret", CHATOPS_SECRET, "scope", "User.Read offline_access"));
        assertEquals(200, refreshed.statusCode(), refreshed.body());
        String rotated = (String) json(refreshed).get("refresh_token");
        assertNotNull(rotated);
        assertNotEquals(refresh, rotated);
        assertMicrosoftError(token(CONTOSO, Map.of("grant_type", "refresh_token", "refresh_token", refresh,
                "client_id", CHATOPS, "client_secret", CHATOPS_SECRET)), "invalid_grant", 70000);
        assertMicrosoftError(token(FABRIKAM, Map.of("grant_type", "refresh_token", "refresh_token", rotated,
                "client_id", CHATOPS, "client_secret", CHATOPS_SECRET)), "invalid_grant", 700005);
    }

    @Test
    void clientCredentialsFailUntilAnAdminConsentsThenCarryTheApplicationPermissions() throws Exception {
        Map<String, String> appOnly = Map.of("grant_type", "client_credentials", "client_id", CHATOPS,
                "client_secret", CHATOPS_SECRET, "scope", "https://graph.microsoft.com/.default");
        assertMicrosoftError(token(FABRIKAM, appOnly), "unauthorized_client", 700016);
        assertMicrosoftError(token(FABRIKAM, Map.of("grant_type", "client_credentials", "client_id", CHATOPS,
                "client_secret", CHATOPS_SECRET, "scope", "User.Read")), "invalid_scope", 1002012);

        // A Teams administrator cannot grant tenant-wide consent.
        Page refused = browser.open(login + "/" + FABRIKAM + "/v2.0/adminconsent?client_id=" + CHATOPS
                + "&redirect_uri=" + enc(REDIRECT) + "&state=s1&scope=" + enc("https://graph.microsoft.com/.default"));
        HtmlPage afterTeamsAdmin = submitSignIn((HtmlPage) refused, "teamsadmin@fabrikam.example");
        assertTrue(afterTeamsAdmin.asNormalizedText().contains("AADSTS90094"), afterTeamsAdmin.asNormalizedText());
        browser.signOut();

        HtmlPage signIn = (HtmlPage) browser.open(login + "/" + FABRIKAM + "/v2.0/adminconsent?client_id=" + CHATOPS
                + "&redirect_uri=" + enc(REDIRECT) + "&state=s2&scope=" + enc("https://graph.microsoft.com/.default"));
        HtmlPage consent = submitSignIn(signIn, "admin@fabrikam.example");
        assertTrue(consent.getElementById("application-permissions").asNormalizedText().contains("Chat.Create"), consent.asNormalizedText());
        assertTrue(consent.getElementById("delegated-permissions").asNormalizedText().contains("OnlineMeetings.ReadWrite"), consent.asNormalizedText());
        Page cancelled = press(consent, "cancel");
        Map<String, String> cancel = query(cancelled.getWebResponse().getResponseHeaderValue("Location"));
        assertEquals("access_denied", cancel.get("error"));
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
            assertEquals(null, SignedJWT.parse((String) json(contoso).get("access_token")).getJWTClaimsSet().getClaim("roles"));
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
                + "&state=fp-2&nonce=n&code_challenge=" + SandboxBrowser.s256(verifier) + "&code_challenge_method=S256&response_mode=form_post");
        assertEquals(200, form.getWebResponse().getStatusCode());
        assertEquals("no-referrer", form.getWebResponse().getResponseHeaderValue("Referrer-Policy"));
        org.htmlunit.html.HtmlForm post = form.getHtmlElementById("form-post");
        assertEquals("post", post.getMethodAttribute());
        assertEquals(REDIRECT, post.getActionAttribute());
        assertEquals("fp-2", post.getInputByName("state").getValue());
        String code = post.getInputByName("code").getValue();
        HttpResponse<String> redeemed = token("organizations", Map.of("grant_type", "authorization_code", "code", code,
                "redirect_uri", REDIRECT, "code_verifier", verifier, "client_id", CHATOPS, "client_secret", CHATOPS_SECRET));
        assertEquals(200, redeemed.statusCode(), redeemed.body());
    }

    @Test
    void adminConsentRefusesTheCommonTenantAndUnregisteredRedirects() throws Exception {
        HtmlPage common = (HtmlPage) browser.open(login + "/common/v2.0/adminconsent?client_id=" + CHATOPS + "&redirect_uri=" + enc(REDIRECT));
        assertTrue(common.asNormalizedText().contains("AADSTS90009"));
        HtmlPage redirect = (HtmlPage) browser.open(login + "/organizations/v2.0/adminconsent?client_id=" + CHATOPS
                + "&redirect_uri=" + enc("https://evil.example/callback"));
        assertTrue(redirect.asNormalizedText().contains("AADSTS50011"));
        assertEquals(400, redirect.getWebResponse().getStatusCode());
    }

    // --- helpers --------------------------------------------------------------------------------------------

    private String signInAndConsent(String tenant, String username, String scope, String verifier, String nonce, String mode)
            throws Exception {
        return browser.authorize(tenant, username, scope, verifier, nonce, "state-1");
    }

    private HtmlPage submitSignIn(HtmlPage page, String username) throws Exception {
        Page next = browser.signIn(page, username);
        if (next instanceof HtmlPage html) {
            return html;
        }
        throw new AssertionError("expected a page, got status " + next.getWebResponse().getStatusCode() + " to "
                + next.getWebResponse().getResponseHeaderValue("Location"));
    }

    private Page press(HtmlPage page, String decision) throws Exception {
        return browser.press(page, decision);
    }

    private HttpResponse<String> token(String tenant, Map<String, String> form) throws Exception {
        StringBuilder body = new StringBuilder();
        form.forEach((k, v) -> body.append(body.length() == 0 ? "" : "&").append(enc(k)).append('=').append(enc(v)));
        return http.send(HttpRequest.newBuilder(URI.create(login + "/" + tenant + "/oauth2/v2.0/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
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
