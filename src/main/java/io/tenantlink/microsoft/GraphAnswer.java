package io.tenantlink.microsoft;

import java.util.OptionalLong;

/**
 * Graph's answer to one {@link GraphRequest}, sent alone or inside a JSON batch: the HTTP status, the answer read as
 * the request's type (null unless 2xx, and for requests without content), Graph's error when it refused, its
 * Retry-After, and how many times the request was sent (a request throttled inside a batch is sent again).
 * Status 0: no answer (the batch's answer did not include this request).
 */
public record GraphAnswer<T>(int status, T value, GraphError error, OptionalLong retryAfterSeconds, int attempts) {

    /** Graph's error code and message (e.g. {@code Request_ResourceNotFound}); never a secret. */
    public record GraphError(String code, String message) {
        @Override
        public String toString() {
            return code + ": " + message;
        }
    }

    public GraphAnswer {
        retryAfterSeconds = retryAfterSeconds == null ? OptionalLong.empty() : retryAfterSeconds;
    }

    /** Graph carried the request out (2xx) and its answer was readable. */
    public boolean ok() {
        return status >= 200 && status < 300 && error == null;
    }

    /** A successful answer (tests and fakes). */
    public static <T> GraphAnswer<T> of(int status, T value) {
        return new GraphAnswer<>(status, value, null, OptionalLong.empty(), 1);
    }

    /** A refusal (tests and fakes). */
    public static <T> GraphAnswer<T> refused(int status, String code, String message, OptionalLong retryAfterSeconds) {
        return new GraphAnswer<>(status, null, new GraphError(code, message), retryAfterSeconds, 1);
    }

    /** No answer to this request. */
    public static <T> GraphAnswer<T> unanswered(int attempts) {
        return new GraphAnswer<>(0, null, null, OptionalLong.empty(), attempts);
    }

    /** Graph's error as text ({@code code: message}), or empty. */
    public String errorText() {
        return error == null ? "" : error.toString();
    }
}
