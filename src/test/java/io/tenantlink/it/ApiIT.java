package io.tenantlink.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.htmlunit.html.HtmlCheckBoxInput;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlInput;
import org.htmlunit.html.HtmlPage;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The service desk's JSON API over HTTP: tokens from the page, bearer authentication, problem JSON, site isolation. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ApiIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return PortalDeployment.sharedPortal();
    }

    @ArquillianResource
    URL base;

    private final HttpClient http = HttpClient.newHttpClient();

    private record Site(Portal portal, long id, long projectId, String key, String admin) {}

    private Site site(String prefix) {
        Portal portal = new Portal(base);
        long siteId = portal.site(Portal.unique("Api site"));
        String admin = portal.account("apiadmin");
        portal.grant(siteId, admin, "SITE_ADMIN", null);
        String key = prefix + Integer.toString(Math.abs(Portal.unique("").hashCode()) % 100000);
        long projectId;
        try (Browser browser = portal.signedIn(admin)) {
            projectId = portal.project(browser, siteId, "Desk " + key, key);
        }
        return new Site(portal, siteId, projectId, key, admin);
    }

    /** Creates a token on the page and reads it from the one answer that shows it. */
    private String token(Site site, String... scopes) {
        try (Browser admin = site.portal().signedIn(site.admin())) {
            HtmlPage page = admin.open("/sites/" + site.id() + "/api-tokens");
            HtmlForm form = page.getForms().stream()
                    .filter(f -> f.getActionAttribute().endsWith("/api-tokens"))
                    .findFirst()
                    .orElseThrow();
            form.getInputByName("name")
                    .setValue("desk-" + String.join("-", scopes).replace(':', '-'));
            for (String scope : scopes) {
                ((HtmlCheckBoxInput) page.getHtmlElementById("scope-" + scope.replace(':', '-'))).setChecked(true);
            }
            HtmlPage created = admin.submit(form);
            assertEquals(200, created.getWebResponse().getStatusCode(), created.asNormalizedText());
            assertEquals("no-store", created.getWebResponse().getResponseHeaderValue("Cache-Control"));
            String token = ((HtmlInput) created.getHtmlElementById("api-token")).getValue();
            assertTrue(token.startsWith("tlk_"), token);
            HtmlPage list = admin.open("/sites/" + site.id() + "/api-tokens");
            assertFalse(list.asXml().contains(token), "the list never shows the token again");
            // Where the pages are, and who made the token by name (not the internal actor id).
            Trail.Step[] toSite = trailToSite(site);
            Trail.assertTrail(list, "API tokens", toSite);
            Trail.assertTrail(
                    created,
                    "API token created",
                    toSite[0],
                    toSite[1],
                    Trail.step("API tokens", "/sites/" + site.id() + "/api-tokens"));
            String madeBy = list.querySelector("#tokens .token-created").asNormalizedText();
            assertTrue(madeBy.contains("Person " + site.admin()), madeBy);
            assertFalse(list.asNormalizedText().contains("portal:"), "no internal ids on the tokens page");
            return token;
        }
    }

    /** Sites › the site: where a site's pages' breadcrumbs start. */
    private static Trail.Step[] trailToSite(Site site) {
        try {
            String name = single("select name from site where id = " + site.id());
            return new Trail.Step[] {Trail.step("Sites", "/sites"), Trail.step(name, "/sites/" + site.id())};
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> call(String method, String path, String token, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + base.getPort() + path))
                .header("Accept", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (json != null) {
            request.header("Content-Type", "application/json");
            request.method(method, HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static void assertProblem(HttpResponse<String> response, int status) {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(
                response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"),
                response.headers().map().toString());
        String body = response.body();
        for (String member : List.of("\"type\"", "\"title\"", "\"status\":" + status, "\"detail\"", "\"instance\"")) {
            assertTrue(body.contains(member), member + " in " + body);
        }
    }

    @Test
    void aTokenFromThePageWorksPeopleAndIncidentsWithoutASession() throws Exception {
        Site site = site("API");
        String token = token(site, "incidents:write", "people:write");
        assertEquals(
                sha256(token),
                single("select token_hash from api_token where site_id = " + site.id()),
                "only the SHA-256 is stored");
        assertEquals(
                "1",
                single("select count(*) from audit_record where action = 'API_TOKEN_CREATED' and site_id = "
                        + site.id()));

        HttpResponse<String> person = call(
                "POST",
                "/api/v1/people",
                token,
                "{\"name\":\"Cleo Responder\",\"email\":\"Cleo@Example.com\",\"alternativeEmails\":[\"c.r@example.com\"],"
                        + "\"responder\":true,\"stakeholder\":true}");
        assertEquals(201, person.statusCode(), person.body());
        assertTrue(person.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        assertTrue(person.headers().firstValue("Set-Cookie").isEmpty(), "no session for the API");
        long personId = Long.parseLong(single("select id from person where site_id = " + site.id()));

        HttpResponse<String> people = call("GET", "/api/v1/people", token, null);
        assertEquals(200, people.statusCode());
        assertTrue(people.body().contains("\"email\":\"Cleo@Example.com\""), people.body());

        HttpResponse<String> created = call(
                "POST",
                "/api/v1/incidents",
                token,
                "{\"project\":\"" + site.key()
                        + "\",\"summary\":\"Checkout fails\",\"description\":\"500s\\nsince 9:00\","
                        + "\"priority\":\"P1\",\"assigneeId\":" + personId + ",\"responderIds\":[" + personId + "]}");
        assertEquals(201, created.statusCode(), created.body());
        assertTrue(created.body().contains("\"key\":\"" + site.key() + "-1\""), created.body());
        assertEquals(
                "/api/v1/incidents/" + site.key() + "-1",
                URI.create(created.headers().firstValue("Location").orElseThrow())
                        .getPath());

        HttpResponse<String> acknowledged =
                call("PATCH", "/api/v1/incidents/" + site.key() + "-1", token, "{\"status\":\"ACKNOWLEDGED\"}");
        assertEquals(200, acknowledged.statusCode(), acknowledged.body());
        assertTrue(acknowledged.body().contains("\"status\":\"ACKNOWLEDGED\""));
        assertTrue(acknowledged.body().contains("\"priority\":\"P1\""), "fields left out stay as they were");

        HttpResponse<String> note = call(
                "POST",
                "/api/v1/incidents/" + site.key() + "-1/notes",
                token,
                "{\"kind\":\"REPLY\",\"text\":\"We are on it.\"}");
        assertEquals(201, note.statusCode(), note.body());
        HttpResponse<String> timeline = call("GET", "/api/v1/incidents/" + site.key() + "-1/timeline", token, null);
        assertEquals(200, timeline.statusCode());
        assertTrue(timeline.body().contains("\"type\":\"CREATED\""), timeline.body());
        assertTrue(timeline.body().contains("\"type\":\"CHANGED\""), timeline.body());
        assertTrue(timeline.body().contains("\"text\":\"We are on it.\""), timeline.body());
        assertTrue(timeline.body().contains("api-token:desk-"), "the token is the actor: " + timeline.body());

        HttpResponse<String> list = call("GET", "/api/v1/incidents?status=ACKNOWLEDGED", token, null);
        assertTrue(list.body().contains("Checkout fails"), list.body());
        assertEquals(
                "[]",
                call("GET", "/api/v1/incidents?status=CLOSED", token, null).body());
        assertNotNull(single("select last_used_at from api_token where site_id = " + site.id()));

        // The page shows the incident the API made; the API never takes a page session in place of a token.
        try (Browser admin = site.portal().signedIn(site.admin())) {
            HtmlPage page = admin.open("/sites/" + site.id() + "/projects/" + site.projectId() + "/incidents/1");
            assertEquals("Acknowledged", page.getElementById("incident-status").getTextContent());
            var cookie = admin.sessionCookie();
            // Both cookies, as the browser sends them (with only the session cookie Payara finds no session anyway).
            String version = admin.cookie("JSESSIONIDVERSION");
            HttpResponse<String> withCookie = http.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + base.getPort() + "/api/v1/people"))
                            .header(
                                    "Cookie",
                                    cookie.getName() + "=" + cookie.getValue()
                                            + (version == null ? "" : "; " + version))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertProblem(withCookie, 401);
        }
    }

    @Test
    void missingUnknownExpiredAndRevokedTokensAnswer401() throws Exception {
        Site site = site("AUT");
        String token = token(site, "incidents:read");
        for (String bad : new String[] {null, "nonsense", "tlk_" + "A".repeat(43)}) {
            HttpResponse<String> refused = call("GET", "/api/v1/incidents", bad, null);
            assertProblem(refused, 401);
            assertTrue(
                    refused.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
            assertTrue(refused.headers().firstValue("Location").isEmpty(), "never sent to the login page");
        }
        assertEquals(200, call("GET", "/api/v1/incidents", token, null).statusCode());

        try (Connection c = TestDatabase.connect();
                PreparedStatement expire =
                        c.prepareStatement("update api_token set expires_at = ? where site_id = " + site.id())) {
            expire.setTimestamp(1, java.sql.Timestamp.valueOf("2020-01-01 00:00:00"));
            assertEquals(1, expire.executeUpdate());
        }
        assertProblem(call("GET", "/api/v1/incidents", token, null), 401);

        String second = token(site, "people:read");
        assertEquals(200, call("GET", "/api/v1/people", second, null).statusCode());
        long secondId = Long.parseLong(
                single("select id from api_token where site_id = " + site.id() + " and name = 'desk-people-read'"));
        try (Browser admin = site.portal().signedIn(site.admin())) {
            HtmlPage confirm = admin.open("/sites/" + site.id() + "/api-tokens/" + secondId + "/revoke");
            Trail.Step[] toSite = trailToSite(site);
            Trail.assertTrail(
                    confirm,
                    "Revoke",
                    toSite[0],
                    toSite[1],
                    Trail.step("API tokens", "/sites/" + site.id() + "/api-tokens"));
            HtmlPage revoked = admin.fill(confirm, "/api-tokens/" + secondId + "/revoke", Map.of());
            assertTrue(revoked.asNormalizedText().contains("was revoked"), revoked.asNormalizedText());
        }
        assertProblem(call("GET", "/api/v1/people", second, null), 401);
        assertEquals(
                "1",
                single("select count(*) from audit_record where action = 'API_TOKEN_REVOKED' and site_id = "
                        + site.id()));
        assertEquals(
                "2",
                single("select count(*) from audit_record where action = 'API_TOKEN_REFUSED' and site_id = "
                        + site.id()),
                "the expired and the revoked use");
    }

    @Test
    void anotherSitesIdsAnswer404AndAReadOnlyTokensWrites403() throws Exception {
        Site a = site("SA");
        Site b = site("SB");
        String tokenA = token(a, "incidents:read", "people:read");
        String tokenB = token(b, "incidents:write", "people:write");
        HttpResponse<String> personB = call(
                "POST", "/api/v1/people", tokenB, "{\"name\":\"Dana\",\"email\":\"dana@example.com\",\"agent\":true}");
        assertEquals(201, personB.statusCode(), personB.body());
        long danaId = Long.parseLong(single("select id from person where site_id = " + b.id()));
        assertEquals(
                201,
                call("POST", "/api/v1/incidents", tokenB, "{\"project\":\"" + b.key() + "\",\"summary\":\"B only\"}")
                        .statusCode());

        assertProblem(call("GET", "/api/v1/people/" + danaId, tokenA, null), 404);
        assertProblem(call("GET", "/api/v1/incidents/" + b.key() + "-1", tokenA, null), 404);
        assertProblem(call("GET", "/api/v1/incidents?project=" + b.key(), tokenA, null), 404);

        long refusedBefore = Long.parseLong(single(
                "select count(*) from audit_record where action = 'API_TOKEN_REFUSED'" + " and site_id = " + a.id()));
        assertProblem(
                call("POST", "/api/v1/incidents", tokenA, "{\"project\":\"" + a.key() + "\",\"summary\":\"x\"}"), 403);
        assertProblem(call("POST", "/api/v1/people", tokenA, "{\"name\":\"E\",\"email\":\"e@example.com\"}"), 403);
        assertEquals("0", single("select count(*) from incident where site_id = " + a.id()));
        assertEquals("0", single("select count(*) from person where site_id = " + a.id()));
        assertEquals(
                Long.toString(refusedBefore + 2),
                single("select count(*) from audit_record where action = 'API_TOKEN_REFUSED' and site_id = " + a.id()));

        // B's token names A's nothing either: a person of site B on an incident of site A is bad input.
        String tokenAWrite = token(a, "incidents:write");
        HttpResponse<String> foreign = call(
                "POST",
                "/api/v1/incidents",
                tokenAWrite,
                "{\"project\":\"" + a.key() + "\",\"summary\":\"x\",\"assigneeId\":" + danaId + "}");
        assertProblem(foreign, 400);
        assertEquals("0", single("select count(*) from incident where site_id = " + a.id()));
    }

    @Test
    void badInputAnswers400WithNothingWritten() throws Exception {
        Site site = site("BAD");
        String token = token(site, "incidents:write", "people:write");
        String incidents = "select count(*) from incident where site_id = " + site.id();
        String people = "select count(*) from person where site_id = " + site.id();

        assertProblem(call("POST", "/api/v1/people", token, "{\"name\":\"F\",\"email\":\"not-an-address\"}"), 400);
        assertProblem(call("POST", "/api/v1/people", token, "{\"name\":"), 400);
        assertProblem(call("POST", "/api/v1/people", token, "[1,2]"), 400);
        assertProblem(
                call("POST", "/api/v1/people", token, "{\"name\":\"G\\u0000\",\"email\":\"g@example.com\"}"), 400);
        assertProblem(call("POST", "/api/v1/people", token, null), 400);
        assertEquals("0", single(people));

        assertProblem(
                call("POST", "/api/v1/incidents", token, "{\"project\":\"" + site.key() + "\",\"summary\":\"\"}"), 400);
        assertProblem(
                call(
                        "POST",
                        "/api/v1/incidents",
                        token,
                        "{\"project\":\"" + site.key() + "\",\"summary\":\"s\",\"priority\":\"P9\"}"),
                400);
        assertProblem(call("POST", "/api/v1/incidents", token, "{\"project\":\"NOPE\",\"summary\":\"s\"}"), 400);
        HttpResponse<String> major = call(
                "POST",
                "/api/v1/incidents",
                token,
                "{\"project\":\"" + site.key() + "\",\"summary\":\"s\",\"major\":true}");
        assertProblem(major, 400);
        assertTrue(major.body().contains("Premium"), "the gate is named: " + major.body());
        assertEquals("0", single(incidents));

        assertEquals(
                201,
                call("POST", "/api/v1/incidents", token, "{\"project\":\"" + site.key() + "\",\"summary\":\"ok\"}")
                        .statusCode());
        String timeline = "select count(*) from incident_timeline t join incident i on i.id = t.incident_id"
                + " where i.site_id = " + site.id();
        String entries = single(timeline);
        HttpResponse<String> jump =
                call("PATCH", "/api/v1/incidents/" + site.key() + "-1", token, "{\"status\":\"CLOSED\"}");
        assertProblem(jump, 400);
        assertTrue(jump.body().contains("cannot go from OPEN to CLOSED"), jump.body());
        assertEquals("OPEN", single("select status from incident where site_id = " + site.id()));
        assertProblem(call("POST", "/api/v1/incidents/" + site.key() + "-1/notes", token, "{\"text\":\"  \"}"), 400);
        assertEquals(entries, single(timeline));

        HttpResponse<String> xml = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + base.getPort() + "/api/v1/people"))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/xml")
                        .POST(HttpRequest.BodyPublishers.ofString("<person/>"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertProblem(xml, 415);
        assertProblem(call("GET", "/api/v1/nothing-here", token, null), 404);
    }

    @Test
    void concurrentCreationsGetDistinctKeys() throws Exception {
        Site site = site("CON");
        String token = token(site, "incidents:write");
        int n = 8;
        List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> calls = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            calls.add(http.sendAsync(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + base.getPort() + "/api/v1/incidents"))
                            .header("Authorization", "Bearer " + token)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"project\":\"" + site.key() + "\",\"summary\":\"Burst " + i + "\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        java.util.Set<String> keys = new java.util.TreeSet<>();
        for (var call : calls) {
            HttpResponse<String> response = call.get();
            assertEquals(201, response.statusCode(), response.body());
            keys.add(URI.create(response.headers().firstValue("Location").orElseThrow())
                    .getPath());
        }
        assertEquals(n, keys.size(), "every incident its own key: " + keys);
        assertEquals(
                "1-" + n,
                single("select min(incident_number) from incident where site_id = " + site.id()) + "-"
                        + single("select max(incident_number) from incident where site_id = " + site.id()));
    }

    @Test
    void theOpenApiDocumentDescribesTheApiOnly() throws Exception {
        HttpResponse<String> document = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + base.getPort() + "/openapi"))
                        .header("Accept", "application/json")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, document.statusCode(), document.body());
        String body = document.body();
        assertTrue(body.contains("/api/v1/incidents"), body);
        assertTrue(body.contains("/api/v1/people"), body);
        assertFalse(body.contains("/sites/"), "no page controller in the API document");
        assertFalse(body.contains("errors/page"), "no error resource in the API document");
    }

    private static String sha256(String token) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
    }

    private static String single(String sql) throws Exception {
        try (Connection c = TestDatabase.connect();
                PreparedStatement statement = c.prepareStatement(sql);
                ResultSet rows = statement.executeQuery()) {
            assertTrue(rows.next(), sql);
            String value = rows.getString(1);
            assertFalse(rows.next(), "one row expected: " + sql);
            return value;
        }
    }
}
