package io.tenantlink.sandbox;

import jakarta.json.Json;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/**
 * An error of the identity platform in Microsoft's shape: error, error_description starting with
 * the AADSTS code (then trace and correlation ids and a timestamp), error_codes, timestamp,
 * trace_id, correlation_id, error_uri.
 */
public record IdentityError(int status, String error, int code, String message) {

    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    public static IdentityError invalidGrant(int code, String message) {
        return new IdentityError(400, "invalid_grant", code, message);
    }

    public static IdentityError invalidRequest(int code, String message) {
        return new IdentityError(400, "invalid_request", code, message);
    }

    public static IdentityError invalidClient(int code, String message) {
        return new IdentityError(401, "invalid_client", code, message);
    }

    public static IdentityError unauthorizedClient(int code, String message) {
        return new IdentityError(400, "unauthorized_client", code, message);
    }

    public String description(String traceId, String correlationId, Instant at) {
        return "AADSTS" + code + ": " + message + "\r\nTrace ID: " + traceId + "\r\nCorrelation ID: " + correlationId
                + "\r\nTimestamp: " + TIMESTAMP.format(at);
    }

    public Response toResponse() {
        String traceId = UUID.randomUUID().toString();
        String correlationId = UUID.randomUUID().toString();
        Instant now = Instant.now();
        String body = Json.createObjectBuilder()
                .add("error", error)
                .add("error_description", description(traceId, correlationId, now))
                .add("error_codes", Json.createArrayBuilder().add(code))
                .add("timestamp", TIMESTAMP.format(now))
                .add("trace_id", traceId)
                .add("correlation_id", correlationId)
                .add("error_uri", "https://login.microsoftonline.com/error?code=" + code)
                .build()
                .toString();
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(body)
                .header("Cache-Control", "no-store")
                .build();
    }

    /** Thrown inside the sandbox to answer with this error. */
    public static final class Failure extends RuntimeException {
        private final IdentityError error;

        public Failure(IdentityError error) {
            super("AADSTS" + error.code(), null, false, false);
            this.error = error;
        }

        public IdentityError error() {
            return error;
        }
    }

    public Failure fail() {
        return new Failure(this);
    }
}
