package io.tenantlink.sandbox.graph;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An error as Microsoft Graph answers it: an HTTP status and {@code {"error": {"code", "message",
 * "innerError": {"date", "request-id", "client-request-id"}}}} (the inner part is added when the
 * error becomes a response, see {@link GraphResponse#error}). Thrown anywhere in the Graph stand-in.
 */
public final class GraphError extends RuntimeException {

    public static final String INSUFFICIENT_PRIVILEGES = "Insufficient privileges to complete the operation.";

    private final int status;
    private final String code;
    private final Map<String, String> headers = new LinkedHashMap<>();

    public GraphError(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public GraphError header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** 401: no token, or one Graph does not accept (Graph adds a WWW-Authenticate challenge). */
    public static GraphError unauthenticated(String message) {
        return new GraphError(401, "InvalidAuthenticationToken", message)
                .header(
                        "WWW-Authenticate",
                        "Bearer realm=\"\", authorization_uri=\"https://login.microsoftonline.com/common/oauth2/authorize\", "
                                + "client_id=\"00000003-0000-0000-c000-000000000000\"");
    }

    /** 403: the token lacks every permission the operation accepts, or the signed-in user lacks the directory role. */
    public static GraphError denied() {
        return new GraphError(403, "Authorization_RequestDenied", INSUFFICIENT_PRIVILEGES);
    }

    public static GraphError badRequest(String message) {
        return new GraphError(400, "BadRequest", message);
    }

    /** Directory (Entra) validation failures use Request_BadRequest rather than OData's BadRequest. */
    public static GraphError requestBadRequest(String message) {
        return new GraphError(400, "Request_BadRequest", message);
    }

    public static GraphError unsupportedQuery(String message) {
        return new GraphError(400, "Request_UnsupportedQuery", message);
    }

    public static GraphError notFound(String id) {
        return new GraphError(
                404,
                "Request_ResourceNotFound",
                "Resource '" + id
                        + "' does not exist or one of its queried reference-property objects are not present.");
    }

    public static GraphError segmentNotFound(String segment) {
        return badRequest("Resource not found for the segment '" + segment + "'.");
    }

    /** A Graph v1.0 resource the stand-in does not serve (Graph's own wording for unsupported targets). */
    public static GraphError notServed() {
        return new GraphError(
                501, "NotImplemented", "This operation target is not yet supported by the Microsoft Graph sandbox.");
    }

    public static GraphError methodNotAllowed() {
        return new GraphError(
                405, "Request_BadRequest", "Specified HTTP method is not allowed for the request target.");
    }

    public static GraphError invalidProperty(String property, String resource) {
        return requestBadRequest(
                "Invalid value specified for property '" + property + "' of resource '" + resource + "'.");
    }

    /** 429 as Graph's throttling documentation shows it, with Retry-After in seconds. */
    public static GraphError throttled(long retryAfterSeconds) {
        return new GraphError(429, "TooManyRequests", "Too many requests. Please retry again later.")
                .header("Retry-After", Long.toString(Math.max(1, retryAfterSeconds)));
    }
}
