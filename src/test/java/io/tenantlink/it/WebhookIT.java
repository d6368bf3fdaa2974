package io.tenantlink.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.htmlunit.html.HtmlElement;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlInput;
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
 * Webhooks to the service desk over real HTTP: a receiver on loopback that answers 500 to its first request and 200
 * after; events of an incident worked through the API arrive signed (checked here as the docs tell a receiver to),
 * the failed one again with the same idempotency key; the delivery log, Redeliver, a test event, an auditor who reads
 * but may not act, the API's feed of the same events, a bad URL, and removal.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class WebhookIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return PortalDeployment.sharedPortal();
    }

    @ArquillianResource
    URL base;

    record Received(String idempotencyKey, String event, String signature, String body, boolean answeredOk) {}

    private HttpServer receiver;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger(1);
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void startReceiver() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/desk/hooks", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            boolean fail = failuresLeft.getAndDecrement() > 0;
            received.add(new Received(
                    exchange.getRequestHeaders().getFirst("Idempotency-Key"),
                    exchange.getRequestHeaders().getFirst("TenantLink-Event"),
                    exchange.getRequestHeaders().getFirst("TenantLink-Signature"),
                    new String(body, StandardCharsets.UTF_8),
                    !fail));
            byte[] answer = (fail ? "desk is down" : "ok").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(fail ? 500 : 200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
    }

    @Test
    void eventsArriveSignedAtLeastOnceAndTheLogTellsWhatHappened() throws Exception {
        Portal portal = new Portal(base);
        String siteName = Portal.unique("Webhook site");
        long siteId = portal.site(siteName);
        String admin = portal.account("hookadm");
        portal.grant(siteId, admin, "SITE_ADMIN", null);
        String auditor = portal.account("hookaud");
        portal.grant(siteId, auditor, "AUDITOR", null);
        String key = "WH" + Math.abs(Portal.unique("").hashCode()) % 100000;
        String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/desk/hooks";
        String secret;
        long endpointId;
        try (Browser browser = portal.signedIn(admin)) {
            portal.project(browser, siteId, "Desk " + key, key);
            HtmlPage list =
                    browser.open("/sites/" + siteId).getAnchorByText("Webhooks").click();
            assertNotNull(list.getElementById("webhooks-empty"), list.asNormalizedText());
            Trail.Step[] toSite = {Trail.step("Sites", "/sites"), Trail.step(siteName, "/sites/" + siteId)};
            Trail.assertTrail(list, "Webhooks", toSite);

            // A plain-http address elsewhere is refused; nothing is added.
            HtmlPage refused = add(browser, list, "http://desk.example.com/hooks");
            assertEquals(400, refused.getWebResponse().getStatusCode());
            assertTrue(refused.asNormalizedText().contains("Use https://"), refused.asNormalizedText());
            assertNotNull(browser.open("/sites/" + siteId + "/webhooks").getElementById("webhooks-empty"));

            HtmlPage added = add(browser, list, url);
            assertEquals(200, added.getWebResponse().getStatusCode(), added.asNormalizedText());
            secret = ((HtmlInput) added.getHtmlElementById("webhook-secret")).getValue();
            assertTrue(secret.startsWith("whsec_") && secret.length() > 30, secret);
            HtmlPage listed = browser.open("/sites/" + siteId + "/webhooks");
            assertFalse(listed.asNormalizedText().contains(secret), "the secret is shown once");
            HtmlElement row = listed.getFirstByXPath("//table[@id='webhooks']//tr[@data-endpoint]");
            endpointId = Long.parseLong(row.getAttribute("data-endpoint"));
            // Who added it, by name: the account's display name, not the internal actor id.
            String addedBy =
                    ((HtmlElement) row.getFirstByXPath(".//td[contains(@class,'endpoint-added')]")).asNormalizedText();
            assertTrue(addedBy.contains("Person " + admin), addedBy);
            assertFalse(listed.asNormalizedText().contains("portal:"), "no internal ids on the webhooks page");
            Trail.Step webhooks = Trail.step("Webhooks", "/sites/" + siteId + "/webhooks");
            Trail.assertTrail(added, "Webhook added", toSite[0], toSite[1], webhooks);
            Trail.assertTrail(
                    browser.open("/sites/" + siteId + "/webhooks/" + endpointId),
                    "Deliveries to " + url,
                    toSite[0],
                    toSite[1],
                    webhooks);
            Trail.assertTrail(
                    browser.open("/sites/" + siteId + "/webhooks/" + endpointId + "/remove"),
                    "Remove the webhook?",
                    toSite[0],
                    toSite[1],
                    webhooks);
            ConnectIT.assertAudited(siteId, "WEBHOOK_ADDED", url);
        }

        String token = StakeholderUpdateIT.token(portal, siteId, admin, "incidents:write");
        HttpResponse<String> created = call(
                "POST",
                "/api/v1/incidents",
                token,
                "{\"project\":\"" + key + "\",\"summary\":\"Checkout fails\"," + "\"priority\":\"P3\"}");
        assertEquals(201, created.statusCode(), created.body());
        String incident = key + "-1";
        assertEquals(
                201,
                call(
                                "POST",
                                "/api/v1/incidents/" + incident + "/notes",
                                token,
                                "{\"text\":\"Rolled back the deploy\",\"kind\":\"NOTE\"}")
                        .statusCode());
        assertEquals(
                200,
                call("PATCH", "/api/v1/incidents/" + incident, token, "{\"priority\":\"P1\"}")
                        .statusCode());

        // The first request failed (500) and was retried; every event arrived, each signed.
        List<Received> events = awaitDelivered(3);
        Received first = received.get(0);
        assertEquals(
                2,
                received.stream()
                        .filter(r -> r.idempotencyKey().equals(first.idempotencyKey()))
                        .count(),
                "the failed delivery came again with the same idempotency key");
        for (Received r : received) {
            assertTrue(signatureHolds(secret, r.signature(), r.body()), r.signature());
            assertFalse(signatureHolds("whsec_wrong", r.signature(), r.body()));
        }
        Received createdDelivery = events.stream()
                .filter(r -> r.event().equals("incident.created"))
                .findFirst()
                .orElseThrow();
        Map<String, Object> createdEvent = json(createdDelivery.body());
        assertEquals(incident, ((Map<?, ?>) createdEvent.get("incident")).get("key"));
        assertEquals(createdDelivery.idempotencyKey(), createdEvent.get("id"), "the body's id is the idempotency key");
        Map<String, Object> note = json(events.stream()
                .filter(r -> r.event().equals("incident.note_added"))
                .findFirst()
                .orElseThrow()
                .body());
        assertEquals("Rolled back the deploy", note.get("text"));
        Map<String, Object> changed = json(events.stream()
                .filter(r -> r.event().equals("incident.changed"))
                .findFirst()
                .orElseThrow()
                .body());
        assertEquals("P1", ((Map<?, ?>) changed.get("incident")).get("priority"));
        assertEquals(List.of(Map.of("field", "priority", "from", "P3", "to", "P1")), changed.get("changes"));

        String noteKey = (String) note.get("id");
        try (Browser browser = portal.signedIn(admin)) {
            HtmlPage log = browser.open("/sites/" + siteId + "/webhooks/" + endpointId);
            HtmlElement firstRow = log.getFirstByXPath("//tr[@data-event-key='" + first.idempotencyKey() + "']");
            assertNotNull(firstRow, log.asNormalizedText());
            assertEquals("2", ((HtmlElement) firstRow.getFirstByXPath(".//td[@class='attempts']")).asNormalizedText());
            assertTrue(firstRow.asNormalizedText().contains("Delivered"), firstRow.asNormalizedText());
            assertTrue(firstRow.asNormalizedText().contains("HTTP 200"), firstRow.asNormalizedText());

            // Redeliver: the same event, the same key.
            HtmlElement noteRow = log.getFirstByXPath("//tr[@data-event-key='" + noteKey + "']");
            HtmlForm redeliver = noteRow.getFirstByXPath(".//form[contains(@class,'redeliver')]");
            browser.submit(redeliver);
            awaitCount(noteKey, 2);
            ConnectIT.assertAudited(siteId, "WEBHOOK_REDELIVERED", noteKey);

            // A test event.
            int before = received.size();
            browser.submit(form(browser.open("/sites/" + siteId + "/webhooks/" + endpointId), "/test"));
            long deadline = System.currentTimeMillis() + 20_000;
            while (received.stream().skip(before).noneMatch(r -> "ping".equals(r.event()))
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            assertTrue(received.stream().anyMatch(r -> "ping".equals(r.event())), received.toString());
        }

        // An auditor reads the log but may not act.
        try (Browser browser = portal.signedIn(auditor)) {
            HtmlPage log = browser.open("/sites/" + siteId + "/webhooks/" + endpointId);
            assertEquals(200, log.getWebResponse().getStatusCode());
            assertNull(log.getFirstByXPath("//form[contains(@class,'redeliver')]"));
            assertNull(log.getElementById("send-test"));
            assertEquals(
                    403,
                    browser.open("/sites/" + siteId + "/webhooks/" + endpointId + "/remove")
                            .getWebResponse()
                            .getStatusCode());
        }

        // The API reads the same events (no pings), in order, from where the reader left off.
        HttpResponse<String> feed = call("GET", "/api/v1/events?after=0&limit=2", token, null);
        assertEquals(200, feed.statusCode(), feed.body());
        Map<String, Object> page = json(feed.body());
        List<?> firstTwo = (List<?>) page.get("events");
        assertEquals(
                List.of("incident.created", "incident.note_added"),
                firstTwo.stream().map(e -> ((Map<?, ?>) e).get("type")).toList());
        Map<String, Object> rest = json(call("GET", "/api/v1/events?after=" + page.get("next"), token, null)
                .body());
        assertEquals(
                List.of("incident.changed"),
                ((List<?>) rest.get("events"))
                        .stream().map(e -> ((Map<?, ?>) e).get("type")).toList());
        assertEquals(400, call("GET", "/api/v1/events?limit=9999", token, null).statusCode());

        // Removed: nothing more is sent.
        try (Browser browser = portal.signedIn(admin)) {
            HtmlPage confirm = browser.open("/sites/" + siteId + "/webhooks/" + endpointId + "/remove");
            HtmlPage removed = browser.submit(form(confirm, "/remove"));
            assertTrue(removed.asNormalizedText().contains("was removed"), removed.asNormalizedText());
        }
        int before = received.size();
        assertEquals(
                201,
                call(
                                "POST",
                                "/api/v1/incidents/" + incident + "/notes",
                                token,
                                "{\"text\":\"After removal\",\"kind\":\"NOTE\"}")
                        .statusCode());
        Thread.sleep(2500);
        assertEquals(before, received.size(), "nothing is sent to a removed webhook");
    }

    /** What docs/webhooks.md tells a receiver to do, written here independently of the portal's code. */
    static boolean signatureHolds(String secret, String header, String body) throws Exception {
        String t = null;
        String v1 = null;
        for (String part : header.split(",")) {
            String[] kv = part.split("=", 2);
            if (kv[0].equals("t")) {
                t = kv[1];
            } else if (kv[0].equals("v1")) {
                v1 = kv[1];
            }
        }
        if (Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(t)) > 300) {
            return false;
        }
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = HexFormat.of().formatHex(mac.doFinal((t + "." + body).getBytes(StandardCharsets.UTF_8)));
        return java.security.MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.US_ASCII), v1.getBytes(StandardCharsets.US_ASCII));
    }

    private List<Received> awaitDelivered(int distinct) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            List<Received> ok = received.stream()
                    .filter(r -> !"ping".equals(r.event()) && r.answeredOk())
                    .collect(java.util.stream.Collectors.toMap(
                            Received::idempotencyKey, r -> r, (a, b) -> b, java.util.LinkedHashMap::new))
                    .values()
                    .stream()
                    .toList();
            if (ok.size() >= distinct) {
                return ok;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not delivered in time: " + received);
    }

    private void awaitCount(String idempotencyKey, int count) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        while (received.stream()
                        .filter(r -> r.idempotencyKey().equals(idempotencyKey))
                        .count()
                < count) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("not redelivered: " + received);
            }
            Thread.sleep(100);
        }
    }

    private static HtmlPage add(Browser browser, HtmlPage list, String url) {
        HtmlForm form = form(list, "/webhooks");
        form.getInputByName("url").setValue(url);
        return browser.submit(form);
    }

    private static HtmlForm form(HtmlPage page, String actionSuffix) {
        return page.getForms().stream()
                .filter(f -> f.getActionAttribute().endsWith(actionSuffix))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no form " + actionSuffix + ": " + page.asNormalizedText()));
    }

    private static Map<String, Object> json(String body) throws Exception {
        return JSONObjectUtils.parse(body);
    }

    private HttpResponse<String> call(String method, String path, String token, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + base.getPort() + path))
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + token);
        if (json != null) {
            request.header("Content-Type", "application/json");
            request.method(method, HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
