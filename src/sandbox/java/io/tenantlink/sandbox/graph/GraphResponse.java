package io.tenantlink.sandbox.graph;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One answer of the Graph stand-in: a status, headers and an optional JSON object body (or, rarely, plain text). The same
 * value serves a direct HTTP call and one response inside a {@code $batch}.
 */
public record GraphResponse(int status, Map<String, String> headers, Map<String, Object> body, String text) {

    public GraphResponse(int status, Map<String, String> headers, Map<String, Object> body) {
        this(status, headers, body, null);
    }

    /** A text/plain answer, as Graph gives the $count segment. */
    public static GraphResponse text(int status, String text) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "text/plain;charset=utf-8");
        return new GraphResponse(status, headers, null, text);
    }

    /** What Graph sends as Content-Type with JSON bodies. */
    public static final String JSON =
            "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    public static GraphResponse json(int status, Map<String, Object> body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", JSON);
        return new GraphResponse(status, headers, body);
    }

    public static GraphResponse noContent() {
        return new GraphResponse(204, new LinkedHashMap<>(), null);
    }

    /** A status without a body (e.g. 201 Created of chat-post-installedapps). */
    public static GraphResponse empty(int status) {
        return new GraphResponse(status, new LinkedHashMap<>(), null);
    }

    /** Graph's error JSON, with the request ids of the call it answers. */
    public static GraphResponse error(GraphError error, String requestId, String clientRequestId) {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("date", DATE.format(LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS)));
        inner.put("request-id", requestId);
        inner.put("client-request-id", clientRequestId);
        Map<String, Object> err = new LinkedHashMap<>();
        err.put("code", error.code());
        err.put("message", error.getMessage());
        err.put("innerError", inner);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", err);
        GraphResponse response = json(error.status(), body);
        response.headers().putAll(error.headers());
        return response;
    }
}
