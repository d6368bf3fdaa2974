package io.tenantlink.microsoft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** GraphClient against a scripted HTTP server on loopback, reached through the sandbox routing. */
class GraphClientTest {

    private record Answer(int status, Map<String, String> headers, String body) {}

    private HttpServer server;
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();

    private GraphClient client(Function<HttpExchange, Answer> script, Duration budget, Duration readTimeout)
            throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            bodies.add(exchange.getRequestURI().getRawPath() + " " + body);
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            Answer answer = script.apply(exchange);
            if (answer == null) {
                return;
            }
            answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        MicrosoftRoutes routing = TestRoutes.standIn(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort()));
        return new GraphClient(
                GraphClient.httpClient(routing, Duration.ofSeconds(2), readTimeout),
                () -> "token-1",
                new GraphClient.Budget(budget, 5, Duration.ofMillis(10)));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void throttledCallsWaitForRetryAfterThenSucceed() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        GraphClient client = client(
                e -> calls.incrementAndGet() < 3
                        ? new Answer(429, Map.of("Retry-After", "1"), "{\"error\":{\"code\":\"TooManyRequests\"}}")
                        : new Answer(200, Map.of("Content-Type", "application/json"), "{\"value\":[]}"),
                Duration.ofSeconds(30),
                Duration.ofSeconds(5));
        long start = System.nanoTime();
        GraphResponse response = client.get("/users?$top=5");
        long elapsed = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertEquals(200, response.status());
        assertEquals(3, calls.get());
        assertTrue(elapsed >= 1900, "waited Retry-After twice: " + elapsed + " ms");
        assertTrue(bodies.get(0).startsWith("/sandbox/graph/v1.0/users "), "routed to the sandbox: " + bodies.get(0));
        assertEquals("Bearer token-1", authorizations.get(0), "the Authorization header survives the routing");
    }

    @Test
    void theBudgetEndsRetriesAndTheLast429IsReturned() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        GraphClient client = client(
                e -> {
                    calls.incrementAndGet();
                    return new Answer(429, Map.of("Retry-After", "1"), "{}");
                },
                Duration.ofMillis(1500),
                Duration.ofSeconds(5));
        GraphResponse response = client.get("/me");
        assertEquals(429, response.status());
        assertTrue(calls.get() <= 3, "no retry beyond the budget: " + calls.get());
    }

    @Test
    void aHungRequestTimesOut() throws Exception {
        GraphClient client = client(
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
        assertThrows(InterruptedIOException.class, () -> client.get("/me"));
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 4000, "gave up within the budget");
    }

    @Test
    void fortyFiveRequestsGoInBatchesOfTwentyAndOnlyTheThrottledOneIsSentAgain() throws Exception {
        AtomicInteger throttledOnce = new AtomicInteger();
        GraphClient client = client(
                e -> {
                    try {
                        List<Object> requests = (List<Object>) JSONObjectUtils.parse(bodies.get(bodies.size() - 1)
                                        .substring(bodies.get(bodies.size() - 1).indexOf(' ') + 1))
                                .get("requests");
                        List<Object> responses = new ArrayList<>();
                        for (Object o : requests) {
                            String id = (String) ((Map<String, Object>) o).get("id");
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
                                                    Map.of())
                                            : Map.of(
                                                    "id",
                                                    id,
                                                    "status",
                                                    200,
                                                    "headers",
                                                    Map.of(),
                                                    "body",
                                                    Map.of("id", "user-" + id)));
                        }
                        return new Answer(
                                200,
                                Map.of("Content-Type", "application/json"),
                                JSONObjectUtils.toJSONString(Map.of("responses", responses)));
                    } catch (java.text.ParseException ex) {
                        return new Answer(400, Map.of(), "{}");
                    }
                },
                Duration.ofSeconds(30),
                Duration.ofSeconds(5));
        List<GraphClient.BatchRequest> requests = new ArrayList<>();
        for (int i = 0; i < 45; i++) {
            requests.add(GraphClient.BatchRequest.get(String.valueOf(i), "/users/" + i));
        }
        List<GraphClient.BatchResult> results = client.batch(requests);
        assertEquals(45, results.size());
        assertTrue(results.stream().allMatch(r -> r.status() == 200), results.toString());
        assertEquals(4, bodies.size(), "three batches (20, 20, 5) and one more with the throttled request alone");
        assertTrue(bodies.get(1).contains("\"id\":\"7\"") || bodies.get(0).contains("\"id\":\"7\""));
        String retried = bodies.get(1);
        assertEquals(
                1,
                ((List<?>) JSONObjectUtils.parse(retried.substring(retried.indexOf(' ') + 1))
                                .get("requests"))
                        .size(),
                "the throttled request went again on its own");
        assertEquals(2, results.get(7).attempts());
        assertEquals(1, results.get(8).attempts());
    }
}
