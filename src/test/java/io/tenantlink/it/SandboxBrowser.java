package io.tenantlink.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.URL;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.htmlunit.Page;
import org.htmlunit.WebClient;
import org.htmlunit.html.HtmlButton;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;

/**
 * A person's browser at the Microsoft sandbox's sign-in pages (on 127.0.0.1, another site than the
 * portal). Redirects back to the app are not followed: the tests read where they lead.
 */
public final class SandboxBrowser implements AutoCloseable {

    public static final String CHATOPS = "7c2f0b3e-5a61-4f0e-9d8c-1b2a3c4d5e6f";
    public static final String CHATOPS_SECRET = "sandbox-chatops-secret";
    public static final String CONTOSO = "1c6b9f0a-2d3e-4f5a-8b7c-9d0e1f2a3b4c";
    public static final String FABRIKAM = "2d7c0a1b-3e4f-4a6b-9c8d-0e1f2a3b4c5d";
    /** "{portal}/microsoft/callback" with the portal's public URL, which follows the port it was started on. */
    public static final String REDIRECT = PortalDeployment.publicUrl() + "microsoft/callback";

    private final WebClient client = new WebClient();
    private final String origin;

    public SandboxBrowser(URL base) {
        if (base.getPort() != PortalDeployment.port()) {
            throw new IllegalStateException("The portal listens on " + base + ", not on the port it was given ("
                    + PortalDeployment.port() + "): its redirect URIs would not match");
        }
        origin = "http://127.0.0.1:" + base.getPort();
        client.getOptions().setJavaScriptEnabled(false);
        client.getOptions().setCssEnabled(false);
        client.getOptions().setThrowExceptionOnFailingStatusCode(false);
        client.getOptions().setRedirectEnabled(false);
    }

    public String origin() {
        return origin;
    }

    public String login() {
        return origin + "/sandbox/login";
    }

    public Page open(String url) throws Exception {
        return client.getPage(url);
    }

    public void signOut() {
        client.getCookieManager().clearCookies();
    }

    /** The browser part of the authorization-code flow; returns the redirect back to the app. */
    public String authorize(String tenant, String username, String scope, String verifier, String nonce, String state)
            throws Exception {
        String url = login() + "/" + tenant + "/oauth2/v2.0/authorize?client_id=" + CHATOPS + "&response_type=code"
                + "&redirect_uri=" + enc(REDIRECT) + "&scope=" + enc(scope) + "&state=" + enc(state) + "&nonce="
                + enc(nonce)
                + "&code_challenge=" + s256(verifier) + "&code_challenge_method=S256&response_mode=query";
        Page page = client.getPage(url);
        if (username != null
                && page instanceof HtmlPage html
                && html.getForms().stream().anyMatch(f -> f.getActionAttribute().endsWith("/signin"))) {
            page = signIn(html, username);
        }
        if (page instanceof HtmlPage html && html.getElementById("delegated-permissions") != null) {
            page = press(html, "accept");
        }
        assertEquals(
                303,
                page.getWebResponse().getStatusCode(),
                page.getWebResponse().getContentAsString());
        return page.getWebResponse().getResponseHeaderValue("Location");
    }

    /** Opens the admin-consent page for the ChatOps app (".default": all its permissions). */
    public Page adminConsent(String tenant, String state) throws Exception {
        return client.getPage(login() + "/" + tenant + "/v2.0/adminconsent?client_id=" + CHATOPS + "&redirect_uri="
                + enc(REDIRECT) + "&state=" + enc(state) + "&scope=" + enc("https://graph.microsoft.com/.default"));
    }

    /** The ChatOps app as the portal's msal4j client: Microsoft's authority, the transport routed here. */
    public com.microsoft.aad.msal4j.ConfidentialClientApplication chatOps(
            String tenant, com.microsoft.aad.msal4j.ITokenCacheAccessAspect cacheOrNull)
            throws java.net.MalformedURLException {
        var builder = com.microsoft.aad.msal4j.ConfidentialClientApplication.builder(
                        CHATOPS, com.microsoft.aad.msal4j.ClientCredentialFactory.createFromSecret(CHATOPS_SECRET))
                .authority("https://login.microsoftonline.com/" + tenant + "/")
                .httpClient(new io.tenantlink.microsoft.RoutedMsalHttpClient(
                        io.tenantlink.microsoft.TestRoutes.standIn(URI.create(origin)),
                        java.time.Duration.ofSeconds(5),
                        java.time.Duration.ofSeconds(10)));
        if (cacheOrNull != null) {
            builder.setTokenCacheAccessAspect(cacheOrNull);
        }
        return builder.build();
    }

    /** A tenant administrator approves the ChatOps app for the whole tenant; returns the redirect back to the app. */
    public Page consentAsAdmin(String tenant, String adminUpn) throws Exception {
        HtmlPage page = (HtmlPage) adminConsent(tenant, "st");
        Page consent =
                page.getForms().stream().anyMatch(f -> f.getActionAttribute().endsWith("/signin"))
                        ? signIn(page, adminUpn)
                        : page;
        return press((HtmlPage) consent, "accept");
    }

    /** Submits the sign-in form; the answer is the next page, or a redirect back to the app. */
    public Page signIn(HtmlPage page, String username) throws Exception {
        HtmlForm form = page.getForms().stream()
                .filter(f -> f.getActionAttribute().endsWith("/signin"))
                .findFirst()
                .orElseThrow();
        form.getInputByName("username").setValue(username);
        return ((HtmlButton) form.getFirstByXPath(".//button[@type='submit']")).click();
    }

    public Page press(HtmlPage page, String decision) throws Exception {
        return ((HtmlButton) page.getFirstByXPath("//button[@name='decision' and @value='" + decision + "']")).click();
    }

    public static Map<String, String> query(String location) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : URI.create(location).getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            values.put(
                    URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return values;
    }

    public static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    public static String s256(String verifier) throws Exception {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                        MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    }

    @Override
    public void close() {
        client.close();
    }
}
