package io.tenantlink.microsoft;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import java.io.IOException;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Microsoft Graph v1.0 over OkHttp: sane timeouts, retries that honour Retry-After within a time
 * budget (Failsafe), and JSON batching: at most 20 requests per $batch, each answer with its own
 * status, and a request throttled inside a batch retried on its own rather than the whole batch.
 * The address is always graph.microsoft.com; in sandbox mode the OkHttp client routes it.
 */
public final class GraphClient {

    public static final String BASE = "https://graph.microsoft.com/v1.0";
    public static final int MAX_BATCH = 20;
    private static final MediaType JSON = MediaType.get("application/json");

    /** One request of a batch; url is relative to v1.0 (e.g. "/users?$top=5"). */
    public record BatchRequest(String id, String method, String url, Map<String, Object> body, List<String> dependsOn) {
        public BatchRequest {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(url, "url");
            dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
        }

        public static BatchRequest get(String id, String url) {
            return new BatchRequest(id, "GET", url, null, List.of());
        }
    }

    /** The answer to one batched request; attempts counts how often it was sent. */
    public record BatchResult(String id, int status, Map<String, String> headers, Object body, int attempts) {}

    /** Limits: how long one logical call may take with its retries, and how many retries. */
    public record Budget(Duration total, int maxRetries, Duration fallbackDelay) {
        public static Budget standard() {
            return new Budget(Duration.ofSeconds(60), 6, Duration.ofSeconds(2));
        }
    }

    /** Graph answered a whole request (a $batch envelope) with an error status, e.g. 401 for a token it no longer accepts. */
    public static final class StatusException extends IOException {
        private static final long serialVersionUID = 1L;
        private final int status;

        public StatusException(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private final OkHttpClient http;
    private final Supplier<String> accessToken;
    private final Budget budget;

    public GraphClient(OkHttpClient http, Supplier<String> accessToken, Budget budget) {
        this.http = Objects.requireNonNull(http, "http");
        this.accessToken = Objects.requireNonNull(accessToken, "accessToken");
        this.budget = Objects.requireNonNull(budget, "budget");
    }

    /** An OkHttp client with Graph-sized timeouts (the SDK's default of 100 s is far too long) and the routing. */
    public static OkHttpClient httpClient(MicrosoftRoutes routing, Duration connect, Duration read) {
        OkHttpClient.Builder builder = new OkHttpClient.Builder()
                .connectTimeout(connect)
                .readTimeout(read)
                .writeTimeout(read)
                .callTimeout(read.plus(connect))
                .followRedirects(false)
                .socketFactory(new NoDelaySocketFactory());
        if (routing.active()) {
            builder.addInterceptor(new RoutingInterceptor(routing));
        }
        return builder.build();
    }

    /**
     * Every item of a collection, following {@code @odata.nextLink} (Graph's paging) up to
     * {@code maxItems}; a non-2xx page ends it with an IOException naming the status.
     */
    public List<Map<String, Object>> getAll(String relativeUrl, int maxItems) throws IOException {
        List<Map<String, Object>> items = new ArrayList<>();
        String next = relativeUrl;
        while (next != null && items.size() < maxItems) {
            GraphResponse page = get(next);
            if (!page.ok()) {
                throw new IOException(
                        "Graph answered " + page.status() + " for " + relativeUrl.replaceAll("\\?.*", ""));
            }
            Map<String, Object> body;
            try {
                body = JSONObjectUtils.parse(page.body());
            } catch (java.text.ParseException e) {
                throw new IOException("Graph answered a body that is not JSON", e);
            }
            if (body.get("value") instanceof List<?> values) {
                for (Object value : values) {
                    if (value instanceof Map<?, ?> item && items.size() < maxItems) {
                        @SuppressWarnings("unchecked")
                        Map<String, Object> typed = (Map<String, Object>) item;
                        items.add(typed);
                    }
                }
            }
            Object link = body.get("@odata.nextLink");
            next = link instanceof String l && l.startsWith(BASE) ? l.substring(BASE.length()) : null;
        }
        return items;
    }

    public GraphResponse get(String relativeUrl) throws IOException {
        return send("GET", relativeUrl, null);
    }

    /** One request, retried on 429, 503 and 504 (and I/O errors) within the budget. */
    public GraphResponse send(String method, String relativeUrl, Map<String, Object> jsonBody) throws IOException {
        RetryPolicy<GraphResponse> retry = RetryPolicy.<GraphResponse>builder()
                .handle(IOException.class)
                .handleResultIf(r -> r.status() == 429 || r.status() == 503 || r.status() == 504)
                .withDelayFn(context -> {
                    GraphResponse last = context.getLastResult();
                    return last == null
                            ? budget.fallbackDelay()
                            : last.retryAfterSeconds().map(Duration::ofSeconds).orElse(budget.fallbackDelay());
                })
                .withMaxRetries(budget.maxRetries())
                .withMaxDuration(budget.total())
                .build();
        try {
            return Failsafe.with(retry).get(() -> execute(method, relativeUrl, jsonBody));
        } catch (FailsafeException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw e;
        }
    }

    /**
     * Sends the requests in batches of 20. Requests Graph throttled (429 inside the batch) are sent
     * again, alone with the other throttled ones, after the longest Retry-After they carried,
     * while the budget lasts; what is still throttled then is returned as 429.
     */
    public List<BatchResult> batch(List<BatchRequest> requests) throws IOException {
        Map<String, BatchResult> results = new LinkedHashMap<>();
        requests.forEach(r -> results.put(r.id(), null));
        for (int from = 0; from < requests.size(); from += MAX_BATCH) {
            List<BatchRequest> chunk = requests.subList(from, Math.min(requests.size(), from + MAX_BATCH));
            runWithThrottleRetries(chunk, results);
        }
        return new ArrayList<>(results.values());
    }

    private void runWithThrottleRetries(List<BatchRequest> chunk, Map<String, BatchResult> results) throws IOException {
        long deadline = System.nanoTime() + budget.total().toNanos();
        Map<String, Integer> attempts = new HashMap<>();
        List<BatchRequest> pending = chunk;
        for (int round = 0; !pending.isEmpty(); round++) {
            pending.forEach(r -> attempts.merge(r.id(), 1, Integer::sum));
            GraphResponse response = send("POST", "/$batch", batchBody(pending));
            if (!response.ok()) {
                throw new StatusException(response.status(), "Graph refused the batch: HTTP " + response.status());
            }
            List<BatchRequest> throttled = new ArrayList<>();
            long waitSeconds = 0;
            for (Map<String, Object> answer : responses(response)) {
                String id = String.valueOf(answer.get("id"));
                int status = ((Number) answer.get("status")).intValue();
                Map<String, String> headers = lowerCase(answer.get("headers"));
                BatchResult result =
                        new BatchResult(id, status, headers, answer.get("body"), attempts.getOrDefault(id, 1));
                results.put(id, result);
                if (status == 429) {
                    BatchRequest original = pending.stream()
                            .filter(r -> r.id().equals(id))
                            .findFirst()
                            .orElse(null);
                    if (original != null) {
                        throttled.add(original);
                        waitSeconds = Math.max(waitSeconds, retryAfter(headers));
                    }
                }
            }
            boolean withinBudget =
                    System.nanoTime() + Duration.ofSeconds(waitSeconds).toNanos() < deadline
                            && round < budget.maxRetries();
            if (throttled.isEmpty() || !withinBudget) {
                return;
            }
            sleep(Duration.ofSeconds(waitSeconds));
            pending = throttled;
        }
    }

    private long retryAfter(Map<String, String> headers) {
        try {
            return Long.parseLong(headers.getOrDefault(
                            "retry-after", String.valueOf(budget.fallbackDelay().toSeconds()))
                    .trim());
        } catch (NumberFormatException e) {
            return budget.fallbackDelay().toSeconds();
        }
    }

    private static Map<String, Object> batchBody(List<BatchRequest> requests) {
        List<Object> items = new ArrayList<>();
        for (BatchRequest r : requests) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("id", r.id());
            item.put("method", r.method());
            item.put("url", r.url());
            if (r.body() != null) {
                item.put("body", r.body());
                item.put("headers", Map.of("Content-Type", "application/json"));
            }
            if (!r.dependsOn().isEmpty()) {
                item.put("dependsOn", r.dependsOn());
            }
            items.add(item);
        }
        return Map.of("requests", items);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> responses(GraphResponse response) throws IOException {
        try {
            List<Object> list =
                    (List<Object>) JSONObjectUtils.parse(response.body()).get("responses");
            List<Map<String, Object>> out = new ArrayList<>();
            if (list != null) {
                list.forEach(o -> out.add((Map<String, Object>) o));
            }
            return out;
        } catch (ParseException e) {
            throw new IOException("Graph answered the batch with something that is not JSON", e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> lowerCase(Object headers) {
        Map<String, String> out = new HashMap<>();
        if (headers instanceof Map<?, ?> map) {
            map.forEach((k, v) -> out.put(String.valueOf(k).toLowerCase(Locale.ROOT), String.valueOf(v)));
        }
        return out;
    }

    private GraphResponse execute(String method, String relativeUrl, Map<String, Object> jsonBody) throws IOException {
        RequestBody body = jsonBody == null
                ? (method.equals("POST") || method.equals("PATCH") ? RequestBody.create(new byte[0], JSON) : null)
                : RequestBody.create(JSONObjectUtils.toJSONString(jsonBody), JSON);
        Request request = new Request.Builder()
                .url(BASE + relativeUrl)
                .method(method, body)
                .header("Authorization", "Bearer " + accessToken.get())
                .header("Accept", "application/json")
                .build();
        try (Response response = http.newCall(request).execute()) {
            Map<String, String> headers = new HashMap<>();
            response.headers().names().forEach(n -> headers.put(n.toLowerCase(Locale.ROOT), response.header(n)));
            return new GraphResponse(
                    response.code(),
                    headers,
                    response.body() == null ? "" : response.body().string());
        }
    }

    private static void sleep(Duration duration) throws IOException {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while waiting for Graph's Retry-After", e);
        }
    }
}
