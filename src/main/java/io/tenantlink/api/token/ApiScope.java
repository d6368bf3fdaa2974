package io.tenantlink.api.token;

import java.util.Arrays;
import java.util.Optional;

/** What an API token may do; written as {@code incidents:read} and so on. */
public enum ApiScope {
    INCIDENTS_READ("incidents:read"),
    INCIDENTS_WRITE("incidents:write"),
    PEOPLE_READ("people:read"),
    PEOPLE_WRITE("people:write");

    private final String wire;

    ApiScope(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<ApiScope> ofWire(String text) {
        return Arrays.stream(values()).filter(s -> s.wire.equals(text)).findFirst();
    }
}
