package io.tenantlink.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.htmlunit.Page;
import org.htmlunit.WebClient;
import org.htmlunit.html.HtmlButton;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;

/**
 * What SandboxGraphIT needs to meet the Graph stand-in as a client does: tokens from the sandbox's
 * identity platform (admin consent and sign-in in a browser, then the token endpoint) for any app
 * of the directory, and HTTP calls to Graph, where https://graph.microsoft.com/v1.0 links (as
 * @odata.nextLink gives them) are routed to the sandbox as the portal's transport routes them.
 */
final class GraphSandboxClient implements AutoCloseable {

    static final String CONTOSO = SandboxBrowser.CONTOSO;
    static final String FABRIKAM = SandboxBrowser.FABRIKAM;
    static final String REDIRECT = SandboxBrowser.REDIRECT;
    static final String GRAPH = "https://graph.microsoft.com/v1.0";

    /** A registered app: client id and secret. */
    record App(String appId, String secret) {}

    static final App CHATOPS = new App(SandboxBrowser.CHATOPS, SandboxBrowser.CHATOPS_SECRET);
    static final App EMAIL = new App("e7185a25-9df9-4d05-b779-76b04bf46424", "sandbox-mail-secret");
    static final App TODO = new App("32d752a1-8945-4600-97c9-73ed32c3627a", "sandbox-todo-secret");

    private final WebClient browser = new WebClient();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String origin;

    GraphSandboxClient(URL base) {
        origin = "http://127.0.0.1:" + base.getPort();
        browser.getOptions().setJavaScriptEnabled(false);
        browser.getOptions().setCssEnabled(false);
        browser.getOptions().setThrowExceptionOnFailingStatusCode(false);
        browser.getOptions().setRedirectEnabled(false);
    }

    String graphBase() {
        return origin + "/sandbox/graph/v1.0";
    }

    private String login() {
        return origin + "/sandbox/login";
    }

    // --- tokens --------------------------------------------------------------------------------------------

    /** An administrator of the tenant consents to everything the app registered (".default"). */
    void adminConsent(String tenant, App app, String adminUpn) throws Exception {
        browser.getCookieManager().clearCookies();
        Page page = browser.getPage(
                login() + "/" + tenant + "/v2.0/adminconsent?client_id=" + app.appId() + "&redirect_uri="
                        + enc(REDIRECT) + "&state=graph-it&scope=" + enc("https://graph.microsoft.com/.default"));
        if (page instanceof HtmlPage html && hasSignInForm(html)) {
            page = signIn(html, adminUpn);
        }
        assertTrue(
                page instanceof HtmlPage html && html.getElementById("application-permissions") != null
                        || page instanceof HtmlPage h2 && h2.getElementById("delegated-permissions") != null,
                "the admin-consent page: " + page.getWebResponse().getContentAsString());
        Page done = press((HtmlPage) page, "accept");
        assertEquals(
                303,
                done.getWebResponse().getStatusCode(),
                done.getWebResponse().getContentAsString());
        assertEquals(
                "True",
                query(done.getWebResponse().getResponseHeaderValue("Location")).get("admin_consent"));
    }

    /** The result of the browser part of the authorization-code flow. */
    record Authorization(String code, boolean prompted) {}

    /** A user signs in to the app for these scopes; a consent prompt, if shown, is accepted. */
    Authorization authorize(String tenant, App app, String userUpn, String scope, String verifier) throws Exception {
        browser.getCookieManager().clearCookies();
        Page page = browser.getPage(login() + "/" + tenant + "/oauth2/v2.0/authorize?client_id=" + app.appId()
                + "&response_type=code&redirect_uri=" + enc(REDIRECT) + "&scope=" + enc(scope) + "&state=s&nonce=n"
                + "&code_challenge=" + s256(verifier) + "&code_challenge_method=S256&response_mode=query");
        if (page instanceof HtmlPage html && hasSignInForm(html)) {
            page = signIn(html, userUpn);
        }
        boolean prompted = false;
        if (page instanceof HtmlPage html && html.getElementById("delegated-permissions") != null) {
            prompted = true;
            page = press(html, "accept");
        }
        assertEquals(
                303,
                page.getWebResponse().getStatusCode(),
                page.getWebResponse().getContentAsString());
        String code =
                query(page.getWebResponse().getResponseHeaderValue("Location")).get("code");
        assertTrue(code != null, page.getWebResponse().getResponseHeaderValue("Location"));
        return new Authorization(code, prompted);
    }

    /** A delegated Graph access token (authorization code with PKCE, redeemed with the client secret). */
    String delegatedToken(String tenant, App app, String userUpn, String scope) throws Exception {
        String verifier = UUID.randomUUID() + "-" + UUID.randomUUID();
        Authorization authorization = authorize(tenant, app, userUpn, scope, verifier);
        HttpResponse<String> response = token(
                tenant,
                Map.of(
                        "grant_type",
                        "authorization_code",
                        "code",
                        authorization.code(),
                        "redirect_uri",
                        REDIRECT,
                        "code_verifier",
                        verifier,
                        "client_id",
                        app.appId(),
                        "client_secret",
                        app.secret(),
                        "scope",
                        scope));
        assertEquals(200, response.statusCode(), response.body());
        return (String) JSONObjectUtils.parse(response.body()).get("access_token");
    }

    /** An app-only Graph access token (client credentials, after consent in the tenant). */
    String appToken(String tenant, App app) throws Exception {
        HttpResponse<String> response = clientCredentials(tenant, app);
        assertEquals(200, response.statusCode(), response.body());
        return (String) JSONObjectUtils.parse(response.body()).get("access_token");
    }

    HttpResponse<String> clientCredentials(String tenant, App app) throws Exception {
        return token(
                tenant,
                Map.of(
                        "grant_type",
                        "client_credentials",
                        "client_id",
                        app.appId(),
                        "client_secret",
                        app.secret(),
                        "scope",
                        "https://graph.microsoft.com/.default"));
    }

    /** Whether the directory registers the app: with a wrong secret a registered app is 7000215, an unknown one 700016. */
    boolean registered(App app) throws Exception {
        HttpResponse<String> response = token(
                "organizations",
                Map.of(
                        "grant_type",
                        "client_credentials",
                        "client_id",
                        app.appId(),
                        "client_secret",
                        "certainly-not-the-secret",
                        "scope",
                        "https://graph.microsoft.com/.default"));
        return response.body().contains("AADSTS7000215");
    }

    HttpResponse<String> token(String tenant, Map<String, String> form) throws Exception {
        StringBuilder body = new StringBuilder();
        form.forEach((k, v) -> body.append(body.length() == 0 ? "" : "&")
                .append(enc(k))
                .append('=')
                .append(enc(v)));
        return http.send(
                HttpRequest.newBuilder(URI.create(login() + "/" + tenant + "/oauth2/v2.0/token"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    // --- Graph ---------------------------------------------------------------------------------------------

    /** A Graph call; {@code url} is relative to /v1.0 ("/users?$top=2") or a https://graph.microsoft.com/v1.0 link. */
    HttpResponse<String> graph(String method, String url, String token, String json) throws Exception {
        return graph(method, url, token, json, Map.of(), null);
    }

    HttpResponse<String> graph(
            String method, String url, String token, String json, Map<String, String> headers, Duration timeout)
            throws Exception {
        String target = url.startsWith(GRAPH) ? graphBase() + url.substring(GRAPH.length()) : graphBase() + url;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target))
                .method(
                        method,
                        json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        if (timeout != null) {
            request.timeout(timeout);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The Graph fault-injection control (loopback and X-Sandbox-Control: 1). */
    HttpResponse<String> faults(String method, String json, boolean withHeader) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(origin + "/sandbox/graph-control/faults"))
                .method(
                        method,
                        json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (withHeader) {
            request.header("X-Sandbox-Control", "1");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The Graph stand-in's control ({@code /sandbox/graph-control/...}), e.g. GET "requests". */
    HttpResponse<String> graphControl(String method, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(origin + "/sandbox/graph-control/" + path))
                        .method(method, HttpRequest.BodyPublishers.noBody())
                        .header("X-Sandbox-Control", "1")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The Graph stand-in's control with a JSON body, e.g. ("POST", "notifications/faults", "{\"loseNext\":1}"). */
    HttpResponse<String> graphControl(String method, String path, String json) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(origin + "/sandbox/graph-control/" + path))
                        .method(
                                method,
                                json == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(json))
                        .header("Content-Type", "application/json")
                        .header("X-Sandbox-Control", "1")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A POST to the identity platform's control ({@code /sandbox/control/...}), e.g. "reset". */
    HttpResponse<String> control(String path, boolean withHeader) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(origin + "/sandbox/control/" + path))
                .POST(HttpRequest.BodyPublishers.noBody());
        if (withHeader) {
            request.header("X-Sandbox-Control", "1");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Any request to the identity platform's control with the header, e.g. ("DELETE", "tenants/x/users/y", null). */
    HttpResponse<String> control(String method, String path, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(origin + "/sandbox/control/" + path))
                .method(
                        method,
                        json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                .header("X-Sandbox-Control", "1");
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    // --- browser helpers -----------------------------------------------------------------------------------

    private static boolean hasSignInForm(HtmlPage page) {
        return page.getForms().stream().anyMatch(f -> f.getActionAttribute().endsWith("/signin"));
    }

    private static Page signIn(HtmlPage page, String username) throws Exception {
        HtmlForm form = page.getForms().stream()
                .filter(f -> f.getActionAttribute().endsWith("/signin"))
                .findFirst()
                .orElseThrow();
        form.getInputByName("username").setValue(username);
        return ((HtmlButton) form.getFirstByXPath(".//button[@type='submit']")).click();
    }

    private static Page press(HtmlPage page, String decision) throws Exception {
        return ((HtmlButton) page.getFirstByXPath("//button[@name='decision' and @value='" + decision + "']")).click();
    }

    static Map<String, String> query(String location) {
        return SandboxBrowser.query(location);
    }

    static String enc(String value) {
        return SandboxBrowser.enc(value);
    }

    private static String s256(String verifier) throws Exception {
        return SandboxBrowser.s256(verifier);
    }

    @Override
    public void close() {
        browser.close();
    }
}
