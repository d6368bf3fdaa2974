package io.tenantlink.it;

import static io.tenantlink.it.ConnectIT.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import org.htmlunit.Page;
import org.htmlunit.html.HtmlPage;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What users and attackers hit at the portal's edges (issue 11): the page remembered for after sign-in, the
 * portal's error page for every error, the public host name, bad query and path parameters, control
 * characters and oversized forms, spreadsheet formulas in CSV exports, and forged Host headers.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class HardeningIT {

    /** Something only the portal's own layout has: a Payara default page does not. */
    private static final String PORTAL_LAYOUT = "class=\"site-footer\"";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return PortalDeployment.sharedPortal();
    }

    @ArquillianResource
    URL base;

    private final HttpClient http =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private Portal portal() {
        return new Portal(base);
    }

    private String local() {
        return "http://localhost:" + base.getPort();
    }

    private String loopback() {
        return "http://127.0.0.1:" + base.getPort();
    }

    // 1. The page remembered for after sign-in ------------------------------------------------------------

    @Test
    void onlyAPageAPersonOpenedIsWhereSignInReturns() {
        Portal portal = portal();
        portal.operator().close();
        try (Browser browser = portal.browser()) {
            Page icon = browser.openRaw("/favicon.ico");
            assertEquals(200, icon.getWebResponse().getStatusCode(), "the favicon is served");
            assertEquals("image/x-icon", icon.getWebResponse().getContentType());

            HtmlPage login = browser.open("/audit");
            assertTrue(
                    login.getUrl().getPath().endsWith("/login"), login.getUrl().toString());
            // What a browser asks for by itself afterwards must not replace the page the person opened.
            browserOwnRequests(browser);
            HtmlPage landed = browser.signIn(Portal.OPERATOR, Portal.OPERATOR_PASSWORD);
            assertEquals("/audit", landed.getUrl().getPath(), "back on the page that was opened");
            assertEquals(200, landed.getWebResponse().getStatusCode());
        }
        try (Browser browser = portal.browser()) {
            browserOwnRequests(browser);
            HtmlPage landed = browser.signIn(Portal.OPERATOR, Portal.OPERATOR_PASSWORD);
            assertEquals("/sites", landed.getUrl().getPath(), "no page was opened: the start page");
            assertEquals(200, landed.getWebResponse().getStatusCode(), landed.asNormalizedText());
        }
    }

    private static void browserOwnRequests(Browser browser) {
        browser.get(
                "/favicon.ico",
                Map.of(
                        "Accept",
                        "image/avif,image/webp,image/apng,*/*;q=0.8",
                        "Sec-Fetch-Dest",
                        "image",
                        "Sec-Fetch-Mode",
                        "no-cors"));
        browser.get(
                "/audit/verify",
                Map.of("Accept", "image/avif,image/webp,*/*", "Sec-Fetch-Dest", "image", "Sec-Fetch-Mode", "no-cors"));
        browser.get(
                "/sites/1/chat-tools/teams/1/grants/jobs/1/progress",
                Map.of("Accept", "application/json", "Sec-Fetch-Dest", "empty", "Sec-Fetch-Mode", "cors"));
        browser.get("/audit/export.csv", Map.of("Accept", "text/html,*/*"));
        browser.get("/assets/css/portal.css", Map.of("Accept", "text/css,*/*;q=0.1", "Sec-Fetch-Dest", "style"));
    }

    // 4. The portal's error page for every error ----------------------------------------------------------

    @Test
    void everyErrorIsThePortalsOwnPage() throws Exception {
        try (Browser operator = portal().operator()) {
            String cookie = cookie(operator);
            // Krazo's CSRF refusal (a form without its token).
            long sites = count("SELECT COUNT(*) FROM site WHERE 1 = ?", 1);
            HttpResponse<String> csrf =
                    send("POST", "/sites", cookie, "application/x-www-form-urlencoded", "name=NoToken");
            assertPortalError(csrf, 403, "Not allowed");
            assertEquals(sites, count("SELECT COUNT(*) FROM site WHERE 1 = ?", 1), "nothing created");
            // The container's own: a missing asset, a method an asset or a page does not take.
            assertPortalError(send("GET", "/assets/css/no-such.css", cookie, null, null), 404, "Not found");
            assertPortalError(send("GET", "/no/such/page", cookie, null, null), 404, "Not found");
            assertPortalError(send("DELETE", "/sites", cookie, null, null), 405, "Not allowed this way");
            HttpResponse<String> put = send("PUT", "/assets/css/portal.css", cookie, "text/css", "body{}");
            assertTrue(
                    put.statusCode() == 403 || put.statusCode() == 405 || put.statusCode() == 415,
                    "PUT on an asset: " + put.statusCode());
            HttpResponse<String> bare = send("PUT", "/assets/css/portal.css", cookie, null, null);
            assertTrue(bare.statusCode() == 403 || bare.statusCode() == 405, "PUT on an asset: " + bare.statusCode());
            assertPortalError(bare, bare.statusCode(), "Not allowed");
            assertPortalError(put, put.statusCode(), "Not");
            // A body of a kind the page does not take.
            Map.Entry<String, String> token = operator.csrfToken();
            HttpResponse<String> json = send(
                    "POST",
                    "/sites",
                    cookie,
                    "application/json",
                    "{\"name\":\"Json\"}",
                    "X-CSRF-TOKEN",
                    token.getValue());
            assertPortalError(json, 415, "Not a form the portal understands");
            assertEquals(sites, count("SELECT COUNT(*) FROM site WHERE 1 = ?", 1), "nothing created");
            // Signed out too.
            assertPortalError(send("GET", "/assets/nothing.png", null, null, null), 404, "Not found");
        }
    }

    // 5. The public host name ---------------------------------------------------------------------------

    @Test
    void anotherHostNameIsSentToThePublicUrlBeforeAnyFlowStarts() throws Exception {
        HttpResponse<String> page = http.send(
                HttpRequest.newBuilder(URI.create(loopback() + "/sites/12/chat-tools?x=1&y=%C3%A9"))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(page.statusCode() == 301 || page.statusCode() == 302, "redirected: " + page.statusCode());
        assertEquals(
                local() + "/sites/12/chat-tools?x=1&y=%C3%A9",
                page.headers().firstValue("Location").orElseThrow());
        assertTrue(page.headers().firstValue("Set-Cookie").isEmpty(), "no session on the wrong host");

        HttpResponse<String> login = http.send(
                HttpRequest.newBuilder(URI.create(loopback() + "/login")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(local() + "/login", login.headers().firstValue("Location").orElseThrow());

        // A form sent to the other host name: explained, nothing done (no sign-in, no audit record).
        Portal portal = portal();
        portal.operator().close();
        long audited = count(
                "SELECT COUNT(*) FROM audit_record WHERE action IN ('LOGIN_SUCCEEDED', 'LOGIN_FAILED') AND 1 = ?", 1);
        HttpResponse<String> post = http.send(
                HttpRequest.newBuilder(URI.create(loopback() + "/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "username=admin&password=" + Portal.OPERATOR_PASSWORD))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertPortalError(post, 421, "Open the portal at its own address");
        assertTrue(post.body().contains("href=\"" + local() + "/\""), "links to the public URL: " + post.body());
        assertEquals(
                audited,
                count(
                        "SELECT COUNT(*) FROM audit_record WHERE action IN ('LOGIN_SUCCEEDED', 'LOGIN_FAILED') AND 1 = ?",
                        1));

        // The Microsoft stand-in (its own origin in sandbox mode) and the health probes answer under any host.
        HttpResponse<String> sandbox = http.send(
                HttpRequest.newBuilder(URI.create(
                                loopback() + "/sandbox/login/organizations/v2.0/.well-known/openid-configuration"))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, sandbox.statusCode(), sandbox.body());
        HttpResponse<String> health = http.send(
                HttpRequest.newBuilder(URI.create(loopback() + "/health/ready"))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode(), health.body());

        // A person who typed the other address ends up signed in on the public one.
        try (Browser person = portal.browser()) {
            HtmlPage start = (HtmlPage) person.openUrl(loopback() + "/");
            assertEquals("localhost", start.getUrl().getHost());
            assertTrue(
                    start.getUrl().getPath().endsWith("/login"), start.getUrl().toString());
        }
    }

    // 11. Forged Host headers -----------------------------------------------------------------------------

    @Test
    void noLocationPointsAtAForgedHost() throws Exception {
        try (Browser operator = portal().operator()) {
            String cookie = cookie(operator);
            for (String host : List.of(
                    "evil.example", "evil.example:" + base.getPort(), "localhost:1", "LOCALHOST:" + base.getPort())) {
                for (String[] request : new String[][] {{"/", cookie}, {"/sites", null}, {"/", null}}) {
                    String answer = raw(host, request[0], request[1], "X-Forwarded-Host: evil.example\r\n");
                    String location = header(answer, "Location");
                    assertNotNull(location, host + " " + request[0] + ": " + answer);
                    assertTrue(location.startsWith(local() + "/"), host + " " + request[0] + " -> " + location);
                    assertFalse(location.toLowerCase().contains("evil"), location);
                }
            }
        }
    }

    // 9. Bad query and path parameters: 400 and the error page, per controller ---------------------------------

    @Test
    void siteController() {
        badRequest("/sites/abc");
        badRequest("/sites/99999999999999999999");
    }

    @Test
    void roleController() {
        badRequest("/sites/abc/roles");
        badRequest("/sites/" + site() + "/roles/abc/remove");
    }

    @Test
    void projectController() {
        badRequest("/sites/" + site() + "/projects/abc");
        badRequest("/sites/x1/projects/new");
    }

    @Test
    void communicationPreferencesController() {
        badRequest("/sites/" + site() + "/projects/abc/settings/incident-management");
    }

    @Test
    void chatToolsController() {
        long site = site();
        badRequest("/sites/abc/chat-tools");
        badRequest("/sites/" + site + "/chat-tools/teams/abc");
        badRequest("/sites/" + site + "/chat-tools/teams/1.5/disconnect");
    }

    @Test
    void featureAppsController() {
        long site = site();
        badRequest("/sites/" + site + "/chat-tools/teams/abc/features");
        badRequest("/sites/" + site + "/chat-tools/teams/abc/features/meetings/approve-users.ps1?users=x");
    }

    @Test
    void grantJobController() {
        long site = site();
        badRequest("/sites/" + site + "/chat-tools/teams/abc/grants");
        badRequest("/sites/" + site + "/chat-tools/teams/1/grants/jobs/abc");
        badRequest("/sites/" + site + "/chat-tools/teams/1/grants/jobs/abc/results.csv");
        badRequest("/sites/" + site + "/chat-tools/teams/1/grants/jobs/-/progress");
    }

    @Test
    void consentDoctorController() {
        badRequest("/sites/" + site() + "/chat-tools/teams/abc/consent");
    }

    @Test
    void accountController() {
        try (Browser operator = portal().operator()) {
            Map.Entry<String, String> csrf = operator.csrfToken();
            Page page =
                    operator.post("/accounts/abc/enabled", Map.of(csrf.getKey(), csrf.getValue(), "enabled", "false"));
            assertEquals(
                    400,
                    page.getWebResponse().getStatusCode(),
                    page.getWebResponse().getContentAsString());
            assertTrue(page.getWebResponse().getContentAsString().contains(PORTAL_LAYOUT));
        }
    }

    @Test
    void auditController() throws Exception {
        long unreadable;
        String reader = portal().account("auditreader");
        long own = site();
        portal().grant(own, reader, "AUDITOR", null);
        unreadable = site();
        try (Browser browser = portal().signedIn(reader)) {
            long exports = count("SELECT COUNT(*) FROM audit_record WHERE action = ?", "AUDIT_EXPORTED");
            for (String[] bad : new String[][] {
                {"/audit/export.csv?site=" + unreadable, "Choose one of the sites you can read."},
                {"/audit/export.csv?site=abc", "Choose one of the sites you can read."},
                {"/audit/export.csv?action=NO_SUCH_EVENT", "Choose one of the listed events."},
                {"/audit/export.csv?from=2024-13-45", "Dates are written as YYYY-MM-DD."},
                {"/audit/export.csv?to=yesterday", "Dates are written as YYYY-MM-DD."},
                {"/audit?site=" + unreadable, "Choose one of the sites you can read."},
                {"/audit?before=abc", "This page link is not valid"},
                {"/audit?after=0", "This page link is not valid"},
                {"/audit?outcome=MAYBE", "Choose one of the listed outcomes."},
                {"/audit/export.csv?tenant=contoso", "Choose one of the listed tenants."}
            }) {
                Page page = browser.openRaw(bad[0]);
                assertEquals(400, page.getWebResponse().getStatusCode(), bad[0]);
                assertTrue(page.getWebResponse().getContentType().startsWith("text/html"), bad[0]);
                assertNull(page.getWebResponse().getResponseHeaderValue("Content-Disposition"), bad[0]);
                HtmlPage html = (HtmlPage) page;
                assertTrue(html.asNormalizedText().contains(bad[1]), bad[0] + ": " + html.asNormalizedText());
                assertNotNull(
                        html.getFirstByXPath("//form[contains(@class,'filters')]"),
                        "the filter form is kept: " + bad[0]);
            }
            HtmlPage kept = (HtmlPage) browser.openRaw("/audit/export.csv?from=2024-13-45&action=SITE_CREATED");
            assertEquals(
                    "2024-13-45",
                    ((org.htmlunit.html.HtmlInput) kept.getElementById("from")).getValue(),
                    "what was entered stays");
            assertEquals(
                    exports,
                    count("SELECT COUNT(*) FROM audit_record WHERE action = ?", "AUDIT_EXPORTED"),
                    "nothing exported");
            assertEquals(
                    200,
                    browser.openRaw("/audit/export.csv?site=" + own)
                            .getWebResponse()
                            .getStatusCode());
        }
    }

    @Test
    void authApprovalAndCallbackControllers() throws Exception {
        try (Browser anyone = portal().browser()) {
            assertInputRefused(anyone.openRaw("/login?signedOut=%1B%5B2J"));
            assertInputRefused(anyone.openRaw("/approve/secret-token-%E2%80%AEabc"));
            assertInputRefused(anyone.openRaw("/microsoft/callback?state=%00&code=x"));
            assertInputRefused(anyone.openRaw("/microsoft/consent-callback?tenant=%C3%28"));
        }
        assertEquals(
                0,
                count("SELECT COUNT(*) FROM audit_record WHERE subject LIKE ?", "%secret-token%"),
                "an approval link's token never goes into the audit log");
        assertTrue(count("SELECT COUNT(*) FROM audit_record WHERE subject LIKE ?", "request GET /approve/%") > 0);
    }

    private void badRequest(String path) {
        try (Browser operator = portal().operator()) {
            Page page = operator.openRaw(path);
            assertEquals(
                    400,
                    page.getWebResponse().getStatusCode(),
                    path + ": " + page.getWebResponse().getContentAsString());
            assertTrue(page.getWebResponse().getContentType().startsWith("text/html"), path);
            String body = page.getWebResponse().getContentAsString();
            assertTrue(
                    body.contains(PORTAL_LAYOUT) && body.contains("That request could not be used"),
                    path + ": " + body);
        }
    }

    private long site() {
        return portal().site(Portal.unique("Hardening "));
    }

    // 10. Control characters, invalid UTF-8, oversized forms; NFC; CSV formulas
    // ------------------------------------------

    @Test
    void controlCharactersBidiOverridesAndInvalidUtf8AreRefusedAndNothingIsStored() throws Exception {
        try (Browser operator = portal().operator()) {
            Map.Entry<String, String> csrf = operator.csrfToken();
            String cookie = cookie(operator);
            long sites = count("SELECT COUNT(*) FROM site WHERE 1 = ?", 1);
            // Counted by the operator's own records: the shared portal's background work (jobs, deliveries of earlier
            // test classes) may record meanwhile.
            String operatorsRecords = "audit_record WHERE actor = 'portal:" + Portal.OPERATOR + "' AND ";
            String byOperator = "SELECT COUNT(*) FROM " + operatorsRecords;
            long audit = count(byOperator + "action <> ?", "ACCESS_REFUSED");
            long refusals = count(byOperator + "action = ?", "ACCESS_REFUSED");
            long since = count("SELECT COALESCE(MAX(seq), 0) FROM audit_record WHERE 1 = ?", 1);
            for (String evil : List.of(
                    "Acme\u0000Null",
                    "Acme\u001b[31mRed",
                    "Acme\u0007Bell",
                    "Invoice\u202Egnp.exe",
                    "Acme\u0085Next",
                    "Acme\u2066Isolate",
                    "Acme\r\nInjected: yes",
                    "Acme\tTab")) {
                HttpResponse<String> refused = send(
                        "POST",
                        "/sites",
                        cookie,
                        "application/x-www-form-urlencoded",
                        enc(csrf.getKey()) + "=" + enc(csrf.getValue()) + "&name=" + enc(evil));
                assertPortalError(refused, 400, "Characters the portal does not accept");
                String body = refused.body();
                assertFalse(body.contains("Acme") || body.contains("gnp.exe"), "the value is not echoed: " + body);
            }
            // Invalid UTF-8 (an overlong and a truncated sequence), in the body and in the query.
            for (String bytes : List.of("Acme%C0%AE", "Acme%C3%28", "Acme%E2%82")) {
                HttpResponse<String> answer = send(
                        "POST",
                        "/sites",
                        cookie,
                        "application/x-www-form-urlencoded",
                        enc(csrf.getKey()) + "=" + enc(csrf.getValue()) + "&name=" + bytes);
                assertPortalError(answer, 400, "Characters the portal does not accept");
            }
            assertPortalError(
                    send("GET", "/audit?action=%FF", cookie, null, null), 400, "Characters the portal does not accept");
            // A 10 MB field: refused unread, not echoed.
            String huge = "A".repeat(10 * 1024 * 1024);
            HttpResponse<String> big = send(
                    "POST",
                    "/sites",
                    cookie,
                    "application/x-www-form-urlencoded",
                    enc(csrf.getKey()) + "=" + enc(csrf.getValue()) + "&name=" + huge);
            assertPortalError(big, 400, "Too much text");
            assertTrue(big.body().length() < 50_000 && !big.body().contains("AAAAAAAAAAAAAAAA"), "not echoed");

            assertEquals(sites, count("SELECT COUNT(*) FROM site WHERE 1 = ?", 1), "no site stored");
            assertEquals(audit, count(byOperator + "action <> ?", "ACCESS_REFUSED"), "nothing else recorded");
            // Each refusal is audited, without the value.
            try (Connection db = TestDatabase.connect();
                    PreparedStatement q = db.prepareStatement("SELECT subject, detail FROM " + operatorsRecords
                            + "action = 'ACCESS_REFUSED' AND seq > ?")) {
                q.setLong(1, since);
                try (ResultSet rs = q.executeQuery()) {
                    int rows = 0;
                    while (rs.next()) {
                        rows++;
                        String row = rs.getString(1) + " " + rs.getString(2);
                        assertTrue(row.contains("input refused:"), row);
                        assertFalse(row.contains("Acme") || row.contains("gnp") || row.contains("AAAA"), row);
                    }
                    assertEquals(13, rows);
                }
            }
            assertEquals(refusals + 13, count(byOperator + "action = ?", "ACCESS_REFUSED"));
            // Still usable afterwards.
            assertEquals(200, operator.open("/sites").getWebResponse().getStatusCode());
        }
    }

    @Test
    void textIsStoredInNfcAndCsvExportsNeutraliseFormulas() throws Exception {
        String suffix = Portal.unique("");
        long cafe = portal().site("Cafe\u0301 " + suffix);
        assertEquals(
                "Caf\u00e9 " + suffix, string("SELECT name FROM site WHERE id = ?", cafe), "stored composed (NFC)");
        long formula = portal().site("=HYPERLINK(\"http://evil.example\";\"x\") " + suffix);
        long plus = portal().site("+1+2 " + suffix);
        long at = portal().site("@SUM(1) " + suffix);
        try (Browser operator = portal().operator()) {
            for (long site : new long[] {formula, plus, at}) {
                Page csv = operator.openRaw("/audit/export.csv?site=" + site);
                assertEquals(200, csv.getWebResponse().getStatusCode());
                String text = csv.getWebResponse().getContentAsString();
                String name = string("SELECT name FROM site WHERE id = ?", site);
                assertTrue(
                        text.contains(",'" + name.replace("\"", "\"\"") + ",")
                                || text.contains(",\"'" + name.replace("\"", "\"\"") + "\","),
                        "the site cell starts with an apostrophe: " + text);
                for (String line : text.split("\r\n")) {
                    for (String cell : line.split(",")) {
                        String c = cell.startsWith("\"") ? cell.substring(1) : cell;
                        assertFalse(!c.isEmpty() && "=+@".indexOf(c.charAt(0)) >= 0, "a formula cell: " + line);
                    }
                }
            }
        }
    }

    // Helpers ---------------------------------------------------------------------------------------------------

    private static void assertInputRefused(Page page) {
        assertEquals(
                400,
                page.getWebResponse().getStatusCode(),
                page.getWebResponse().getContentAsString());
        String body = page.getWebResponse().getContentAsString();
        assertTrue(body.contains(PORTAL_LAYOUT) && body.contains("Characters the portal does not accept"), body);
    }

    private static void assertPortalError(HttpResponse<String> answer, int status, String title) {
        assertEquals(status, answer.statusCode(), answer.body());
        assertTrue(
                answer.headers().firstValue("Content-Type").orElse("").startsWith("text/html"),
                answer.headers().toString());
        assertTrue(answer.body().contains(PORTAL_LAYOUT), "the portal's error page: " + answer.body());
        assertFalse(
                answer.body().contains("Payara")
                        || answer.body().contains("GlassFish")
                        || answer.body().contains("HTTP Status"),
                answer.body());
        if (title != null) {
            assertTrue(answer.body().contains(title), title + " in " + answer.body());
        }
    }

    /**
     * The session's cookies as a browser sends them: the session id and, where Payara sets it for a distributable
     * application, the session's version (JSESSIONIDVERSION), which {@link #send} keeps up to date from the answers
     * as a browser does; a request with an outdated version is answered from no session (sign in again).
     */
    private String cookie(Browser browser) {
        String session = browser.sessionCookie().getName() + "="
                + browser.sessionCookie().getValue();
        String version = browser.cookie(SESSION_VERSION);
        if (version != null) {
            sessionVersions.put(session, version);
        }
        return session;
    }

    private static final String SESSION_VERSION = "JSESSIONIDVERSION";

    private String withVersion(String cookie) {
        String version = sessionVersions.get(cookie);
        return version == null ? cookie : cookie + "; " + version;
    }

    /** The latest session version each session cookie was given ("JSESSIONIDVERSION=…"). */
    private final java.util.Map<String, String> sessionVersions = new java.util.concurrent.ConcurrentHashMap<>();

    private HttpResponse<String> send(
            String method, String path, String cookie, String type, String body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(local() + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Accept", "text/html");
        if (cookie != null) {
            request.header("Cookie", withVersion(cookie));
        }
        if (type != null) {
            request.header("Content-Type", type);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (cookie != null) {
            answer.headers().allValues("Set-Cookie").stream()
                    .filter(c -> c.startsWith(SESSION_VERSION + "="))
                    .map(c -> c.split(";", 2)[0])
                    .forEach(version -> sessionVersions.put(cookie, version));
        }
        return answer;
    }

    /** A GET written by hand, with a Host header of the caller's choosing (java.net.http does not allow one). */
    private String raw(String host, String path, String cookie, String extraHeaders) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", base.getPort())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAccept: text/html\r\nConnection: close\r\n"
                            + (cookie == null ? "" : "Cookie: " + withVersion(cookie) + "\r\n") + extraHeaders + "\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            in.transferTo(answer);
            String text = answer.toString(StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            return end < 0 ? text : text.substring(0, end);
        }
    }

    private static String header(String head, String name) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                return line.substring(colon + 1).strip();
            }
        }
        return null;
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String string(String sql, long id) throws Exception {
        try (Connection db = TestDatabase.connect();
                PreparedStatement q = db.prepareStatement(sql)) {
            q.setLong(1, id);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
