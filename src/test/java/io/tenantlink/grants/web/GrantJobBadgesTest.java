package io.tenantlink.grants.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tenantlink.grants.GrantJobStatus;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A grant job's status as a badge: waiting warns, running informs, the ends say how they ended. */
class GrantJobBadgesTest {

    @Test
    void everyStatusHasItsBadge() {
        Map<GrantJobStatus, String> expected = Map.of(
                GrantJobStatus.QUEUED, "warning",
                GrantJobStatus.RUNNING, "info",
                GrantJobStatus.DONE, "success",
                GrantJobStatus.FAILED, "failure",
                GrantJobStatus.CANCELLED, "neutral");
        for (GrantJobStatus status : GrantJobStatus.values()) {
            assertEquals(expected.get(status), GrantJobController.statusStyle(status), status.name());
        }
    }
}
