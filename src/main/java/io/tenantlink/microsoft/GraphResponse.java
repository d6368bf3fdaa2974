package io.tenantlink.microsoft;

import java.util.Map;
import java.util.Optional;

/** One answer from Microsoft Graph, read in full: status, headers (lower-case names) and body text. */
public record GraphResponse(int status, Map<String, String> headers, String body) {

    public boolean ok() {
        return status >= 200 && status < 300;
    }

    public boolean throttled() {
        return status == 429;
    }

    /** Graph's Retry-After in seconds, when it gave one. */
    public Optional<Long> retryAfterSeconds() {
        String value = headers.get("retry-after");
        try {
            return value == null ? Optional.empty() : Optional.of(Math.max(0, Long.parseLong(value.trim())));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
