package io.tenantlink.it;

import static io.tenantlink.it.ConnectIT.click;
import static io.tenantlink.it.ConnectIT.connect;
import static io.tenantlink.it.ConnectIT.connectionId;
import static io.tenantlink.it.ConnectIT.count;
import static io.tenantlink.it.ConnectIT.form;
import static io.tenantlink.it.ConnectIT.linkStatus;
import static io.tenantlink.it.ConnectIT.press;
import static io.tenantlink.it.ConnectIT.signInThroughLink;
import static io.tenantlink.it.ConnectIT.status;
import static io.tenantlink.it.ConnectIT.tokenCacheRows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
 * Requests racing for the same state change, sent at the same instant (threads released by one latch) against the
 * running portal: one succeeds, every other gets a clear answer and an audit record, never a 500, and no refresh
 * token is spent twice.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ConcurrencyIT {

    static final String FABRIKAM = ConnectIT.FABRIKAM;
    static final String NORTHWIND = ConnectIT.NORTHWIND;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return PortalDeployment.sharedPortal();
    }

    @ArquillianResource
    URL base;

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    /** Sends all requests at once; returns their responses in order. */
    private List<HttpResponse<String>> atOnce(List<HttpRequest> requests) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(requests.size());
        try {
            CountDownLatch ready = new CountDownLatch(requests.size());
            CountDownLatch go = new CountDownLatch(1);
            List<Future<HttpResponse<String>>> futures = new ArrayList<>();
            for (HttpRequest request : requests) {
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return http.send(request, HttpResponse.BodyHandlers.ofString());
                }));
            }
            assertTrue(ready.await(10, TimeUnit.SECONDS));
            go.countDown();
            List<HttpResponse<String>> responses = new ArrayList<>();
            for (Future<HttpResponse<String>> f : futures) {
                responses.add(f.get(60, TimeUnit.SECONDS));
            }
            return responses;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The session's cookies as the browser sends them: the session id and, where Payara sets it (a distributable
     * application deployed with availability: the tests' portal, a cluster), the session's version (JSESSIONIDVERSION).
     * Payara 6 answers a request that carries the session id without any version from no session.
     */
    static String cookie(Browser browser) {
        String session = "TENANTLINK_SESSION=" + browser.sessionCookie().getValue();
        String version = browser.cookie("JSESSIONIDVERSION");
        return version == null ? session : session + "; " + version;
    }

    /**
     * Give permission pressed twice at once (a double click, two tabs) after a tenant admin approved through a link:
     * both would redeem the signer's refresh token, which rotates, so the second redemption used to be refused and the
     * connection lost its sign-in. Now one request confirms; the other is told it is under way (or already done).
     */
    @Test
    void twoGivePermissionSubmitsAtOnceSpendTheRefreshTokenOnce() throws Exception {
        Portal portal = new Portal(base);
        long site = portal.site(Portal.unique("Race desk "));
        String admin = ConnectIT.siteAdmin(portal, site);
        try (Browser requester = portal.signedIn(admin);
                GraphSandboxClient sandbox = new GraphSandboxClient(base)) {
            HtmlPage waiting =
                    connect(requester, requester.open("/sites/" + site + "/chat-tools"), "teamsadmin@fabrikam.example");
            long connection = connectionId(site, FABRIKAM);
            String link = ((HtmlPage) click(form(waiting, "/links")))
                    .getElementById("approval-link")
                    .getAttribute("value");
            try (Browser tenantAdmin = new Browser(base)) {
                press(signInThroughLink(tenantAdmin, link, "admin@fabrikam.example"), "accept");
            }
            assertEquals("APPROVED", linkStatus(connection));
            Map.Entry<String, String> csrf = requester.csrfToken();
            String path = "/sites/" + site + "/chat-tools/teams/" + connection + "/give-permission";
            HttpRequest submit = HttpRequest.newBuilder(requester.url(path).toURI())
                    .header("Cookie", cookie(requester))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(URLEncoder.encode(csrf.getKey(), StandardCharsets.UTF_8)
                            + "=" + URLEncoder.encode(csrf.getValue(), StandardCharsets.UTF_8)))
                    .build();
            long refusalsBefore = refusals(site, connection);
            // Graph answers slowly, so both submits are inside the confirmation at the same time.
            assertEquals(
                    200,
                    sandbox.faults("POST", "{\"latencyMillis\": 1500}", true).statusCode());
            List<HttpResponse<String>> answers;
            try {
                answers = atOnce(List.of(submit, submit));
            } finally {
                sandbox.faults("DELETE", null, true);
            }
            for (HttpResponse<String> answer : answers) {
                assertEquals(303, answer.statusCode(), "a redirect back to a page, never a 500: " + answer.body());
            }
            assertEquals("ACTIVE", status(connection), "the connection did not lose its sign-in");
            assertEquals(1, tokenCacheRows(FABRIKAM), "the signer's tokens are still there");
            assertEquals(
                    1,
                    count(
                            "SELECT COUNT(*) FROM audit_record WHERE action = 'CONSENT_CONFIRMED' AND subject = ?",
                            "connection " + connection),
                    "confirmed once");
            assertEquals(refusalsBefore + 1, refusals(site, connection), "the other submit is refused and audited");
            assertEquals(
                    0,
                    count(
                            "SELECT COUNT(*) FROM audit_record WHERE action = 'CONNECTION_NEEDS_SIGN_IN' AND subject = ?",
                            "connection " + connection));
            String page = requester
                    .open("/sites/" + site + "/chat-tools/teams/" + connection)
                    .asNormalizedText();
            assertTrue(page.contains("Active") || page.contains("its consent was confirmed"), page);

            // Disconnect pressed twice at once: disconnected once, the other told so and audited.
            String form = URLEncoder.encode(csrf.getKey(), StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(csrf.getValue(), StandardCharsets.UTF_8);
            HttpRequest disconnect = HttpRequest.newBuilder(requester
                            .url("/sites/" + site + "/chat-tools/teams/" + connection + "/disconnect")
                            .toURI())
                    .header("Cookie", cookie(requester))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form))
                    .build();
            for (HttpResponse<String> answer : atOnce(List.of(disconnect, disconnect))) {
                assertEquals(303, answer.statusCode(), "never a 500: " + answer.body());
            }
            assertEquals("DISCONNECTED", status(connection));
            assertEquals(
                    1,
                    count(
                            "SELECT COUNT(*) FROM audit_record WHERE action = 'CONNECTION_DISCONNECTED' AND subject = ?",
                            "connection " + connection));
            assertEquals(
                    1,
                    count(
                            "SELECT COUNT(*) FROM audit_record WHERE action = 'ACCESS_REFUSED' AND outcome = 'REFUSED'"
                                    + " AND detail LIKE '%not disconnected again' AND subject = ?",
                            "connection " + connection));
        }
    }

    private static long refusals(long site, long connection) throws Exception {
        return count(
                "SELECT COUNT(*) FROM audit_record WHERE outcome = 'REFUSED' AND action IN ('CONSENT_NOT_CONFIRMED', 'CONSENT_REQUESTED')"
                        + " AND subject = ?",
                "connection " + connection);
    }

    /**
     * The same approval link approved in two tabs at once, one of whose callbacks is delivered twice: exactly one
     * answer counts; the others get a clear page (the state was used, or the link was answered meanwhile) and an
     * audit record; nothing fails with a 500.
     */
    @Test
    void approvalCallbacksForOneLinkDeliveredAtOnceCountOnce() throws Exception {
        Portal portal = new Portal(base);
        long site = portal.site(Portal.unique("Link race "));
        String admin = ConnectIT.siteAdmin(portal, site);
        try (Browser requester = portal.signedIn(admin);
                Browser tabA = new Browser(base);
                Browser tabB = new Browser(base)) {
            HtmlPage waiting =
                    connect(requester, requester.open("/sites/" + site + "/chat-tools"), "member@northwind.example");
            long connection = connectionId(site, NORTHWIND);
            String link = ((HtmlPage) click(form(waiting, "/links")))
                    .getElementById("approval-link")
                    .getAttribute("value");
            long linkId = count("SELECT MAX(id) FROM approval_link WHERE connection_id = ?", connection);
            String callbackA = consentCallback(tabA, link);
            String callbackB = consentCallback(tabB, link);
            long refusedBefore = count(
                    "SELECT COUNT(*) FROM audit_record WHERE outcome = 'REFUSED' AND action IN"
                            + " ('APPROVAL_LINK_REFUSED', 'CALLBACK_REFUSED') AND (subject = ? OR subject = 'sign-in callback')",
                    "link " + linkId);

            List<HttpResponse<String>> answers =
                    atOnce(List.of(get(callbackA, tabA), get(callbackA, tabA), get(callbackB, tabB)));
            int given = 0;
            for (HttpResponse<String> answer : answers) {
                assertTrue(answer.statusCode() < 500, "never a 500: " + answer.statusCode() + " " + answer.body());
                if (answer.statusCode() == 200 && answer.body().contains("The permission was given")) {
                    given++;
                } else {
                    assertTrue(
                            answer.statusCode() == 400 || answer.statusCode() == 409,
                            answer.statusCode() + " " + answer.body());
                    assertTrue(
                            answer.body().contains("already answered")
                                    || answer.body().contains("Nothing was changed"),
                            answer.body());
                }
            }
            assertEquals(1, given, "exactly one answer counts");
            assertEquals("APPROVED", linkStatus(connection));
            assertEquals(
                    1,
                    count(
                            "SELECT COUNT(*) FROM audit_record WHERE action = 'APPROVAL_LINK_APPROVED' AND detail LIKE ?",
                            "link " + linkId + " %"));
            long refusedAfter = count(
                    "SELECT COUNT(*) FROM audit_record WHERE outcome = 'REFUSED' AND action IN"
                            + " ('APPROVAL_LINK_REFUSED', 'CALLBACK_REFUSED') AND (subject = ? OR subject = 'sign-in callback')",
                    "link " + linkId);
            assertTrue(
                    refusedAfter >= refusedBefore + 2,
                    "both losers are audited: " + refusedBefore + " -> " + refusedAfter);
            assertEquals("PERMISSION_REQUIRED", status(connection), "the requester still confirms");
        }
    }

    /** Through the link as Northwind's Global Administrator up to Accept; the portal callback Microsoft redirects to. */
    private static String consentCallback(Browser tab, String link) throws Exception {
        return consentCallback(tab, link, "admin@northwind.example");
    }

    /** Through the link as {@code upn} up to Accept; the portal callback Microsoft redirects to. */
    static String consentCallback(Browser tab, String link, String upn) throws Exception {
        HtmlPage consent = signInThroughLink(tab, link, upn);
        tab.followRedirects(false);
        Page redirect = press(consent, "accept");
        tab.followRedirects(true);
        String location = redirect.getWebResponse().getResponseHeaderValue("Location");
        assertTrue(
                location != null
                        && location.contains("/microsoft/consent-callback")
                        && location.contains("admin_consent=True"),
                String.valueOf(location));
        return location;
    }

    private static HttpRequest get(String url, Browser tab) {
        URI uri = URI.create(url.replace("://127.0.0.1:", "://localhost:"));
        return HttpRequest.newBuilder(uri).header("Cookie", cookie(tab)).GET().build();
    }
}
