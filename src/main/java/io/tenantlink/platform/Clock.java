package io.tenantlink.platform;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Time as the portal records it: UTC, to the microsecond both databases keep. */
public final class Clock {
    private Clock() {}

    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
