package io.tenantlink.microsoft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tenantlink.microsoft.GraphGateway.DelegatedGrant;
import io.tenantlink.microsoft.GraphGateway.GraphUser;
import io.tenantlink.microsoft.GraphGateway.Page;
import io.tenantlink.microsoft.GraphRequest.AssignAppRole;
import io.tenantlink.microsoft.GraphRequest.ChangeGrantScope;
import io.tenantlink.microsoft.GraphRequest.CreatePrincipalGrant;
import io.tenantlink.microsoft.GraphRequest.DelegatedGrants;
import io.tenantlink.microsoft.GraphRequest.Users;
import io.tenantlink.microsoft.GraphRequest.UsersByIds;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The gateway (Graph SDK underneath) against a scripted HTTP server on loopback, reached through the sandbox routing. */
class GraphGatewayTest {

    static final String CLIENT_SP = "11111111-1111-4111-8111-111111111111";
    static final String GRAPH_SP = "22222222-2222-4222-8222-222222222222";

    private record Answer(int status, Map<String, String> headers, String body) {}

    private HttpServer server;
    /** Path (and decoded query) then body of each request received. */
    private final List<String> requests = new CopyOnWriteArrayList<>();

    private final List<String> authorizations = new CopyOnWriteArrayList<>();

    private GraphGateway gateway(Function<HttpExchange, Answer> script, Duration budget, Duration readTimeout)
            throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String query = exchange.getRequestURI().getRawQuery();
            requests.add(exchange.getRequestURI().getRawPath()
                    + (query == null ? "" : "?" + URLDecoder.decode(query, StandardCharsets.UTF_8)) + " " + body);
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            Answer answer = script.apply(exchange);
            if (answer == null) {
                return;
            }
            answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            if (!answer.headers().containsKey("Content-Type")) {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
            }
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        MicrosoftRoutes routing = TestRoutes.standIn(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort()));
        return GraphGateway.create(
                routing,
                () -> "token-1",
                Duration.ofSeconds(2),
                readTimeout,
                new GraphGateway.Budget(budget, 5, Duration.ofMillis(10)));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private String body(int index) {
        String request = requests.get(index);
        return request.substring(request.indexOf(' ') + 1);
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> steps(int index) throws Exception {
        List<Map<String, Object>> steps = new ArrayList<>();
        ((List<Object>) JSONObjectUtils.parse(body(index)).get("requests"))
                .forEach(step -> steps.add((Map<String, Object>) step));
        return steps;
    }

    static String users(String... ids) {
        StringBuilder json = new StringBuilder("{\"value\":[");
        for (int i = 0; i < ids.length; i++) {
            json.append(i == 0 ? "" : ",")
                    .append("{\"id\":\"")
                    .append(ids[i])
                    .append("\",\"displayName\":\"User ")
                    .append(i)
                    .append("\",\"mail\":null,\"userPrincipalName\":\"u")
                    .append(i)
                    .append("@contoso.example\"}");
        }
        return json.append("]}").toString();
    }

    @Test
    void throttledCallsWaitForRetryAfterThenSucceed() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        String id = UUID.randomUUID().toString();
        GraphGateway gateway = gateway(
                e -> calls.incrementAndGet() < 3
                        ? new Answer(429, Map.of("Retry-After", "1"), "{\"error\":{\"code\":\"TooManyRequests\"}}")
                        : new Answer(200, Map.of(), users(id)),
                Duration.ofSeconds(30),
                Duration.ofSeconds(5));
        long start = System.nanoTime();
        GraphAnswer<Page<GraphUser>> answer = gateway.send(new Users("ade", 5));
        long elapsed = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertEquals(200, answer.status());
        assertEquals(id, answer.value().items().get(0).id());
        assertNull(answer.value().items().get(0).mail());
        assertEquals(3, calls.get(), "the SDK's retry handler sent it again twice");
        assertTrue(elapsed >= 1900, "waited Retry-After twice: " + elapsed + " ms");
        assertTrue(requests.get(0).startsWith("/sandbox/graph/v1.0/users?"), "routed to the sandbox: " + requests);
        assertTrue(requests.get(0).contains("$top=5"), requests.get(0));
        assertEquals("Bearer token-1", authorizations.get(0), "the Authorization header survives the routing");
    }

    @Test
    void theBudgetEndsRetriesAndTheLast429IsReturned() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        GraphGateway gateway = gateway(
                e -> {
                    calls.incrementAndGet();
                    return new Answer(
                            429,
                            Map.of("Retry-After", "1"),
                            "{\"error\":{\"code\":\"TooManyRequests\",\"message\":\"slow down\"}}");
                },
                Duration.ofMillis(1500),
                Duration.ofSeconds(5));
        GraphAnswer<Page<GraphUser>> answer = gateway.send(new Users(null, 5));
        assertEquals(429, answer.status());
        assertEquals("TooManyRequests: slow down", answer.errorText());
        assertEquals(1, answer.retryAfterSeconds().getAsLong());
        assertTrue(calls.get() >= 2 && calls.get() <= 3, "no retry beyond the budget: " + calls.get());
    }

    @Test
    void aHungRequestTimesOutWithinTheBudget() throws Exception {
        GraphGateway gateway = gateway(
                e -> {
                    try {
                        Thread.sleep(5000);
                    } catch (InterruptedException ignored) {
                        Thread.currentThread().interrupt();
                    }
                    return null;
                },
                Duration.ofMillis(1200),
                Duration.ofMillis(300));
        long start = System.nanoTime();
        assertThrows(IOException.class, () -> gateway.send(new Users(null, 1)));
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 4000, "gave up within the budget");
        assertTrue(requests.size() > 1, "a read that got no answer is sent again: " + requests.size());
    }

    @Test
    void refusalsCarryGraphsErrorAndGetThrowsThem() throws Exception {
        GraphGateway gateway = gateway(
                e -> new Answer(
                        403,
                        Map.of(),
                        "{\"error\":{\"code\":\"Authorization_RequestDenied\",\"message\":\"Insufficient privileges\"}}"),
                Duration.ofSeconds(5),
                Duration.ofSeconds(5));
        GraphAnswer<Page<DelegatedGrant>> answer =
                gateway.send(new DelegatedGrants(CLIENT_SP, GraphRequest.ConsentType.PRINCIPAL, null, GRAPH_SP));
        assertEquals(403, answer.status());
        assertFalse(answer.ok());
        assertEquals("Authorization_RequestDenied", answer.error().code());
        assertEquals(1, requests.size(), "a 403 is not retried");
        assertEquals(
                "/sandbox/graph/v1.0/oauth2PermissionGrants?$filter=clientId eq '" + CLIENT_SP
                        + "' and consentType eq 'Principal' and resourceId eq '" + GRAPH_SP + "'&$top=999 ",
                requests.get(0));
        GraphGateway.GraphRefusal refusal = assertThrows(
                GraphGateway.GraphRefusal.class, () -> gateway.get(new GraphRequest.AppRoleAssignedTo(GRAPH_SP)));
        assertEquals(403, refusal.status());
        assertEquals("Authorization_RequestDenied", refusal.code());
    }

    @Test
    void anAppRegistrationIsReadByAppIdWithItsSecretsAndCertificates() throws Exception {
        String appId = "7c2f0b3e-5a61-4f0e-9d8c-1b2a3c4d5e6f";
        GraphGateway gateway = gateway(
                e -> new Answer(
                        200,
                        Map.of(),
                        "{\"@odata.context\":\"https://graph.microsoft.com/v1.0/$metadata#applications/$entity\","
                                + "\"id\":\"" + GRAPH_SP + "\",\"appId\":\"" + appId + "\",\"displayName\":\"ChatOps\","
                                + "\"passwordCredentials\":[{\"customKeyIdentifier\":null,\"displayName\":\"portal\","
                                + "\"endDateTime\":\"2027-03-01T00:00:00Z\",\"hint\":\"abc\",\"keyId\":\"" + CLIENT_SP
                                + "\",\"secretText\":null,\"startDateTime\":\"2025-03-01T00:00:00Z\"}],"
                                + "\"keyCredentials\":[{\"customKeyIdentifier\":\"AAEC\",\"displayName\":\"CN=TenantLink\","
                                + "\"endDateTime\":\"2026-12-31T12:00:00Z\",\"key\":null,\"keyId\":\"" + GRAPH_SP
                                + "\",\"startDateTime\":\"2025-12-31T12:00:00Z\",\"type\":\"AsymmetricX509Cert\","
                                + "\"usage\":\"Verify\"}]}"),
                Duration.ofSeconds(5),
                Duration.ofSeconds(5));
        GraphGateway.ApplicationInfo app = gateway.get(new GraphRequest.ApplicationByAppId(appId));
        assertEquals(
                "/sandbox/graph/v1.0/applications(appId='" + appId
                        + "')?$select=id,appId,displayName,passwordCredentials,keyCredentials ",
                URLDecoder.decode(requests.get(0), StandardCharsets.UTF_8));
        assertEquals(appId, app.appId());
        assertEquals(
                List.of(new GraphGateway.CredentialInfo(
                        CLIENT_SP, "portal", "abc", java.time.Instant.parse("2027-03-01T00:00:00Z"))),
                app.secrets());
        assertEquals(
                List.of(new GraphGateway.CredentialInfo(
                        GRAPH_SP, "CN=TenantLink", null, java.time.Instant.parse("2026-12-31T12:00:00Z"))),
                app.certificates());
        assertThrows(
                IllegalArgumentException.class,
                () -> gateway.send(new GraphRequest.ApplicationByAppId("x') or true")),
                "the appId goes into the key only as a GUID");
    }

    @Test
    void pagesAreFollowedOnGraphOnly() throws Exception {
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();
        GraphGateway gateway = gateway(
                e -> e.getRequestURI().getRawQuery().contains("skiptoken")
                        ? new Answer(
                                200,
                                Map.of(),
                                users(second)
                                        .replace(
                                                "]}",
                                                "],\"@odata.nextLink\":\"https://elsewhere.example/v1.0/users?$skiptoken=3\"}"))
                        : new Answer(
                                200,
                                Map.of(),
                                users(first)
                                        .replace(
                                                "]}",
                                                "],\"@odata.nextLink\":\"https://graph.microsoft.com/v1.0/users?$top=1&$skiptoken=2\"}")),
                Duration.ofSeconds(5),
                Duration.ofSeconds(5));
        List<GraphUser> all = gateway.all(new Users(null, 1), 10);
        assertEquals(List.of(first, second), all.stream().map(GraphUser::id).toList());
        assertEquals(2, requests.size(), "a nextLink off Graph is not followed: " + requests);
        assertTrue(requests.get(1).startsWith("/sandbox/graph/v1.0/users?$top=1&$skiptoken=2"), requests.get(1));
    }

    @Test
    void chatMessagesAreReadInPagesOfFiftyWithSenderTimeBodyAndKind() throws Exception {
        String chat = "19:abc@thread.v2";
        String message = "{\"id\":\"%s\",\"messageType\":\"%s\",\"createdDateTime\":\"2026-12-06T10:0%s:00Z\","
                + "\"deletedDateTime\":%s,\"from\":%s,\"body\":{\"contentType\":\"%s\",\"content\":\"%s\"}}";
        String user = "{\"user\":{\"id\":\"u\",\"displayName\":\"Megan Bowen\"},\"application\":null}";
        String app = "{\"user\":null,\"application\":{\"id\":\"a\",\"displayName\":\"ChatOps\"}}";
        GraphGateway gateway = gateway(
                e -> e.getRequestURI().getRawQuery().contains("skiptoken")
                        ? new Answer(
                                200,
                                Map.of(),
                                "{\"value\":["
                                        + message.formatted(
                                                "1",
                                                "systemEventMessage",
                                                "1",
                                                "null",
                                                "null",
                                                "html",
                                                "<systemEventMessage/>")
                                        + "]}")
                        : new Answer(
                                200,
                                Map.of(),
                                "{\"value\":["
                                        + message.formatted(
                                                "3", "message", "3", "null", user, "html", "<p>Hi &amp; bye</p>")
                                        + ","
                                        + message.formatted(
                                                "2", "message", "2", "\"2026-12-06T10:04:00Z\"", app, "text", "gone")
                                        + "],\"@odata.nextLink\":\"https://graph.microsoft.com/v1.0/chats/19:abc@thread.v2/messages?$top=50&$skiptoken=x\"}"),
                Duration.ofSeconds(5),
                Duration.ofSeconds(5));
        List<GraphGateway.ChatMessageInfo> read =
                gateway.all(new GraphRequest.ChatMessages(chat, GraphRequest.CHAT_MESSAGES_PAGE), 10);
        assertEquals(
                List.of(
                        new GraphGateway.ChatMessageInfo(
                                "3",
                                "Megan Bowen",
                                java.time.Instant.parse("2026-12-06T10:03:00Z"),
                                "<p>Hi &amp; bye</p>",
                                true,
                                true,
                                "u",
                                java.time.Instant.parse("2026-12-06T10:03:00Z")),
                        new GraphGateway.ChatMessageInfo(
                                "2", "ChatOps", java.time.Instant.parse("2026-12-06T10:02:00Z"), "gone", false, false),
                        new GraphGateway.ChatMessageInfo(
                                "1",
                                null,
                                java.time.Instant.parse("2026-12-06T10:01:00Z"),
                                "<systemEventMessage/>",
                                true,
                                false)),
                read);
        assertTrue(
                requests.get(0).startsWith("/sandbox/graph/v1.0/chats/19%3Aabc%40thread.v2/messages?$top=50"),
                requests.get(0));
        assertTrue(requests.get(1).contains("$skiptoken=x"), requests.get(1));
        assertThrows(IllegalArgumentException.class, () -> new GraphRequest.ChatMessages(chat, 51));
        assertThrows(
                IllegalArgumentException.class,
                () -> gateway.send(new GraphRequest.ChatMessages("19:abc/../users", 50)),
                "a chat id goes into the path only as a chat id");
    }

    @Test
    @SuppressWarnings("unchecked")
    void chatMessageSubscriptionsAreMadeRenewedAndDeletedWithTheSdksModel() throws Exception {
        String id = UUID.randomUUID().toString();
        String answer = "{\"id\":\"" + id + "\",\"resource\":\"/chats/19:abc@thread.v2/messages\","
                + "\"expirationDateTime\":\"2026-12-06T11:00:00Z\",\"clientState\":null}";
        GraphGateway gateway = gateway(
                e -> e.getRequestMethod().equals("DELETE")
                        ? new Answer(204, Map.of(), "")
                        : new Answer(201, Map.of(), answer),
                Duration.ofSeconds(5),
                Duration.ofSeconds(5));
        java.time.Instant expires = java.time.Instant.parse("2026-12-06T11:00:00Z");
        GraphGateway.SubscriptionInfo made = gateway.get(new GraphRequest.SubscribeToChatMessages(
                "19:abc@thread.v2",
                "https://portal.example/api/microsoft/chat-notifications",
                "https://portal.example/api/microsoft/chat-lifecycle",
                expires,
                "s3cret"));
        assertEquals(new GraphGateway.SubscriptionInfo(id, "/chats/19:abc@thread.v2/messages", expires), made);
        assertTrue(requests.get(0).startsWith("/sandbox/graph/v1.0/subscriptions "), requests.get(0));
        Map<String, Object> sent = JSONObjectUtils.parse(body(0));
        assertEquals("/chats/19:abc@thread.v2/messages", sent.get("resource"));
        assertEquals("created,updated,deleted", sent.get("changeType"));
        assertEquals("https://portal.example/api/microsoft/chat-notifications", sent.get("notificationUrl"));
        assertEquals("https://portal.example/api/microsoft/chat-lifecycle", sent.get("lifecycleNotificationUrl"));
        assertEquals("s3cret", sent.get("clientState"));
        assertEquals(Boolean.FALSE, sent.get("includeResourceData"));
        assertEquals(
                expires,
                java.time.OffsetDateTime.parse((String) sent.get("expirationDateTime"))
                        .toInstant());

        gateway.get(new GraphRequest.RenewSubscription(id, expires));
        assertTrue(requests.get(1).startsWith("/sandbox/graph/v1.0/subscriptions/" + id + " "), requests.get(1));
        assertEquals(
                List.of("expirationDateTime"),
                List.copyOf(JSONObjectUtils.parse(body(1)).keySet()));
        assertEquals(204, gateway.send(new GraphRequest.DeleteSubscription(id)).status());
        assertThrows(
                IllegalArgumentException.class,
                () -> gateway.send(new GraphRequest.DeleteSubscription("../users")),
                "a subscription id goes into the path only as a GUID");
        assertThrows(
                IllegalArgumentException.class,
                () -> new GraphRequest.SubscribeToChatMessages("19:abc@thread.v2", "u", "l", expires, "x".repeat(129)));
    }

    @Test
    void usersDeltaAsksForTheMappingFieldsInPagesReadsRemovedUsersAndLetsA410BeRecognised() throws Exception {
        String kept = UUID.randomUUID().toString();
        String gone = UUID.randomUUID().toString();
        List<String> prefer = new CopyOnWriteArrayList<>();
        GraphGateway gateway = gateway(
                e -> {
                    prefer.add(e.getRequestHeaders().getFirst("Prefer"));
                    String query = e.getRequestURI().getRawQuery();
                    if (query.contains("deltatoken=old")) {
                        return new Answer(
                                410, Map.of(), "{\"error\":{\"code\":\"resyncRequired\",\"message\":\"Resync\"}}");
                    }
                    if (query.contains("skiptoken")) {
                        return new Answer(
                                200,
                                Map.of(),
                                "{\"value\":[{\"id\":\"" + gone + "\",\"@removed\":{\"reason\":\"changed\"}}],"
                                        + "\"@odata.deltaLink\":\"https://graph.microsoft.com/v1.0/users/delta?$deltatoken=new\"}");
                    }
                    return new Answer(
                            200,
                            Map.of(),
                            "{\"value\":[{\"id\":\"" + kept
                                    + "\",\"displayName\":\"Adele\",\"mail\":\"a@contoso.example\","
                                    + "\"userPrincipalName\":\"adele@contoso.example\",\"otherMails\":[\"a@home.example\"],"
                                    + "\"proxyAddresses\":[\"SMTP:a@contoso.example\",\"x500:/o=x\"],\"userType\":\"Member\","
                                    + "\"accountEnabled\":false}],"
                                    + "\"@odata.nextLink\":\"https://graph.microsoft.com/v1.0/users/delta?$skiptoken=2\"}");
                },
                Duration.ofSeconds(5),
                Duration.ofSeconds(5));
        GraphGateway.DeltaPage first = gateway.get(new GraphRequest.UsersDelta(null, 3));
        assertEquals(
                "/sandbox/graph/v1.0/users/delta()?$select=id,displayName,mail,userPrincipalName,otherMails,"
                        + "proxyAddresses,userType,accountEnabled ",
                requests.get(0));
        assertEquals("odata.maxpagesize=3", prefer.get(0));
        GraphGateway.DeltaUser adele = first.users().get(0);
        assertEquals(List.of("a@home.example"), adele.otherMails());
        assertEquals(List.of("SMTP:a@contoso.example", "x500:/o=x"), adele.proxyAddresses());
        assertEquals(Boolean.FALSE, adele.accountEnabled());
        assertEquals("Member", adele.userType());
        assertFalse(adele.removed());
        assertNull(first.deltaLink());

        GraphGateway.DeltaPage second = gateway.get(new GraphRequest.UsersDelta(first.nextLink(), 3));
        assertTrue(requests.get(1).startsWith("/sandbox/graph/v1.0/users/delta?$skiptoken=2"), requests.get(1));
        assertEquals("odata.maxpagesize=3", prefer.get(1));
        assertTrue(second.users().get(0).removed());
        assertEquals(gone, second.users().get(0).id());
        assertEquals("https://graph.microsoft.com/v1.0/users/delta?$deltatoken=new", second.deltaLink());
        assertNull(second.nextLink());

        GraphAnswer<GraphGateway.DeltaPage> expired = gateway.send(
                new GraphRequest.UsersDelta("https://graph.microsoft.com/v1.0/users/delta?$deltatoken=old", 3));
        assertTrue(GraphRequest.UsersDelta.resyncRequired(expired));
        assertEquals("resyncRequired", expired.error().code());
        assertThrows(
                IllegalArgumentException.class,
                () -> gateway.send(new GraphRequest.UsersDelta("https://elsewhere.example/v1.0/users/delta?x=1", 3)));
    }

    @Test
    void searchTextIsOneODataLiteralAndIdsAreChecked() throws Exception {
        assertEquals(
                "startswith(displayName,'ade') or startswith(givenName,'ade') or startswith(surname,'ade')"
                        + " or startswith(mail,'ade') or startswith(userPrincipalName,'ade')",
                GraphGateway.startsWithFilter("ade"));
        assertTrue(GraphGateway.startsWithFilter("o'brien') or startswith(displayName,'")
                .startsWith("startswith(displayName,'o''brien'') or startswith(displayName,''')"));
        String id = UUID.randomUUID().toString();
        assertTrue(GraphGateway.startsWithFilter(id).endsWith(" or id eq '" + id + "'"));
        assertFalse(GraphGateway.startsWithFilter("adele").contains("id eq"));
        assertEquals("id in ('" + id + "','" + CLIENT_SP + "')", GraphGateway.idsFilter(List.of(id, CLIENT_SP)));
        assertThrows(IllegalArgumentException.class, () -> GraphGateway.idsFilter(List.of("x') or (id eq 'y")));
        assertThrows(
                IllegalArgumentException.class,
                () -> new UsersByIds(java.util.Collections.nCopies(16, id)),
                "Graph takes 15 values in one in clause");

        GraphGateway gateway =
                gateway(e -> new Answer(200, Map.of(), users()), Duration.ofSeconds(5), Duration.ofSeconds(5));
        gateway.send(new Users("a&$top=999", 25));
        assertTrue(
                requests.get(0).contains("startswith(displayName,'a&$top=999')")
                        && requests.get(0).endsWith("&$top=25 "),
                "the text stays inside the filter: " + requests.get(0));
        assertThrows(
                IllegalArgumentException.class,
                () -> gateway.send(new DelegatedGrants("not-an-id' or '1' eq '1", null, null, null)));
        assertEquals(1, requests.size(), "nothing sent for an id that is not one");
    }

    @Test
    @SuppressWarnings("unchecked")
    void fortyFiveRequestsGoInBatchesOfTwentyAndOnlyTheThrottledOneIsSentAgain() throws Exception {
        AtomicInteger throttledOnce = new AtomicInteger();
        GraphGateway gateway = gateway(
                e -> {
                    try {
                        List<Object> responses = new ArrayList<>();
                        for (Map<String, Object> step : steps(requests.size() - 1)) {
                            String id = (String) step.get("id");
                            String url = URLDecoder.decode((String) step.get("url"), StandardCharsets.UTF_8);
                            String user = url.substring(url.indexOf("in ('") + 5, url.indexOf("')"));
                            boolean throttle = id.equals("7") && throttledOnce.getAndIncrement() == 0;
                            responses.add(
                                    throttle
                                            ? Map.of(
                                                    "id",
                                                    id,
                                                    "status",
                                                    429,
                                                    "headers",
                                                    Map.of("Retry-After", "1"),
                                                    "body",
                                                    Map.of("error", Map.of("code", "TooManyRequests", "message", "")))
                                            : Map.of(
                                                    "id",
                                                    id,
                                                    "status",
                                                    200,
                                                    "headers",
                                                    Map.of("Content-Type", "application/json"),
                                                    "body",
                                                    JSONObjectUtils.parse(users(user))));
                        }
                        java.util.Collections.reverse(responses); // Graph answers in any order
                        return new Answer(200, Map.of(), JSONObjectUtils.toJSONString(Map.of("responses", responses)));
                    } catch (Exception ex) {
                        return new Answer(400, Map.of(), "{}");
                    }
                },
                Duration.ofSeconds(30),
                Duration.ofSeconds(5));
        List<UsersByIds> lookups = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 45; i++) {
            ids.add(UUID.randomUUID().toString());
            lookups.add(new UsersByIds(List.of(ids.get(i))));
        }
        List<GraphAnswer<Page<GraphUser>>> answers = gateway.batch(lookups);
        assertEquals(45, answers.size());
        for (int i = 0; i < 45; i++) {
            assertEquals(200, answers.get(i).status(), answers.get(i).toString());
            assertEquals(ids.get(i), answers.get(i).value().items().get(0).id(), "answers in the order asked");
        }
        assertEquals(4, requests.size(), "three batches (20, 20, 5) and one more with the throttled request alone");
        assertTrue(requests.get(0).startsWith("/sandbox/graph/v1.0/$batch "), requests.get(0));
        List<Map<String, Object>> retried = steps(1);
        assertEquals(1, retried.size(), "the throttled request went again on its own");
        assertEquals("7", retried.get(0).get("id"));
        assertEquals(2, answers.get(6).attempts());
        assertEquals(1, answers.get(7).attempts());

        Map<String, Object> step = steps(0).get(0);
        assertEquals("GET", step.get("method"));
        assertEquals(
                "/users?%24filter=id%20in%20%28%27" + ids.get(0) + "%27%29"
                        + "&%24select=id,displayName,mail,userPrincipalName&%24top=15",
                step.get("url"),
                "relative to v1.0, encoded by the SDK's request builder");
        assertFalse(body(0).toLowerCase(java.util.Locale.ROOT).contains("token-1"), "no token inside the batch");
        assertEquals("Bearer token-1", authorizations.get(0));
    }

    @Test
    @SuppressWarnings("unchecked")
    void writesAreTypedStepsAndTheirAnswersReadBack() throws Exception {
        String user = UUID.randomUUID().toString();
        GraphGateway gateway = gateway(
                e -> {
                    try {
                        List<Object> responses = new ArrayList<>();
                        for (Map<String, Object> s : steps(requests.size() - 1)) {
                            Map<String, Object> answer = new LinkedHashMap<>();
                            answer.put("id", s.get("id"));
                            switch ((String) s.get("id")) {
                                case "1" -> {
                                    answer.put("status", 201);
                                    Map<String, Object> created =
                                            new LinkedHashMap<>((Map<String, Object>) s.get("body"));
                                    created.put("id", "grant-key_1");
                                    answer.put("body", created);
                                }
                                case "2" -> answer.put("status", 204);
                                default -> {
                                    answer.put("status", 400);
                                    answer.put(
                                            "body",
                                            Map.of(
                                                    "error",
                                                    Map.of(
                                                            "code",
                                                            "Request_BadRequest",
                                                            "message",
                                                            "Permission being assigned already exists on the object.")));
                                }
                            }
                            responses.add(answer);
                        }
                        return new Answer(200, Map.of(), JSONObjectUtils.toJSONString(Map.of("responses", responses)));
                    } catch (Exception ex) {
                        return new Answer(400, Map.of(), "{}");
                    }
                },
                Duration.ofSeconds(5),
                Duration.ofSeconds(5));
        List<GraphRequest<?>> writes = List.of(
                new CreatePrincipalGrant(CLIENT_SP, user, GRAPH_SP, "openid User.Read"),
                new ChangeGrantScope("grant-key_0", "openid"),
                new AssignAppRole(CLIENT_SP, user, "00000000-0000-0000-0000-000000000000"));
        List<GraphAnswer<Object>> answers = gateway.batch(writes);

        DelegatedGrant created =
                assertInstanceOf(DelegatedGrant.class, answers.get(0).value());
        assertEquals(
                new DelegatedGrant("grant-key_1", CLIENT_SP, "Principal", user, GRAPH_SP, "openid User.Read"), created);
        assertEquals(204, answers.get(1).status());
        assertTrue(answers.get(1).ok());
        assertEquals(400, answers.get(2).status());
        assertTrue(
                answers.get(2).errorText().contains("already exists"),
                answers.get(2).errorText());

        List<Map<String, Object>> steps = steps(0);
        assertEquals("POST", steps.get(0).get("method"));
        assertEquals("/oauth2PermissionGrants", steps.get(0).get("url"));
        Map<String, Object> grant = (Map<String, Object>) steps.get(0).get("body");
        assertEquals(CLIENT_SP, grant.get("clientId"));
        assertEquals("Principal", grant.get("consentType"));
        assertEquals(user, grant.get("principalId"));
        assertEquals(GRAPH_SP, grant.get("resourceId"));
        assertEquals("openid User.Read", grant.get("scope"));
        assertTrue(
                ((Map<String, Object>) steps.get(0).get("headers"))
                        .entrySet().stream()
                                .anyMatch(h -> h.getKey().equalsIgnoreCase("Content-Type")
                                        && String.valueOf(h.getValue()).startsWith("application/json")),
                "a step with a body names its type: " + steps.get(0));
        assertEquals("PATCH", steps.get(1).get("method"));
        assertEquals("/oauth2PermissionGrants/grant-key_0", steps.get(1).get("url"));
        assertEquals("openid", ((Map<String, Object>) steps.get(1).get("body")).get("scope"));
        assertEquals(
                "/servicePrincipals/" + CLIENT_SP + "/appRoleAssignedTo",
                steps.get(2).get("url"));
        Map<String, Object> assignment = (Map<String, Object>) steps.get(2).get("body");
        assertEquals(user, assignment.get("principalId"));
        assertEquals(CLIENT_SP, assignment.get("resourceId"));
        assertEquals("00000000-0000-0000-0000-000000000000", assignment.get("appRoleId"));

        // The next grant and assignment reuse the request builder's form of their kind, with their own bodies.
        String other = UUID.randomUUID().toString();
        gateway.batch(List.of(
                new CreatePrincipalGrant(CLIENT_SP, other, GRAPH_SP, "openid"),
                new ChangeGrantScope("grant-key_1", "openid"),
                new AssignAppRole(CLIENT_SP, other, "00000000-0000-0000-0000-000000000000")));
        List<Map<String, Object>> again = steps(1);
        for (int i : new int[] {0, 2}) {
            assertEquals(steps.get(i).get("method"), again.get(i).get("method"));
            assertEquals(steps.get(i).get("url"), again.get(i).get("url"));
            assertEquals(steps.get(i).get("headers"), again.get(i).get("headers"));
            Map<String, Object> expected =
                    new LinkedHashMap<>((Map<String, Object>) steps.get(i).get("body"));
            expected.put("principalId", other);
            if (i == 0) {
                expected.put("scope", "openid");
            }
            assertEquals(expected, again.get(i).get("body"));
        }
        assertEquals("/oauth2PermissionGrants/grant-key_1", again.get(1).get("url"));
        assertFalse(body(1).toLowerCase(java.util.Locale.ROOT).contains("authorization"), "no token in a step");
    }

    @Test
    void aBatchRefusedAsAWholeSaysWithWhichStatus() throws Exception {
        GraphGateway gateway = gateway(
                e -> new Answer(401, Map.of(), "{\"error\":{\"code\":\"InvalidAuthenticationToken\"}}"),
                Duration.ofSeconds(5),
                Duration.ofSeconds(5));
        GraphGateway.BatchRefused refused = assertThrows(
                GraphGateway.BatchRefused.class, () -> gateway.batch(List.of(new ChangeGrantScope("g", "openid"))));
        assertEquals(401, refused.status());
        // A batch formed ahead (as the grant engine forms its next ones), and one only listed (fakes): sent alike.
        GraphGateway.PreparedBatch formed = gateway.prepareBatch(List.of(new ChangeGrantScope("g", "openid")));
        assertEquals(1, requests.size(), "forming sends nothing");
        assertEquals(
                401,
                assertThrows(GraphGateway.BatchRefused.class, () -> gateway.sendBatch(formed))
                        .status());
        assertEquals(
                401,
                assertThrows(
                                GraphGateway.BatchRefused.class,
                                () -> gateway.sendBatch(
                                        GraphGateway.PreparedBatch.of(List.of(new ChangeGrantScope("g", "openid")))))
                        .status());
        assertEquals(3, requests.size());
        assertEquals(
                JSONObjectUtils.parse(body(0)),
                JSONObjectUtils.parse(body(1)),
                "the same batch, formed ahead or when sent");
        assertEquals(JSONObjectUtils.parse(body(0)), JSONObjectUtils.parse(body(2)));
        assertThrows(
                IllegalArgumentException.class,
                () -> gateway.prepareBatch(java.util.Collections.nCopies(21, new ChangeGrantScope("g", "openid"))));
    }
}
