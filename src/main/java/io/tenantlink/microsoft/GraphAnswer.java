package io.tenantlink.microsoft;

import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * Graph's answer to one {@link GraphRequest}, sent alone or inside a JSON batch: the HTTP status, the answer read as
 * the request's type, Graph's error when it refused, its Retry-After, and how many times the request was sent (a
 * request throttled inside a batch is sent again). Status 0: no answer (the batch's answer did not include this
 * request).
 *
 * <p>The content is read into the SDK's model and then the record only when {@link #value()} is first asked for:
 * reading costs more CPU than sending (the SDK parses each answer's JSON again), and a job's writes only look at the
 * status of most of theirs.
 */
public final class GraphAnswer<T> {

    /** Graph's error code and message (e.g. {@code Request_ResourceNotFound}); never a secret. */
    public record GraphError(String code, String message) {
        @Override
        public String toString() {
            return code + ": " + message;
        }
    }

    private final int status;
    private final GraphError error;
    private final OptionalLong retryAfterSeconds;
    private final int attempts;
    private Supplier<T> reader;
    private T value;
    private boolean unreadable;

    GraphAnswer(int status, Supplier<T> reader, GraphError error, OptionalLong retryAfterSeconds, int attempts) {
        this.status = status;
        this.reader = reader;
        this.error = error;
        this.retryAfterSeconds = retryAfterSeconds == null ? OptionalLong.empty() : retryAfterSeconds;
        this.attempts = attempts;
    }

    /** A successful answer (tests and fakes). */
    public static <T> GraphAnswer<T> of(int status, T value) {
        return new GraphAnswer<>(status, () -> value, null, OptionalLong.empty(), 1);
    }

    /** A refusal (tests and fakes). */
    public static <T> GraphAnswer<T> refused(int status, String code, String message, OptionalLong retryAfterSeconds) {
        return new GraphAnswer<>(status, null, new GraphError(code, message), retryAfterSeconds, 1);
    }

    /** No answer to this request. */
    public static <T> GraphAnswer<T> unanswered(int attempts) {
        return new GraphAnswer<>(0, null, null, OptionalLong.empty(), attempts);
    }

    public int status() {
        return status;
    }

    /**
     * The answer read as the request's type: null unless Graph carried the request out, for requests without content
     * (PATCH, DELETE), and when the content was not what Graph documents ({@link #unreadable()}).
     */
    public synchronized T value() {
        if (reader != null) {
            try {
                value = reader.get();
            } catch (RuntimeException notGraphs) {
                unreadable = true;
            }
            reader = null;
        }
        return value;
    }

    /** Graph said 2xx but its content could not be read as the request's type. */
    public synchronized boolean unreadable() {
        value();
        return unreadable;
    }

    /** Graph's error when it refused (status 4xx/5xx), else null. */
    public GraphError error() {
        return error;
    }

    public OptionalLong retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public int attempts() {
        return attempts;
    }

    /** Graph carried the request out (2xx). */
    public boolean ok() {
        return status >= 200 && status < 300 && error == null;
    }

    /** Graph's error as text ({@code code: message}), or empty. */
    public String errorText() {
        return error == null ? "" : error.toString();
    }

    @Override
    public String toString() {
        return "GraphAnswer[status=" + status + (error == null ? "" : ", error=" + error)
                + (retryAfterSeconds.isPresent() ? ", retryAfter=" + retryAfterSeconds.getAsLong() : "")
                + ", attempts=" + attempts + "]";
    }
}
